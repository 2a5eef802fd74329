package org.layercanvas.formats.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelImporter;
import org.layercanvas.formats.spi.onnx.Onnx.ModelProto;
import org.layercanvas.formats.spi.onnx.Onnx.OperatorSetIdProto;
import org.layercanvas.formats.spi.AdapterRegistry;
import org.layercanvas.formats.spi.OnnxAdapter;

/**
 * Reads an ONNX model (float32, default domain) as one LayerCanvas network named "main" with its
 * weights, mapping ONNX operators to the layer catalogue (docs/onnx-export.md, "Import"): Gemm and
 * MatMul(+Add) become Dense, Conv Conv2D, the pools the pooling layers, element-wise activations
 * Activation (or the activation of the Dense / Conv2D before them), and so on, including every
 * pattern {@link OnnxExporter} writes, so that import, export and import again give the same network.
 * Each operator is imported by the {@link OnnxAdapter} that claims it (see {@link GraphConversion}).
 * Graph inputs become Input nodes (the first dimension is the batch), node ids are the ONNX tensor
 * names of each layer's output, and nodes are placed by {@link LayeredLayout}. Whatever cannot be
 * expressed is collected and refused at once: one message lists every unsupported operator by type and
 * node name, then every other problem.
 */
public final class OnnxImporter implements ModelImporter {
    /** The adapter that imports each operator. */
    private final Map<String, OnnxAdapter> byOperator = new HashMap<>();

    /** The importer of the operators that the adapters registered as services claim ({@link AdapterRegistry#standard}). */
    public OnnxImporter() {
        this(AdapterRegistry.standard(OnnxAdapter.class));
    }

    /** @throws IllegalStateException two adapters claim the same operator */
    public OnnxImporter(AdapterRegistry<OnnxAdapter> adapters) {
        for (OnnxAdapter a : adapters.all()) {
            for (String op : a.operators()) {
                OnnxAdapter previous = byOperator.putIfAbsent(op, a);
                if (previous != null || GraphConversion.OWN_OPERATORS.contains(op)) {
                    throw new IllegalStateException("two adapters import ONNX operator " + op + ": "
                            + (previous == null ? "the importer itself" : previous.getClass().getName()) + " and " + a.getClass().getName());
                }
            }
        }
    }

    /** The ONNX operators the importer maps (some only in the patterns the docs describe). */
    public Set<String> operators() {
        Set<String> all = new TreeSet<>(GraphConversion.OWN_OPERATORS);
        all.addAll(byOperator.keySet());
        return all;
    }

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public String description() {
        return "ONNX model (float32; Gemm/MatMul, Conv, pools, activations, BatchNormalization, LSTM/RNN, Add, Concat, …) from PyTorch, "
                + "Keras (tf2onnx) or LayerCanvas";
    }

    @Override
    public String extension() {
        return ".onnx";
    }

    @Override
    public Imported read(InputStream in, String source, LayerRegistry registry) throws IOException {
        return fromBytes(in.readAllBytes(), source, registry);
    }

    /**
     * @throws DataFormatException      the bytes are no ONNX model (not protobuf, truncated, no graph)
     * @throws IllegalArgumentException see {@link ModelImporter#read}
     */
    public Imported fromBytes(byte[] bytes, String source, LayerRegistry registry) throws DataFormatException {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new DataFormatException(source + ": not an ONNX model (" + (bytes.length == 0 ? "the file is empty" : "not readable as protobuf, or "
                    + "truncated: " + e.getMessage()) + ")", e);
        }
        if (!model.hasGraph() || model.getIrVersion() <= 0 || model.getGraph().getNodeCount() == 0 && model.getGraph().getInputCount() == 0) {
            throw new DataFormatException(source + ": not an ONNX model (" + (bytes.length == 0 ? "the file is empty"
                    : "no ir_version and graph, perhaps another kind of protobuf file") + ")");
        }
        return fromModel(model, source, registry);
    }

    /** @throws IllegalArgumentException see {@link ModelImporter#read} */
    public Imported fromModel(ModelProto model, String source, LayerRegistry registry) {
        long opset = 0;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = o.getVersion();
            }
        }
        return new GraphConversion(model.getGraph(), opset == 0 ? OnnxExporter.OPSET : opset, source, registry, byOperator).run();
    }

}
