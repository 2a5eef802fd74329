package org.layercanvas.engine.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Network;

/**
 * Reads a model written by another tool ({@link #format()}, e.g. "onnx") as a LayerCanvas network with
 * its weights, the counterpart of {@link ModelExporter}. Registered in
 * {@code META-INF/services/org.layercanvas.engine.spi.ModelImporter}. Speaks data only: a stream in,
 * a network and weights named {@code <nodeId>/<param>} (the safetensors names and layouts) out.
 */
public interface ModelImporter {
    /** Short lower-case name, e.g. "onnx". */
    String format();

    /** One line saying what the format is and what writes it. */
    String description();

    /** The usual file extension with its dot, e.g. ".onnx". */
    String extension();

    /**
     * Reads a whole model from {@code in} (left open). The network is valid for {@code registry}, its
     * nodes have canvas positions, and {@code weights} hold every parameter the network needs.
     *
     * @param source the file (or other origin) to name in messages
     * @throws DataFormatException the bytes are not a readable model of this format (the message names {@code source})
     * @throws IllegalArgumentException the model is readable but uses what LayerCanvas cannot express; the
     *                                  message lists every such part by name, and nothing is returned
     * @throws IOException reading failed
     */
    Imported read(InputStream in, String source, LayerRegistry registry) throws IOException;

    /** What {@link #read} found: one network and its weights. */
    record Imported(Network network, List<WeightTensor> weights) {
        public Imported {
            weights = List.copyOf(weights);
        }
    }

    /** Every importer registered on the given class loader. */
    static List<ModelImporter> load(ClassLoader loader) {
        List<ModelImporter> found = new ArrayList<>();
        ServiceLoader.load(ModelImporter.class, loader).forEach(found::add);
        return found;
    }

    /** The importer for {@code format} among those registered with the engine's class loader. */
    static Optional<ModelImporter> find(String format) {
        return load(Extensions.loader()).stream().filter(e -> e.format().equalsIgnoreCase(format)).findFirst();
    }
}
