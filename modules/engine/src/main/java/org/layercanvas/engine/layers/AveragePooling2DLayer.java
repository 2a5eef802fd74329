package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

/** Replaces each window by its mean (LeNet-5's subsampling). */
public final class AveragePooling2DLayer extends Pooling {
    @Override
    public String name() {
        return "AveragePooling2D";
    }

    @Override
    public String description() {
        return "Downsamples each channel by averaging every pool_size window.";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return average(window(config, inputs.get(0)));
    }
}
