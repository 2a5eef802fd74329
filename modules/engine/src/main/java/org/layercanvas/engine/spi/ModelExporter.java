package org.layercanvas.engine.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.layercanvas.engine.data.WeightTensor;
import org.layercanvas.engine.graph.Network;

/**
 * Writes a network with its trained weights in another tool's model format ({@link #format()}, e.g.
 * "onnx"), for inference elsewhere. Registered in
 * {@code META-INF/services/org.layercanvas.engine.spi.ModelExporter}. Speaks data only: a network,
 * its weights named {@code <nodeId>/<param>} as in the safetensors file, and a stream.
 */
public interface ModelExporter {
    /** Short lower-case name the command line takes, e.g. "onnx". */
    String format();

    /** One line saying what the format is and what reads it. */
    String description();

    /** The usual file extension with its dot, e.g. ".onnx". */
    String extension();

    /**
     * Writes {@code network} with {@code weights} (every parameter of the network, names and shapes as
     * {@code Plan.weights()} gives them) to {@code out}; the stream is left open. Layers come from
     * {@code registry}.
     *
     * @throws IllegalArgumentException the network is invalid, a weight is missing or mis-shaped, or a
     *                                  node cannot be expressed in the format (the message names the node)
     * @throws IOException              writing failed
     */
    void export(Network network, List<WeightTensor> weights, LayerRegistry registry, OutputStream out) throws IOException;

    /** Every exporter registered on the given class loader. */
    static List<ModelExporter> load(ClassLoader loader) {
        List<ModelExporter> found = new ArrayList<>();
        ServiceLoader.load(ModelExporter.class, loader).forEach(found::add);
        return found;
    }

    /** The exporter for {@code format} among those registered with the engine's class loader. */
    static Optional<ModelExporter> find(String format) {
        return load(ModelExporter.class.getClassLoader()).stream().filter(e -> e.format().equalsIgnoreCase(format)).findFirst();
    }
}
