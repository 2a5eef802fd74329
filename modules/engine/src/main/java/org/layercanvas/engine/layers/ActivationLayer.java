package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/** A standalone activation; softmax normalises over the last axis. */
public final class ActivationLayer implements LayerType {
    @Override
    public String name() {
        return "Activation";
    }

    @Override
    public String category() {
        return "Activation";
    }

    @Override
    public String description() {
        return "Applies an activation function: step, sign, sigmoid, tanh, relu, leaky_relu, elu, abs, softplus, softmax or linear.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.choice("activation", null, Activation.keys(), "The function to apply."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return output.size();
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        ActivationFunction f = new ActivationFunction(config.getString("activation"));
        // softmax runs over the last axis; element-wise functions don't care how rows are cut
        int cols = output.dim(output.rank() - 1);
        int rowsPerSample = output.size() / cols;
        return new LayerOp() {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                f.forward(b, io.input(0), io.output(), batch * rowsPerSample, cols);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (io.inputGrad(0) != null) {
                    f.backward(b, io.input(0), io.output(), io.outputGrad(), io.inputGrad(0), batch * rowsPerSample, cols);
                }
            }
        };
    }
}
