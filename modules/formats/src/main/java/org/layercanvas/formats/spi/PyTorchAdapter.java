package org.layercanvas.formats.spi;

import java.util.List;
import org.layercanvas.engine.spi.LayerConfig;

/**
 * A layer type in the PyTorch export: the module attribute, the lines of {@code forward} and the
 * state-dict entries it becomes. Register implementations in
 * {@code META-INF/services/org.layercanvas.formats.spi.PyTorchAdapter}.
 */
public interface PyTorchAdapter extends FormatAdapter {
    /**
     * Writes node {@code config}: its module in {@code __init__} (if it needs one), the lines of
     * {@code forward} that assign its output to {@link PyTorchModule#variable} of its id, and its
     * parameters under PyTorch's state-dict names.
     *
     * @param inputs the ids of the nodes feeding it, by port
     */
    void export(LayerConfig config, List<String> inputs, PyTorchModule torch);
}
