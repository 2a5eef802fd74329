package org.layercanvas.formats.onnx;

import static org.layercanvas.formats.onnx.OnnxGraph.attr;
import static org.layercanvas.formats.onnx.OnnxGraph.ints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.data.WeightTensor;
import org.layercanvas.engine.graph.Edge;
import org.layercanvas.engine.graph.Network;
import org.layercanvas.engine.graph.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.engine.spi.Window2D;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.formats.ExportInputs;
import org.layercanvas.formats.onnx.proto.Onnx.AttributeProto;
import org.layercanvas.formats.onnx.proto.Onnx.ModelProto;
import org.layercanvas.formats.onnx.proto.Onnx.OperatorSetIdProto;

/**
 * Exports a network with its trained weights as an ONNX model (IR version {@value #IR_VERSION},
 * default-domain opset {@value #OPSET}) for inference in ONNX Runtime and other tools. Every Input
 * becomes a graph input and every node without consumers a graph output, named by node id, float32,
 * with a dynamic batch dimension {@value OnnxGraph#BATCH} in front of the sample shape. Weights become
 * initializers; training-only layers (Dropout, GaussianNoise) become Identity, BatchNormalization
 * uses its running statistics, SimpleRNN and LSTM become ONNX's RNN and LSTM.
 */
public final class OnnxExporter implements ModelExporter {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;

