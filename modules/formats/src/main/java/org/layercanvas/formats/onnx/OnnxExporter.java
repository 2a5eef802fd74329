package org.layercanvas.formats.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.formats.ExportInputs;
import org.layercanvas.formats.spi.onnx.Onnx.AttributeProto;
import org.layercanvas.formats.spi.onnx.Onnx.ModelProto;
import org.layercanvas.formats.spi.onnx.Onnx.OperatorSetIdProto;
import org.layercanvas.formats.spi.AdapterRegistry;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;

/**
 * Exports a network with its trained weights as an ONNX model (IR version {@value #IR_VERSION},
 * default-domain opset {@value #OPSET}) for inference in ONNX Runtime and other tools. Every Input
 * becomes a graph input and every node without consumers a graph output, named by node id, float32,
 * with a dynamic batch dimension {@value OnnxGraph#BATCH} in front of the sample shape. Weights become
 * initializers. What each layer type becomes is its {@link OnnxAdapter}'s business (the built-in ones
 * are in {@code org.layercanvas.formats.adapters}); a layer type without one is refused by name.
 */
public final class OnnxExporter implements ModelExporter {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;

    private final AdapterRegistry<OnnxAdapter> adapters;

    /** The exporter of the layer types whose adapters are registered as services ({@link AdapterRegistry#standard}). */
    public OnnxExporter() {
        this(AdapterRegistry.standard(OnnxAdapter.class));
    }

    public OnnxExporter(AdapterRegistry<OnnxAdapter> adapters) {
        this.adapters = adapters;
    }

    /** The layer types this exporter can express: those with an {@link OnnxAdapter}. */
    public Set<String> layerTypes() {
        return adapters.layerTypes();
    }

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public String description() {
        return "ONNX model (IR " + IR_VERSION + ", opset " + OPSET + ") for ONNX Runtime, PyTorch, TensorRT and other ONNX tools";
    }

    @Override
    public String extension() {
        return ".onnx";
    }

    @Override
    public void export(Network network, List<WeightTensor> weights, LayerRegistry registry, Path target) throws IOException {
        byte[] bytes = toBytes(network, weights, registry);
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(target, bytes);
    }

    /** The serialized model. */
    public byte[] toBytes(Network network, List<WeightTensor> weights, LayerRegistry registry) {
        return toModel(network, weights, registry).toByteArray();
    }

    /**
     * The model as a protobuf message.
     *
     * @throws IllegalArgumentException see {@link ModelExporter#export}
     */
    public ModelProto toModel(Network network, List<WeightTensor> weights, LayerRegistry registry) {
        Validation v = ExportInputs.validate(network, registry);
        for (String id : v.order()) {
            LayerConfig c = v.configs().get(id);
            adapterFor(c).checkExport(c);
        }
        Map<String, WeightTensor> byName = ExportInputs.checkWeights(network.name(), v, weights);
        OnnxGraph g = new OnnxGraph(network.name(), "LayerCanvas network '" + network.name() + "'");
        Lowering lowering = new Lowering(g, v, byName);
        for (String id : v.order()) {
            List<String> inputs = network.inputsOf(id).stream().map(Edge::from).toList();
            LayerConfig c = v.configs().get(id);
            adapterFor(c).export(c, inputs, lowering);
        }
        for (String id : v.order()) {
            if (network.outputsOf(id).isEmpty()) {
                g.output(id, v.shapes().get(id));
            }
        }
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("LayerCanvas").setProducerVersion(producerVersion())
                .setDocString("Exported by LayerCanvas from network '" + network.name() + "'")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g.build()).build();
    }

    private OnnxAdapter adapterFor(LayerConfig c) {
        return adapters.forLayer(c.typeName())
                .orElseThrow(() -> new IllegalArgumentException("cannot export " + c.describe() + " to ONNX: " + why(c.typeName())));
    }

    private static String why(String type) {
        return switch (type) {
            case "Sampling" -> "it draws random numbers (the VAE's reparameterisation), which an inference model cannot reproduce";
            case "LDA", "QDA" -> "closed-form classifiers are not exported yet";
            default -> "the ONNX exporter does not know this layer type";
        };
    }

    private static String producerVersion() {
        String v = OnnxExporter.class.getPackage().getImplementationVersion();
        return v == null ? "1.0" : v;
    }

    /** Turns one node at a time into ONNX nodes through its adapter; the final output is named by the node's id. */
    private static final class Lowering implements OnnxExport {
        private final OnnxGraph g;
        private final Validation v;
        private final Map<String, WeightTensor> weights;

        Lowering(OnnxGraph g, Validation v, Map<String, WeightTensor> weights) {
            this.g = g;
            this.v = v;
            this.weights = weights;
        }

        @Override
        public Shape shape(String nodeId) {
            return v.shapes().get(nodeId);
        }

        @Override
        public WeightTensor weight(String nodeId, String param) {
            return weights.get(nodeId + "/" + param);
        }

        @Override
        public String initializer(String nodeId, String param) {
            WeightTensor w = weight(nodeId, param);
            return g.floats(w.name(), w.shape(), w.values());
        }

        @Override
        public String floats(String name, long[] dims, float[] values) {
            return g.floats(name, dims, values);
        }

        @Override
        public String longs(String name, long... values) {
            return g.longs(name, values);
        }

        @Override
        public String scalar(float value) {
            return g.scalar(value);
        }

        @Override
        public void input(String name, Shape shape) {
            g.input(name, shape);
        }

        @Override
        public void node(String opType, String name, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
            g.node(opType, name, inputs, outputs, attributes);
        }

        @Override
        public void node(String opType, String name, List<String> inputs, String output, AttributeProto... attributes) {
            g.node(opType, name, inputs, output, attributes);
        }
    }
}
