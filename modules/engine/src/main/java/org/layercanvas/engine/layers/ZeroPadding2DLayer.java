package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;

/** Zeros around each channel of an image: rows at the top and bottom, columns at the left and right. */
public final class ZeroPadding2DLayer extends Margins {
    @Override
    public String name() {
        return "ZeroPadding2D";
    }

    @Override
    public String description() {
        return "Adds rows and columns of zeros around a [channels, height, width] image.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.sides("padding", 1, "Zeros added: one number for every side, [rows, columns] or [top, bottom, left, right]."));
    }

    private static Frame frame(LayerConfig config, Shape in) {
        return Frame.of(in.dim(0), in.dim(1), in.dim(2), config.getSides("padding"));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = image(config, inputs);
        Frame f = frame(config, in);
        long height = (long) in.dim(1) + f.top() + f.bottom(), width = (long) in.dim(2) + f.left() + f.right();
        if (height * width > Integer.MAX_VALUE) {
            throw new ShapeException(config.describe() + ": padding " + config.get("padding") + " makes a " + height + "×" + width + " image, too large");
        }
        return Shape.of(in.dim(0), (int) height, (int) width);
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return frame(config, inputs.get(0)).op(true);
    }
}
