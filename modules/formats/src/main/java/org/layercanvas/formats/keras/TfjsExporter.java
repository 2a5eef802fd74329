package org.layercanvas.formats.keras;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.python.FolderExporter;
import org.layercanvas.formats.python.PyTorchExporter;
import org.layercanvas.formats.spi.AdapterRegistry;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasWeight;

/**
 * Exports a network as a TensorFlow.js Layers model: {@value #MODEL}, whose {@code modelTopology} is the Keras model
 * configuration of the {@link KerasGraph} (what the Keras script builds) and whose {@code weightsManifest} lists the
 * weights, in Keras's layouts and names, stored one after the other as little-endian float32 in {@value #WEIGHTS}.
 * {@code tf.loadLayersModel} reads the folder in a browser or Node. Images enter and leave channels-first, as in
 * LayerCanvas and the Keras script.
 */
public final class TfjsExporter extends FolderExporter {
    public static final String MODEL = "model.json", WEIGHTS = "group1-shard1of1.bin";
    /** The activation names TensorFlow.js's layers know (tfjs-layers' activations.ts); Keras's others it refuses to load. */
    private static final Set<String> ACTIVATIONS = Set.of("elu", "hard_sigmoid", "linear", "relu", "relu6", "selu", "sigmoid", "softmax", "softplus",
            "softsign", "tanh", "swish", "mish", "gelu", "gelu_new");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final AdapterRegistry<KerasAdapter> adapters;

    /** The exporter of the layer types whose Keras adapters are registered as services ({@link AdapterRegistry#standard}). */
    public TfjsExporter() {
        this(AdapterRegistry.standard(KerasAdapter.class));
    }

    public TfjsExporter(AdapterRegistry<KerasAdapter> adapters) {
        this.adapters = adapters;
    }

    @Override
    public String format() {
        return "tfjs";
    }

    @Override
    public String description() {
        return "TensorFlow.js Layers model: " + MODEL + " (the Keras model configuration) and its weights, " + WEIGHTS;
    }

    /** The layer types it exports: those with a Keras adapter. */
    public Set<String> layerTypes() {
        return adapters.layerTypes();
    }

    @Override
    protected List<String> names() {
        return List.of(MODEL, WEIGHTS);
    }

