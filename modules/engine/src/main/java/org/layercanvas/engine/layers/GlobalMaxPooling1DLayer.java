package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

/** The largest value of each feature over all steps: what a 1-D convolutional classifier puts before its last Dense. */
public final class GlobalMaxPooling1DLayer extends GlobalPooling1D {
    @Override
    public String name() {
        return "GlobalMaxPooling1D";
    }

    @Override
    public String description() {
        return "The largest value of each feature over all steps: [steps, features] → [features].";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return Pooling.max(window(inputs.get(0)), output);
    }
}
