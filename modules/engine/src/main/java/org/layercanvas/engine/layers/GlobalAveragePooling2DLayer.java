package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

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
        return Pooling.average(window(inputs.get(0)));
    }
}
