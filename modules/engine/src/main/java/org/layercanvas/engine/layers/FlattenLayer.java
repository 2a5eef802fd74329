package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/** Flattens each sample to one dimension, e.g. [6,28,28] to [4704]. */
public final class FlattenLayer implements LayerType {
    @Override
    public String name() {
        return "Flatten";
    }

    @Override
    public String category() {
        return "Reshape";
    }

    @Override
    public String description() {
        return "Flattens each sample to one dimension, e.g. [6,28,28] to [4704], so a Dense layer can follow.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) {
        return Shape.of(inputs.get(0).size());
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new IdentityOp(output.size());
    }
}
