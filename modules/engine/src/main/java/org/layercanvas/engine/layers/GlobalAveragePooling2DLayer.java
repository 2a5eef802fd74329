package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Window2D;

/** The mean of each channel: what a convolutional classifier puts before its last Dense instead of Flatten. */
public final class GlobalAveragePooling2DLayer extends GlobalPooling {
    @Override
    public String name() {
        return "GlobalAveragePooling2D";
    }

    @Override
    public String description() {
        return "Averages each channel over the whole image: [channels, height, width] → [channels].";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        Window2D g = window(inputs.get(0));
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
