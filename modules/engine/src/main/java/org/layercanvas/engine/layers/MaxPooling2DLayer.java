package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

/** Keeps the largest value of each window; the gradient flows back to that value only. */
public final class MaxPooling2DLayer extends Pooling {
    @Override
    public String name() {
        return "MaxPooling2D";
    }

    @Override
    public String description() {
        return "Downsamples each channel by keeping the maximum of every pool_size window.";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return max(window(config, inputs.get(0)), output);
    }
}
