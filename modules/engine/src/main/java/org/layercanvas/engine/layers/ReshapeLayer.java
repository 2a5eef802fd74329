package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;

/** Gives each sample a new shape with the same number of elements. */
public final class ReshapeLayer implements LayerType {
    @Override
    public String name() {
        return "Reshape";
    }

    @Override
    public String category() {
        return "Reshape";
    }

    @Override
    public String description() {
        return "Gives each sample a new shape with the same number of elements, e.g. [784] to [1,28,28].";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.shape("target_shape", "The new shape of one sample."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape target = config.getShape("target_shape");
        Shape in = inputs.get(0);
        if (target.size() != in.size()) {
            throw new ShapeException(config.describe() + " cannot reshape the " + in + " output of " + config.input(0) + " ("
                    + in.size() + " values) to " + target + " (" + target.size() + " values)");
        }
        return target;
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new IdentityOp(output.size());
    }
}
