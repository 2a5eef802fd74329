package org.layercanvas.formats.spi;

import java.util.Set;

/**
 * What one layer type (or a family of layer types that share code) means in some format. Each kind
 * of adapter ({@link OnnxAdapter}, {@link PyTorchAdapter}, {@link KerasAdapter}) is a
 * {@code java.util.ServiceLoader} service, registered in {@code META-INF/services/<its interface's name>}
 * beside the layer type itself: a layer type without an adapter for a format is refused by that
 * format's exporter, naming the layer. One class may implement several kinds.
 */
public interface FormatAdapter {
    /** The names of the layer types this adapter speaks for ({@code LayerType.name()}). */
    Set<String> layerTypes();
}
