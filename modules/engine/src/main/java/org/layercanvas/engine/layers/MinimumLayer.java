package org.layercanvas.engine.layers;

/** The element-wise minimum of its inputs; the gradient flows to the input that holds it (the first one on ties). */
public final class MinimumLayer extends Extremum {
    @Override
    public String name() {
        return "Minimum";
    }

    @Override
    String verb() {
        return "takes the minimum of";
    }

    @Override
    public String description() {
        return "Takes the minimum of its inputs element by element; they must have the same shape.";
    }

    @Override
    boolean maximum() {
        return false;
    }
}
