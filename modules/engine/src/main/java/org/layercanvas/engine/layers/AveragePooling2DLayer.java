package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Window2D;

/** Replaces each window by its mean (LeNet-5's subsampling). */
public final class AveragePooling2DLayer extends Pooling {
    @Override
    public String name() {
        return "AveragePooling2D";
    }

    @Override
    public String description() {
        return "Downsamples each channel by averaging every pool_size×pool_size window.";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        Window2D g = window(config, inputs.get(0));
        return new LayerOp() {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.avgPool(io.input(0), io.output(), g, batch);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (io.inputGrad(0) != null) {
                    b.avgPoolBackward(io.outputGrad(), io.inputGrad(0), g, batch);
                }
            }
        };
    }
}
