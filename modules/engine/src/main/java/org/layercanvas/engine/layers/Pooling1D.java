package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Window2D;

/**
 * What MaxPooling1D and AveragePooling1D share: a pool_size × 1 window down the steps of a sequence [steps, features]
 * held as the one-channel image [1, steps, features], so each feature is pooled on its own and the result
 * [1, steps', features] is already the sequence [steps', features]. They run as the 2-D pooling ops.
 */
public abstract class Pooling1D implements LayerType {
    Pooling1D() {
    }

    @Override
    public String category() {
        return "Pooling";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.intParam("pool_size", 2, 1, "Steps in each window."),
                ParamSpec.intParam("strides", 0, 0, "Steps between windows; 0 means pool_size."),
                ParamSpec.choice("padding", "valid", List.of("valid", "same"), "\"valid\" or \"same\" (steps' = ceil(steps / strides); padding is ignored)."));
    }

    /** The window over [1, steps, features] (the exporters use it too). */
    public static Window2D window(LayerConfig config, Shape in) {
        int k = config.getInt("pool_size"), s = config.getInt("strides");
        return Window2D.of(1, in.dim(0), in.dim(1), k, 1, s == 0 ? k : s, 1, 1, 1, config.getString("padding"));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 2) {
            throw new ShapeException(config.describe() + " expects a sequence [steps, features] but " + config.input(0) + " gives " + in);
        }
        Window2D g = window(config, in);
        if (g.outH() < 1) {
            throw new ShapeException(config.describe() + ": a window of " + g.kh() + " steps does not fit the " + in + " output of " + config.input(0));
        }
        return Shape.of(g.outH(), in.dim(1));
    }
}
