package org.layercanvas.engine.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Network;

/**
 * Writes a network with its trained weights in another tool's model format ({@link #format()}, e.g.
 * "onnx" or "pytorch"), for inference elsewhere. Registered in
 * {@code META-INF/services/org.layercanvas.engine.spi.ModelExporter}. Speaks data only: a network,
 * its weights named {@code <nodeId>/<param>} as in the safetensors file, and a target path.
 *
 * <p>A format is written either as one file ({@link #writesFolder()} false, e.g. ONNX: the target is
 * that file) or as a folder of several files (true, e.g. PyTorch's {@code model.py} and
 * {@code weights.safetensors}: the target is the folder, created if needed, and {@link #fileNames()}
 * says which files it gets; other files in it are left alone).
 */
public interface ModelExporter {
    /** Short lower-case name the command line takes, e.g. "onnx". */
    String format();

    /** One line saying what the format is and what reads it. */
    String description();

    /** The usual file extension with its dot, e.g. ".onnx"; empty for a format written as a folder. */
    String extension();

    /** Whether the target is a folder that gets {@link #fileNames()} rather than one file. */
    default boolean writesFolder() {
        return false;
    }

    /** The names of the files a folder export writes into its target, e.g. model.py; empty for a one-file format. */
    default List<String> fileNames() {
        return List.of();
    }

    /**
     * Writes {@code network} with {@code weights} (every parameter of the network, names and shapes as
     * {@code Plan.weights()} gives them) to {@code target}: the file, or for a folder format the
     * folder. Layers come from {@code registry}. Never leaves half-written output: every file is
     * complete before it replaces the old one, and nothing is written when the export is refused.
     *
     * @throws IllegalArgumentException the network is invalid, a weight is missing or mis-shaped, or a
     *                                  node cannot be expressed in the format (the message names the node)
     * @throws IOException              writing failed
     */
    void export(Network network, List<WeightTensor> weights, LayerRegistry registry, Path target) throws IOException;

    /** Every exporter registered on the given class loader. */
    static List<ModelExporter> load(ClassLoader loader) {
        List<ModelExporter> found = new ArrayList<>();
        ServiceLoader.load(ModelExporter.class, loader).forEach(found::add);
        return found;
    }

    /** The exporter for {@code format} among those registered with the engine's class loader. */
    static Optional<ModelExporter> find(String format) {
        return load(Extensions.loader()).stream().filter(e -> e.format().equalsIgnoreCase(format)).findFirst();
    }
}
