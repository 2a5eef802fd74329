package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;

/** Cuts rows off the top and bottom and columns off the left and right of each channel of an image. */
public final class Cropping2DLayer extends Margins {
    @Override
    public String name() {
        return "Cropping2D";
    }

    @Override
    public String description() {
        return "Removes rows and columns at the borders of a [channels, height, width] image.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.sides("cropping", 1, "Pixels removed: one number for every side, [rows, columns] or [top, bottom, left, right]."));
    }

    /** The kept image inside the input. */
    private static Frame frame(LayerConfig config, Shape in) {
        int[] s = config.getSides("cropping");
        return Frame.of(in.dim(0), in.dim(1) - s[0] - s[1], in.dim(2) - s[2] - s[3], s);
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = image(config, inputs);
        Frame f = frame(config, in);
        if (f.height() < 1 || f.width() < 1) {
            throw new ShapeException(config.describe() + ": cropping " + config.get("cropping") + " leaves nothing of the " + in + " output of " + config.input(0));
        }
        return Shape.of(in.dim(0), f.height(), f.width());
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return frame(config, inputs.get(0)).op(false);
    }
}
