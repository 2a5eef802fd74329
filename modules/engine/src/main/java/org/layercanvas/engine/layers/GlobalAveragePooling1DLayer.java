package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

/** The mean of each feature over all steps: what a 1-D convolutional classifier puts before its last Dense. */
public final class GlobalAveragePooling1DLayer extends GlobalPooling1D {
    @Override
    public String name() {
        return "GlobalAveragePooling1D";
    }

    @Override
    public String description() {
        return "The mean of each feature over all steps: [steps, features] → [features].";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return Pooling.average(window(inputs.get(0)));
    }
}
