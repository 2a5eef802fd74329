package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Window2D;

/**
 * What GlobalMaxPooling2D and GlobalAveragePooling2D share: one window as large as the image, so each channel becomes one
 * value, [C, H, W] → [C] (Keras's keepdims false). They run as the pooling ops with that window, on every backend.
 */
abstract class GlobalPooling implements LayerType {
    @Override
    public String category() {
        return "Pooling";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    /** The whole image as one window: [C, 1, 1] out, which in memory is [C]. */
    static Window2D window(Shape in) {
        return Window2D.of(in.dim(0), in.dim(1), in.dim(2), in.dim(1), in.dim(2), 1, "valid");
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 3) {
            throw new ShapeException(config.describe() + " expects a [channels, height, width] input but " + config.input(0) + " gives " + in);
        }
        return Shape.of(in.dim(0));
    }
}
