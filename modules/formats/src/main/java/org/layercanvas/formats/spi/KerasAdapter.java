package org.layercanvas.formats.spi;

import java.util.List;
import org.layercanvas.engine.spi.LayerConfig;

/**
 * A layer type in the Keras export: the lines of {@code build_model()} that make it with Keras's
 * functional API and the conversion of its weights from the PyTorch export's tensors. Register
 * implementations in {@code META-INF/services/org.layercanvas.formats.spi.KerasAdapter}; the Keras
 * export also needs the layer's {@link PyTorchAdapter}, since it loads the PyTorch export's weights.
 */
public interface KerasAdapter extends FormatAdapter {
    /**
     * Writes node {@code config}: the lines that assign its output to {@link KerasScript#variable}
     * of its id, and its Keras weights ({@link KerasScript#weights}).
     *
     * @param inputs the ids of the nodes feeding it, by port
     */
    void export(LayerConfig config, List<String> inputs, KerasScript keras);
}