    /** The layer types this exporter can express. */
    public static final Set<String> SUPPORTED = ExportInputs.EXPRESSIBLE;

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
            if (!SUPPORTED.contains(c.typeName())) {
                throw new IllegalArgumentException("cannot export " + c.describe() + " to ONNX: " + why(c.typeName()));
            }
            if (c.typeName().equals("SimpleRNN") || c.typeName().equals("LSTM")) {
                RnnActivations.of(c);
            }
        }
        Map<String, WeightTensor> byName = ExportInputs.checkWeights(network.name(), v, weights);
        OnnxGraph g = new OnnxGraph(network.name(), "LayerCanvas network '" + network.name() + "'");
        Lowering lowering = new Lowering(g, v, byName);
        for (String id : v.order()) {
            List<String> inputs = network.inputsOf(id).stream().map(Edge::from).toList();
            lowering.lower(v.configs().get(id), inputs);
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

    /**
     * The {@code activations} of ONNX's RNN (f) or LSTM (f, g, h: sigmoid for the gates, then the
     * layer's activation twice) with the alphas and betas they consume, in order.
     */
    private record RnnActivations(List<String> functions, List<Float> alphas, List<Float> betas) {
        static RnnActivations of(LayerConfig c) {
            String key = c.getString("activation"), op = c.typeName().equals("LSTM") ? "LSTM" : "RNN";
            List<String> keys = op.equals("LSTM") ? List.of("sigmoid", key, key) : List.of(key);
            List<String> functions = new ArrayList<>();
            List<Float> alphas = new ArrayList<>(), betas = new ArrayList<>();
            for (String k : keys) {
                Activation f = Activation.of(k);
                switch (f) {
                    case SIGMOID -> functions.add("Sigmoid");
                    case TANH -> functions.add("Tanh");
                    case RELU -> functions.add("Relu");
                    case SOFTPLUS -> functions.add("Softplus");
                    case LEAKY_RELU, ELU -> {
                        functions.add(f == Activation.ELU ? "Elu" : "LeakyRelu");
                        alphas.add((float) f.defaultAlpha());
                    }
                    case LINEAR -> {
                        functions.add("Affine");
                        alphas.add(1f);
                        betas.add(0f);
                    }
                    default -> throw new IllegalArgumentException("cannot export " + c.describe() + " to ONNX: ONNX's " + op
                            + " has no '" + k + "' activation (it has tanh, sigmoid, relu, leaky_relu, elu, softplus and linear)");
                }
            }
            return new RnnActivations(functions, alphas, betas);
        }
    }

    /** Turns one node at a time into ONNX nodes whose final output is named by the node's id. */
    private static final class Lowering {
        private final OnnxGraph g;
        private final Validation v;
        private final Map<String, WeightTensor> weights;

        Lowering(OnnxGraph g, Validation v, Map<String, WeightTensor> weights) {
            this.g = g;
            this.v = v;
            this.weights = weights;
        }

        private Shape shape(String id) {
            return v.shapes().get(id);
        }

        /** The initializer for parameter {@code param} of node {@code id}, as stored. */
        private String weight(String id, String param) {
            WeightTensor w = weights.get(id + "/" + param);
            return g.floats(w.name(), w.shape(), w.values());
        }

        void lower(LayerConfig c, List<String> in) {
            String id = c.nodeId();
            switch (c.typeName()) {
                case "Input" -> g.input(id, shape(id));
                case "Dense" -> {
                    List<String> args = new ArrayList<>(List.of(in.get(0), weight(id, "weight")));
                    if (c.getBoolean("use_bias")) {
                        args.add(weight(id, "bias"));
                    }
                    Activation f = Activation.of(c.getString("activation"));
                    String pre = f == Activation.LINEAR ? id : id + "/linear";
                    g.node("Gemm", id, args, pre, attr("transB", 1L));
                    activation(c, f, pre, id, false);
                }
                case "Conv2D" -> {
                    Shape inShape = shape(in.get(0));
                    Window2D w = Window2D.of(inShape.dim(0), inShape.dim(1), inShape.dim(2), c.getInt("kernel_size"), c.getInt("kernel_size"),
                            c.getInt("strides"), c.get("padding"));
                    int padBottom = Math.max(0, (w.outH() - 1) * w.stride() + w.kh() - w.height() - w.padTop());
                    int padRight = Math.max(0, (w.outW() - 1) * w.stride() + w.kw() - w.width() - w.padLeft());
                    List<String> args = new ArrayList<>(List.of(in.get(0), weight(id, "weight")));
                    if (c.getBoolean("use_bias")) {
                        args.add(weight(id, "bias"));
                    }
                    Activation f = Activation.of(c.getString("activation"));
                    String pre = f == Activation.LINEAR ? id : id + "/conv";
                    g.node("Conv", id, args, pre, ints("kernel_shape", w.kh(), w.kw()), ints("strides", w.stride(), w.stride()),
                            ints("pads", w.padTop(), w.padLeft(), padBottom, padRight), ints("dilations", 1, 1), attr("group", 1L));
                    // the layer's softmax normalizes each filter's whole map (H·W values), not one row
                    activation(c, f, pre, id, true);
                }
                case "MaxPooling2D", "AveragePooling2D" -> {
                    int k = c.getInt("pool_size"), s = c.getInt("strides") == 0 ? k : c.getInt("strides");
                    g.node(c.typeName().equals("MaxPooling2D") ? "MaxPool" : "AveragePool", id, List.of(in.get(0)), id,
                            ints("kernel_shape", k, k), ints("strides", s, s));
                }
                case "Activation" -> activation(c, Activation.of(c.getString("activation")), in.get(0), id, false);
                case "Dropout", "GaussianNoise" -> g.node("Identity", id, List.of(in.get(0)), id);
                case "Flatten" -> g.node("Flatten", id, List.of(in.get(0)), id, attr("axis", 1L));
                case "Reshape" -> g.node("Reshape", id, List.of(in.get(0), g.longs(id + "/shape", batchShape(shape(id)))), id);
                case "BatchNormalization" -> g.node("BatchNormalization", id,
                        List.of(in.get(0), weight(id, "weight"), weight(id, "bias"), weight(id, "running_mean"), weight(id, "running_var")), id,
                        attr("epsilon", (float) c.getDouble("epsilon")), attr("momentum", (float) c.getDouble("momentum")));
                case "Add" -> g.node(in.size() == 2 ? "Add" : "Sum", id, in, id);
                case "Concatenate" -> {
                    int axis = c.getInt("axis");
                    g.node("Concat", id, in, id, attr("axis", (long) (axis < 0 ? axis : axis + 1)));
                }
                case "SimpleRNN" -> recurrent(c, in.get(0), "RNN", new int[] {0});
                // ours: gates i, f, g, o; ONNX's: i, o, f, c (c = our g)
                case "LSTM" -> recurrent(c, in.get(0), "LSTM", new int[] {0, 3, 1, 2});
                default -> throw new IllegalStateException("no lowering for " + c.describe());
            }
        }

        /**
         * SimpleRNN / LSTM as ONNX's RNN / LSTM (forward, zero initial state), time-major as ORT
         * requires: x [N, T, F] is transposed to [T, N, F]; Y [T, 1, N, H] back to [N, T, H], or
         * Y_h [1, N, H] squeezed to [N, H]. Our weights (PyTorch's) are blocks of {@code units}
         * rows, one per gate; {@code gateOrder[k]} is our block that goes k-th in ONNX's order.
         */
        private void recurrent(LayerConfig c, String x, String op, int[] gateOrder) {
            String id = c.nodeId();
            int h = c.getInt("units");
            RnnActivations fs = RnnActivations.of(c);
            WeightTensor wih = weights.get(id + "/weight_ih"), whh = weights.get(id + "/weight_hh");
            WeightTensor bih = weights.get(id + "/bias_ih"), bhh = weights.get(id + "/bias_hh");
            int gates = gateOrder.length, features = wih.shape().dim(1);
            float[] bias = new float[2 * gates * h];
            System.arraycopy(reorder(bih.values(), gateOrder, h), 0, bias, 0, gates * h);
            System.arraycopy(reorder(bhh.values(), gateOrder, h), 0, bias, gates * h, gates * h);
            String w = g.floats(id + "/W", new long[] {1, (long) gates * h, features}, reorder(wih.values(), gateOrder, h * features));
            String r = g.floats(id + "/R", new long[] {1, (long) gates * h, h}, reorder(whh.values(), gateOrder, h * h));
            String b = g.floats(id + "/B", new long[] {1, 2L * gates * h}, bias);
            String perm = id + "/time_major";
            g.node("Transpose", perm, List.of(x), perm, ints("perm", 1, 0, 2));
            List<AttributeProto> attrs = new ArrayList<>(List.of(
                    attr("hidden_size", (long) h), attr("direction", "forward"), OnnxGraph.strings("activations", fs.functions())));
            if (!fs.alphas().isEmpty()) {
                attrs.add(OnnxGraph.floatList("activation_alpha", fs.alphas()));
            }
            if (!fs.betas().isEmpty()) {
                attrs.add(OnnxGraph.floatList("activation_beta", fs.betas()));
            }
            AttributeProto[] attributes = attrs.toArray(AttributeProto[]::new);
            if (c.getBoolean("return_sequences")) {
                g.node(op, id + "/" + op, List.of(perm, w, r, b), List.of(id + "/Y"), attributes);
                g.node("Squeeze", id + "/squeeze", List.of(id + "/Y", g.longs(id + "/axis1", 1)), id + "/Y_tnh");
                g.node("Transpose", id, List.of(id + "/Y_tnh"), id, ints("perm", 1, 0, 2));
            } else {
                g.node(op, id + "/" + op, List.of(perm, w, r, b), List.of("", id + "/Y_h"), attributes);
                g.node("Squeeze", id, List.of(id + "/Y_h", g.longs(id + "/axis0", 0)), id);
            }
        }

        /** The blocks of {@code block} values of {@code values} in the order {@code order}. */
        private static float[] reorder(float[] values, int[] order, int block) {
            float[] out = new float[values.length];
            for (int k = 0; k < order.length; k++) {
                System.arraycopy(values, order[k] * block, out, k * block, block);
            }
            return out;
        }

        /** [0 (the batch, copied), dims…] for Reshape. */
        private static long[] batchShape(Shape s) {
            long[] dims = new long[s.rank() + 1];
            for (int i = 0; i < s.rank(); i++) {
                dims[i + 1] = s.dim(i);
            }
            return dims;
        }

        /**
         * y = f(x) under node {@code c}'s name. Softmax normalizes the last axis, or with
         * {@code perChannel} each channel's whole [H, W] map (as Conv2D's activation does).
         */
        private void activation(LayerConfig c, Activation f, String x, String y, boolean perChannel) {
            String id = c.nodeId();
            switch (f) {
                case LINEAR -> {
                    if (!x.equals(y)) {
                        g.node("Identity", id, List.of(x), y);
                    }
                }
                case SIGMOID -> g.node("Sigmoid", id, List.of(x), y);
                case TANH -> g.node("Tanh", id, List.of(x), y);
                case RELU -> g.node("Relu", id, List.of(x), y);
                case LEAKY_RELU -> g.node("LeakyRelu", id, List.of(x), y, attr("alpha", (float) f.defaultAlpha()));
                case ELU -> g.node("Elu", id, List.of(x), y, attr("alpha", (float) f.defaultAlpha()));
                case ABS -> g.node("Abs", id, List.of(x), y);
                case SOFTPLUS -> g.node("Softplus", id, List.of(x), y);
                case EXPONENTIAL -> g.node("Exp", id, List.of(x), y);
                // ours: x ≥ 0 → 1 (ONNX's Sign gives 0 at 0)
                case STEP -> {
                    g.node("GreaterOrEqual", id + "/ge0", List.of(x, g.scalar(0f)), id + "/ge0");
                    g.node("Cast", id, List.of(id + "/ge0"), y, attr("to", 1L));
                }
                case SIGN -> {
                    g.node("GreaterOrEqual", id + "/ge0", List.of(x, g.scalar(0f)), id + "/ge0");
                    g.node("Where", id, List.of(id + "/ge0", g.scalar(1f), g.scalar(-1f)), y);
                }
                case SOFTMAX -> {
                    if (perChannel) {
                        Shape s = shape(id);
                        g.node("Reshape", id + "/maps", List.of(x, g.longs(id + "/maps_shape", 0, 0, -1)), id + "/maps");
                        g.node("Softmax", id + "/softmax", List.of(id + "/maps"), id + "/softmax", attr("axis", -1L));
                        g.node("Reshape", id, List.of(id + "/softmax", g.longs(id + "/shape", batchShape(s))), y);
                    } else {
                        g.node("Softmax", id, List.of(x), y, attr("axis", -1L));
                    }
                }
            }
        }
    }
}
