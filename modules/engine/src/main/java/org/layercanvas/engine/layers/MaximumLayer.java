package org.layercanvas.engine.layers;

/** The element-wise maximum of its inputs; the gradient flows to the input that holds it (the first one on ties). */
public final class MaximumLayer extends Extremum {
    @Override
    public String name() {
        return "Maximum";
    }

    @Override
    String verb() {
        return "takes the maximum of";
    }

    @Override
    public String description() {
        return "Takes the maximum of its inputs element by element; they must have the same shape.";
    }

    @Override
    boolean maximum() {
        return true;
    }
}