    @Override
    public Map<String, byte[]> files(Network network, List<WeightTensor> weights, LayerRegistry registry) throws IOException {
        KerasGraph g;
        try {
            g = KerasGraph.of(network, weights, registry, adapters, PyTorchExporter::why);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace(" to Keras: ", " to TensorFlow.js: "), e);
        }
        for (KerasGraph.Layer l : g.layers()) {
            refuseWhatTfjsLacks(g, l);
        }
        List<Map<String, Object>> specs = new ArrayList<>();
        int floats = g.weights().values().stream().flatMap(List::stream).mapToInt(w -> w.values().length).sum();
        ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(floats, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        g.weights().forEach((layer, ws) -> {
            for (KerasWeight w : ws) {
                specs.add(Map.of("name", layer + "/" + w.name(), "shape", w.shape(), "dtype", "float32"));
                data.asFloatBuffer().put(w.values());
                data.position(data.position() + w.values().length * Float.BYTES);
            }
        });
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("format", "layers-model");
        model.put("generatedBy", "LayerCanvas");
        model.put("convertedBy", null);
        model.put("modelTopology", topology(g));
        model.put("weightsManifest", List.of(Map.of("paths", List.of(WEIGHTS), "weights", specs)));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MODEL, JSON.writeValueAsBytes(model));
        files.put(WEIGHTS, data.array());
        return files;
    }

    /** A configuration value as model.json holds it: functions by name, a wrapped layer as its class and configuration. */
    private static Object json(Object v) {
        if (v instanceof KerasGraph.Function f) {
            return f.name();
        }
        if (v instanceof org.layercanvas.formats.spi.KerasModel.Wrapped w) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("class_name", w.className());
            layer.put("config", config(null, w.config()));
            return layer;
        }
        return v;
    }

    /** A layer's configuration as model.json holds it: its name (where given apart from {@code settings}), trainable, dtype, the settings. */
    private static Map<String, Object> config(String name, Map<String, Object> settings) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (name != null) {
            config.put("name", name);
        }
        config.put("trainable", true);
        config.put("dtype", "float32");
        settings.forEach((k, x) -> config.put(k, json(x)));
        return config;
    }

    /** Keras's {@code model.to_json()}: a functional model whose layers name the layers whose outputs they take. */
    private static Map<String, Object> topology(KerasGraph g) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (KerasGraph.Layer l : g.layers()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("class_name", l.className());
            layer.put("config", config(l.name(), l.config()));
            layer.put("name", l.name());
            layer.put("inbound_nodes", l.inputs().isEmpty() ? List.of()
                    : List.of(l.inputs().stream().map(in -> List.of(in, 0, 0, Map.of())).toList()));
            layers.add(layer);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", g.network().name());
        config.put("layers", layers);
        config.put("input_layers", g.inputs().stream().map(in -> List.of(in, 0, 0)).toList());
        config.put("output_layers", g.outputs().stream().map(out -> List.of(out, 0, 0)).toList());
        Map<String, Object> topology = new LinkedHashMap<>();
        topology.put("class_name", "Model");
        topology.put("config", config);
        topology.put("keras_version", "tfjs-layers 4.22.0");
        topology.put("backend", "tensor_flow.js");
        return topology;
    }

    /**
     * Functions Keras lacks (defined by the Keras script), activations TensorFlow.js does not know, bilinear UpSampling2D, Subtract, GRU (reset_after) and a Conv2DTranspose
     * output_padding (TensorFlow.js has none: its "valid" output is input·strides + max(kernel − strides, 0)): refused, naming the node.
     */
    private static void refuseWhatTfjsLacks(KerasGraph g, KerasGraph.Layer l) {
        if (l.className().equals("UpSampling2D") && "bilinear".equals(l.config().get("interpolation"))) {
            throw new IllegalArgumentException("cannot export UpSampling2D '" + l.nodeId() + "' to TensorFlow.js: its bilinear upsampling interpolates from "
                    + "pixel corners, LayerCanvas's (as Keras's) between pixel centres");
        }
        if (l.className().equals("Conv2D") && l.config().get("groups") != null) {
            throw new IllegalArgumentException("cannot export Conv2D '" + l.nodeId() + "' to TensorFlow.js: TensorFlow.js's Conv2D has no groups "
                    + "(one filter block per channel, depthwise, exports as its DepthwiseConv2D)");
        }
        if (l.className().equals("Subtract")) {
            throw new IllegalArgumentException("cannot export Subtract '" + l.nodeId() + "' to TensorFlow.js: TensorFlow.js has no Subtract layer");
        }
        boolean wrapsGru = l.config().get("layer") instanceof org.layercanvas.formats.spi.KerasModel.Wrapped w && w.className().equals("GRU");
        if (l.className().equals("GRU") || wrapsGru) {
            throw new IllegalArgumentException("cannot export " + l.className() + " '" + l.nodeId() + "' to TensorFlow.js: TensorFlow.js's GRU has no reset_after (it applies "
                    + "the reset gate before the recurrent product, another GRU than LayerCanvas's, PyTorch's and Keras's default)");
        }
        if (l.className().equals("Conv2DTranspose") && l.config().get("output_padding") != null) {
            throw new IllegalArgumentException("cannot export Conv2DTranspose '" + l.nodeId() + "' to TensorFlow.js: its output size needs output_padding "
                    + l.config().get("output_padding") + ", which TensorFlow.js's Conv2DTranspose lacks");
        }
        List<Map.Entry<String, Object>> settings = new ArrayList<>(l.config().entrySet());
        if (l.config().get("layer") instanceof org.layercanvas.formats.spi.KerasModel.Wrapped w) { // Bidirectional's recurrent layer
            settings.addAll(w.config().entrySet());
        }
        for (Map.Entry<String, Object> e : settings) {
            String name = e.getValue() instanceof KerasGraph.Function f ? f.name()
                    : e.getKey().endsWith("activation") && e.getValue() instanceof String s && !ACTIVATIONS.contains(s) ? s : null;
            if (name != null) {
                String type = g.network().node(l.nodeId()).orElseThrow().type();
                throw new IllegalArgumentException("cannot export " + type + " '" + l.nodeId() + "' to TensorFlow.js: its " + e.getKey() + " '"
                        + name.replaceAll("_$", "") + "' is not one TensorFlow.js has (it has " + String.join(", ", new java.util.TreeSet<>(ACTIVATIONS)) + ")");
            }
        }
    }
}
