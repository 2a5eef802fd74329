package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;

/** Element-wise sum of inputs of one shape (residual connections); each input gets the whole gradient. */
public final class AddLayer implements LayerType {
    static final int MAX_INPUTS = 8;

    @Override
    public String name() {
        return "Add";
    }

    @Override
    public String category() {
        return "Merge";
    }

    @Override
    public String description() {
        return "Adds its inputs element by element; they must have the same shape.";
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
                throw new ShapeException(config.describe() + " adds inputs of one shape but " + config.input(0) + " gives " + inputs.get(0)
                        + " and " + config.input(i) + " gives " + inputs.get(i));
            }
        }
        return inputs.get(0);
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return (long) (inputs.size() - 1) * output.size();
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int size = output.size(), count = inputs.size();
        return new LayerOp() {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.copy(io.input(0), io.output(), batch * size);
                for (int i = 1; i < count; i++) {
                    b.add(io.output(), io.input(i), io.output(), batch * size);
                }
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                for (int i = 0; i < count; i++) {
                    if (io.inputGrad(i) != null) {
                        b.copy(io.outputGrad(), io.inputGrad(i), batch * size);
                    }
                }
            }
        };
    }
}
