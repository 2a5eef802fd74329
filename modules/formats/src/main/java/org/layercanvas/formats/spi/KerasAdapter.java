package org.layercanvas.formats.spi;

import java.util.List;
import org.layercanvas.engine.spi.LayerConfig;

/**
 * A layer type in the Keras exports (the Keras script and TensorFlow.js): the Keras layers that compute it and their
 * weights in Keras's layouts. Register implementations in {@code META-INF/services/org.layercanvas.formats.spi.KerasAdapter}.
 */
public interface KerasAdapter extends FormatAdapter {
    /**
     * Adds node {@code config}'s layers to the model, records its output ({@link KerasModel#output(String, String, boolean)})
     * and gives its weights ({@link KerasModel#weights}).
     *
     * @param inputs the ids of the nodes feeding it, by port
     */
    void export(LayerConfig config, List<String> inputs, KerasModel keras);
}
