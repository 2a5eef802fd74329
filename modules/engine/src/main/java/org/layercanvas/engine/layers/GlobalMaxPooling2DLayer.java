package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/** The largest value of each channel; the gradient flows back to that value only (the first, where several tie). */
public final class GlobalMaxPooling2DLayer extends GlobalPooling {
    @Override
    public String name() {
        return "GlobalMaxPooling2D";
    }

    @Override
    public String description() {
        return "Keeps the maximum of each channel over the whole image: [channels, height, width] → [channels].";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        Window2D g = window(inputs.get(0));
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
