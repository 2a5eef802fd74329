package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/** Keeps the largest value of each window; the gradient flows back to that value only. */
public final class MaxPooling2DLayer extends Pooling {
    @Override
    public String name() {
        return "MaxPooling2D";
    }

    @Override
    public String description() {
        return "Downsamples each channel by keeping the maximum of every pool_size×pool_size window.";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        Window2D g = window(config, inputs.get(0));
        return new LayerOp() {
            private Tensor argmax;

            @Override
            public void allocate(Backend b, int maxBatch) {
                argmax = b.allocate(maxBatch * output.size());
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.maxPool(io.input(0), io.output(), argmax, g, batch);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (io.inputGrad(0) != null) {
                    b.maxPoolBackward(io.outputGrad(), argmax, io.inputGrad(0), g, batch);
                }
            }
        };
    }
}
