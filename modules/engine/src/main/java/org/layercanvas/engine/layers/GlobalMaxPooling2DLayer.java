package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

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
        return Pooling.max(window(inputs.get(0)), output);
    }
}
