package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Window2D;

/**
 * What GlobalMaxPooling1D and GlobalAveragePooling1D share: one window over all steps of a sequence [steps, features]
 * (the image [1, steps, features]), so each feature becomes one value: [features].
 */
abstract class GlobalPooling1D implements LayerType {
    @Override
    public String category() {
        return "Pooling";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    static Window2D window(Shape in) {
        return Window2D.of(1, in.dim(0), in.dim(1), in.dim(0), 1, 1, "valid");
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 2) {
            throw new ShapeException(config.describe() + " expects a sequence [steps, features] but " + config.input(0) + " gives " + in);
        }
        return Shape.of(in.dim(1));
    }
}
