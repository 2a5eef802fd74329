package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;

/** What the element-wise merges (Add, Subtract, Multiply, Average, Maximum, Minimum) share: inputs of one shape, that shape out. */
abstract class ElementwiseMerge implements LayerType {
    static final int MAX_INPUTS = 8;

    /** "adds", "multiplies", …: what the layer does to its inputs, for messages. */
    abstract String verb();

    @Override
    public String category() {
        return "Merge";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return MAX_INPUTS;
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        for (int i = 1; i < inputs.size(); i++) {
            if (!inputs.get(i).equals(inputs.get(0))) {
                throw new ShapeException(config.describe() + " " + verb() + " inputs of one shape but " + config.input(0) + " gives " + inputs.get(0)
                        + " and " + config.input(i) + " gives " + inputs.get(i));
            }
        }
        return inputs.get(0);
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return (long) (inputs.size() - 1) * output.size();
    }
}
