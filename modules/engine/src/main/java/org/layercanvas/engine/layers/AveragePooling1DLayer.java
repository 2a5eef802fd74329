package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

/** Each feature of a sequence downsampled to the mean of every pool_size steps. */
public final class AveragePooling1DLayer extends Pooling1D {
    @Override
    public String name() {
        return "AveragePooling1D";
    }

    @Override
    public String description() {
        return "Downsamples a [steps, features] sequence: the mean of every pool_size steps, per feature.";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return Pooling.average(window(config, inputs.get(0)));
    }
}
