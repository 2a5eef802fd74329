package org.layercanvas.formats.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.data.WeightTensor;
import org.layercanvas.engine.graph.Edge;
import org.layercanvas.engine.graph.LayeredLayout;
import org.layercanvas.engine.graph.Network;
import org.layercanvas.engine.graph.Node;
import org.layercanvas.engine.graph.Shape;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelImporter;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.Window2D;
import org.layercanvas.engine.validate.Problem;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.onnx.OnnxTensors.Unreadable;
import org.layercanvas.formats.onnx.proto.Onnx.AttributeProto;
import org.layercanvas.formats.onnx.proto.Onnx.GraphProto;
import org.layercanvas.formats.onnx.proto.Onnx.ModelProto;
import org.layercanvas.formats.onnx.proto.Onnx.NodeProto;
import org.layercanvas.formats.onnx.proto.Onnx.OperatorSetIdProto;
import org.layercanvas.formats.onnx.proto.Onnx.TensorProto;
import org.layercanvas.formats.onnx.proto.Onnx.TensorShapeProto;
import org.layercanvas.formats.onnx.proto.Onnx.ValueInfoProto;

/**
 * Reads an ONNX model (float32, default domain) as one LayerCanvas network named "main" with its
 * weights, mapping ONNX operators to the layer catalogue (docs/onnx-export.md, "Import"): Gemm and
 * MatMul(+Add) become Dense, Conv Conv2D, the pools the pooling layers, element-wise activations
 * Activation (or the activation of the Dense / Conv2D before them), and so on, including every
 * pattern {@link OnnxExporter} writes, so that import, export and import again give the same network.
 * Graph inputs become Input nodes (the first dimension is the batch), node ids are the ONNX tensor
 * names of each layer's output, and nodes are placed by {@link LayeredLayout}. Whatever cannot be
 * expressed is collected and refused at once: one message lists every unsupported operator by type and
 * node name, then every other problem.
 */
public final class OnnxImporter implements ModelImporter {
    /** The ONNX operators the importer maps (some only in the patterns the docs describe). */
    public static final Set<String> SUPPORTED = Set.of("Gemm", "MatMul", "Add", "Sum", "Conv", "MaxPool", "AveragePool", "Relu", "Sigmoid",
            "Tanh", "Softmax", "LeakyRelu", "Elu", "Softplus", "Abs", "Sign", "Exp", "Identity", "Flatten", "Reshape", "BatchNormalization",
            "LSTM", "RNN", "Concat", "Dropout", "Constant", "Transpose", "Squeeze", "Greater", "GreaterOrEqual", "Cast", "Where");

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
        return new Conversion(model.getGraph(), opset == 0 ? OnnxExporter.OPSET : opset, source, registry).run();
    }

    /** A layer being built: its type, explicit params, inputs, weights and the ONNX tensor its output is. */
    private static final class Layer {
        final String type, onnxNode;
        final Map<String, Object> params = new LinkedHashMap<>();
        final List<Layer> inputs = new ArrayList<>();
        final Map<String, WeightTensor> weights = new LinkedHashMap<>();
        final int index;
        String output;

        Layer(int index, String type, String onnxNode, String output) {
            this.index = index;
            this.type = type;
            this.onnxNode = onnxNode;
            this.output = output;
        }

        String tmpId() {
            return "n" + index;
        }

        void weight(String param, Shape shape, float[] values) {
            weights.put(param, new WeightTensor(param, shape, values));
        }
    }

    /** One ONNX graph being turned into layers. */
    private static final class Conversion {
        private final GraphProto graph;
        private final long opset;
        private final String source;
        private final LayerRegistry registry;
        private final Map<String, TensorProto> constants = new HashMap<>();
        private final Map<String, List<NodeProto>> consumers = new HashMap<>();
        private final Set<String> graphOutputs = new LinkedHashSet<>();
        private final Map<String, Layer> values = new HashMap<>();
        /** Tensors that are the time-major transpose [T, N, F] of a layer's [N, T, F] output: inputs of LSTM / RNN. */
        private final Map<String, Layer> timeMajor = new HashMap<>();
        /** Outputs of nodes that could not be imported: their consumers are not blamed for them. */
        private final Set<String> poisoned = new HashSet<>();
        /** Outputs of ConstantOfShape 0 that only feed LSTM / RNN initial states. */
        private final Set<String> zeroFilled = new HashSet<>();
        private final Set<NodeProto> consumed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        private final List<Layer> layers = new ArrayList<>();
        private final Set<String> unsupported = new LinkedHashSet<>();
        private final List<String> problems = new ArrayList<>();

        Conversion(GraphProto graph, long opset, String source, LayerRegistry registry) {
            this.graph = graph;
            this.opset = opset;
            this.source = source;
            this.registry = registry;
        }

        Imported run() {
            graph.getInitializerList().forEach(t -> constants.put(t.getName(), t));
            for (NodeProto n : graph.getNodeList()) {
                for (String in : n.getInputList()) {
                    if (!in.isEmpty()) {
                        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                    }
                }
            }
            graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
            // Constant nodes have no inputs: known up front, so patterns may read the ones written after them
            for (NodeProto n : graph.getNodeList()) {
                if (standard(n) && n.getOpType().equals("Constant") && n.getAttributeCount() == 1 && n.getOutputCount() == 1) {
                    TensorProto t = OnnxTensors.fromAttribute(n.getAttribute(0));
                    if (t != null) {
                        constants.put(n.getOutput(0), t);
                    }
                }
            }
            zeroStates();
            for (ValueInfoProto in : graph.getInputList()) {
                if (!constants.containsKey(in.getName())) {
                    input(in);
                }
            }
            for (NodeProto n : graph.getNodeList()) {
                if (consumed.contains(n)) {
                    continue;
                }
                if (!standard(n) || !SUPPORTED.contains(n.getOpType())) {
                    unsupported.add(describe(n));
                    poison(n);
                    continue;
                }
                boolean upstreamFailed = n.getInputList().stream().anyMatch(poisoned::contains);
                if (upstreamFailed) {
                    poison(n);
                    continue;
                }
                int before = problems.size();
                try {
                    convert(n);
                } catch (Unreadable e) {
                    problems.add(describe(n) + ": " + e.getMessage());
                }
                if (problems.size() > before) {
                    poison(n);
                }
            }
            for (String out : graphOutputs) {
                if (!values.containsKey(out) && !poisoned.contains(out)) {
                    problems.add(constants.containsKey(out) ? "graph output '" + out + "' is a constant, which a network cannot output"
                            : "graph output '" + out + "' is not the output of a layer (only LSTM / RNN outputs in the pattern the docs describe are)");
                }
            }
            if (unsupported.isEmpty() && problems.isEmpty()) {
                // a network's outputs are its layers that nothing reads: an output that other layers read would be lost
                Set<Layer> needed = needed();
                for (String out : graphOutputs) {
                    Layer l = values.get(out);
                    List<String> readers = layers.stream().filter(r -> r != l && needed.contains(r) && r.inputs.contains(l))
                            .map(r -> "'" + (r.onnxNode == null || r.onnxNode.isEmpty() ? r.output : r.onnxNode) + "'").toList();
                    if (l != null && !readers.isEmpty()) {
                        problems.add("graph output '" + out + "' is also read by " + String.join(", ", readers) + "; LayerCanvas networks output only "
                                + "the layers nothing reads, so return a copy of it instead (e.g. through Identity)");
                    }
                }
            }
            if (!unsupported.isEmpty() || !problems.isEmpty()) {
                List<String> parts = new ArrayList<>();
                if (!unsupported.isEmpty()) {
                    parts.add("unsupported ONNX operators: " + String.join(", ", unsupported));
                }
                parts.addAll(problems);
                throw new IllegalArgumentException(source + ": cannot import the model: " + String.join("; ", parts));
            }
            return finish();
        }

        // ---- graph inputs, outputs and ids ----

        private void input(ValueInfoProto in) {
            String what = "graph input '" + in.getName() + "'";
            if (!in.getType().hasTensorType()) {
                problems.add(what + " is not a tensor");
                poisoned.add(in.getName());
                return;
            }
            int elem = in.getType().getTensorType().getElemType();
            if (elem != TensorProto.DataType.FLOAT_VALUE) {
                problems.add(what + " has element type " + OnnxTensors.typeName(elem) + "; LayerCanvas networks take float32 inputs");
                poisoned.add(in.getName());
                return;
            }
            if (!in.getType().getTensorType().hasShape()) {
                problems.add(what + " has no shape; LayerCanvas needs [batch, …] with fixed sample dimensions");
                poisoned.add(in.getName());
                return;
            }
            List<TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
            if (dims.size() < 2) {
                problems.add(what + " has rank " + dims.size() + "; LayerCanvas needs a batch dimension and a sample shape [batch, …]");
                poisoned.add(in.getName());
                return;
            }
            List<Integer> shape = new ArrayList<>();
            for (int i = 1; i < dims.size(); i++) {
                TensorShapeProto.Dimension d = dims.get(i);
                if (!d.hasDimValue() || d.getDimValue() <= 0) {
                    problems.add(what + " has " + (d.hasDimParam() ? "the symbolic dimension '" + d.getDimParam() + "'" : "an unknown dimension")
                            + " at position " + i + "; only the first (batch) dimension may vary");
                    poisoned.add(in.getName());
                    return;
                }
                shape.add((int) d.getDimValue());
            }
            Layer l = layer("Input", null, in.getName());
            l.params.put("shape", shape);
        }

        /** The layers some graph output depends on. */
        private Set<Layer> needed() {
            Set<Layer> needed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            List<Layer> todo = new ArrayList<>();
            graphOutputs.stream().map(values::get).filter(java.util.Objects::nonNull).forEach(todo::add);
            while (!todo.isEmpty()) {
                Layer l = todo.remove(todo.size() - 1);
                if (needed.add(l)) {
                    todo.addAll(l.inputs);
                }
            }
            return needed;
        }

        private Imported finish() {
            // layers no graph output depends on are left out (Inputs stay: they are fed)
            Set<Layer> needed = needed();
            List<Layer> kept = layers.stream().filter(l -> needed.contains(l) || l.type.equals("Input")).toList();
            Map<Layer, String> ids = new java.util.IdentityHashMap<>();
            Set<String> taken = new HashSet<>();
            for (Layer l : kept) {
                String base = idFor(l), id = base;
                for (int i = 2; !taken.add(id); i++) {
                    id = base + "_" + i;
                }
                ids.put(l, id);
            }
            List<Node> nodes = new ArrayList<>();
            List<Edge> edges = new ArrayList<>();
            List<WeightTensor> weights = new ArrayList<>();
            for (Layer l : kept) {
                String id = ids.get(l);
                nodes.add(new Node(id, l.type, l.params));
                for (int port = 0; port < l.inputs.size(); port++) {
                    edges.add(new Edge(ids.get(l.inputs.get(port)), id, port));
                }
                l.weights.values().forEach(w -> weights.add(new WeightTensor(id + "/" + w.name(), w.shape(), w.values())));
            }
            Network net = LayeredLayout.apply(new Network("main", nodes, edges));
            Validation v = new Validator(registry).validate(net);
            if (!v.ok()) {
                throw new IllegalArgumentException(source + ": cannot import the model: the network it maps to is not valid: "
                        + v.problems().stream().map(Problem::message).collect(Collectors.joining("; ")));
            }
            checkWeights(v, weights);
            return new Imported(net, weights);
        }

        /** The weights must be exactly the network's parameters: a mismatch is a bug of this importer. */
        private static void checkWeights(Validation v, List<WeightTensor> weights) {
            Map<String, Shape> expected = new LinkedHashMap<>();
            v.parameters().forEach((id, ps) -> ps.forEach((ParamTensor p) -> expected.put(id + "/" + p.name(), p.shape())));
            Map<String, Shape> got = new LinkedHashMap<>();
            weights.forEach(w -> got.put(w.name(), w.shape()));
            if (!expected.equals(got)) {
                throw new IllegalStateException("the imported weights " + got + " do not fit the network's parameters " + expected);
            }
        }

        /** A node id from the ONNX tensor name: "/fc1/Gemm_output_0" becomes "fc1_Gemm"; LayerCanvas's own exports keep their ids. */
        private static String idFor(Layer l) {
            String name = l.output.endsWith("_output_0") ? l.output.substring(0, l.output.length() - "_output_0".length()) : l.output;
            name = name.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^_+|_+$", "");
            return name.isEmpty() ? l.type.toLowerCase() : name;
        }

        // ---- helpers ----

        private Layer layer(String type, NodeProto n, String output) {
            Layer l = new Layer(layers.size(), type, n == null ? null : n.getName(), output);
            layers.add(l);
            values.put(output, l);
            return l;
        }

        private void poison(NodeProto n) {
            n.getOutputList().forEach(o -> {
                if (!o.isEmpty()) {
                    poisoned.add(o);
                }
            });
        }

        /** Whether the node is of the default ONNX domain: only those are mapped, alone or in patterns. */
        private static boolean standard(NodeProto n) {
            return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
        }

        private static String describe(NodeProto n) {
            String op = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx") ? n.getOpType() : n.getDomain() + "." + n.getOpType();
            return op + (n.getName().isEmpty() ? " (output '" + (n.getOutputCount() == 0 ? "" : n.getOutput(0)) + "')" : " (node '" + n.getName() + "')");
        }

        private List<NodeProto> consumersOf(String tensor) {
            return consumers.getOrDefault(tensor, List.of());
        }

        /** The one node that reads {@code tensor} (once), when nothing else does and it is no graph output; else null. */
        private NodeProto soleConsumer(String tensor) {
            List<NodeProto> c = consumersOf(tensor);
            if (c.size() != 1 || graphOutputs.contains(tensor) || c.get(0).getInputList().stream().filter(tensor::equals).count() != 1
                    || !standard(c.get(0))) {
                return null;
            }
            return c.get(0);
        }

        private static AttributeProto attribute(NodeProto n, String name) {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals(name)) {
                    return a;
                }
            }
            return null;
        }

        private static long intAttr(NodeProto n, String name, long otherwise) {
            AttributeProto a = attribute(n, name);
            return a == null ? otherwise : a.getI();
        }

        private static float floatAttr(NodeProto n, String name, float otherwise) {
            AttributeProto a = attribute(n, name);
            return a == null ? otherwise : a.getF();
        }

        private static String stringAttr(NodeProto n, String name, String otherwise) {
            AttributeProto a = attribute(n, name);
            return a == null ? otherwise : a.getS().toString(StandardCharsets.UTF_8);
        }

        private static long[] intsAttr(NodeProto n, String name) {
            AttributeProto a = attribute(n, name);
            return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }

        /** A float attribute as the decimal it was written from (0.99f → 0.99, not 0.9900000095367432). */
        private static double decimal(float f) {
            return Double.parseDouble(Float.toString(f));
        }

        private String in(NodeProto n, int i) {
            return i < n.getInputCount() ? n.getInput(i) : "";
        }

        /** Input {@code i} of {@code n} as a layer's output, or null after recording a problem. */
        private Layer value(NodeProto n, int i) {
            String name = in(n, i);
            Layer l = values.get(name);
            if (l == null) {
                problems.add(describe(n) + ": input " + i + " '" + name + "' is " + (constants.containsKey(name) ? "a constant; it must be computed from the graph's inputs"
                        : timeMajor.containsKey(name) ? "a time-major transpose, which only LSTM and RNN take" : "not computed by any earlier node"));
            }
            return l;
        }

        /** Input {@code i} of {@code n} as a constant tensor, or null after recording a problem. */
        private TensorProto constant(NodeProto n, int i, String what) {
            TensorProto t = constants.get(in(n, i));
            if (t == null) {
                problems.add(describe(n) + ": its " + what + " (input " + i + (in(n, i).isEmpty() ? "" : " '" + in(n, i) + "'")
                        + ") must be a constant initializer");
            }
            return t;
        }

        private boolean present(NodeProto n, int i) {
            return !in(n, i).isEmpty();
        }

        /** The sample shape of a layer's output (without the batch), inferred on the layers so far; null when it cannot be. */
        private Shape shape(Layer l) {
            List<Node> nodes = new ArrayList<>();
            List<Edge> edges = new ArrayList<>();
            for (Layer x : layers) {
                nodes.add(new Node(x.tmpId(), x.type, x.params));
                for (int p = 0; p < x.inputs.size(); p++) {
                    edges.add(new Edge(x.inputs.get(p).tmpId(), x.tmpId(), p));
                }
            }
            return new Validator(registry).validate(new Network("partial", nodes, edges)).shapes().get(l.tmpId());
        }

        private Shape shapeOrProblem(NodeProto n, Layer l) {
            Shape s = shape(l);
            if (s == null) {
                problems.add(describe(n) + ": the shape of its input '" + l.output + "' cannot be inferred");
            }
            return s;
        }

        // ---- operators ----

        private void convert(NodeProto n) throws Unreadable {
            switch (n.getOpType()) {
                case "Constant" -> {
                    TensorProto t = n.getAttributeCount() == 1 ? OnnxTensors.fromAttribute(n.getAttribute(0)) : null;
                    if (t == null) {
                        problems.add(describe(n) + ": only Constant with a value, value_float(s) or value_int(s) is supported");
                    } else {
                        constants.put(n.getOutput(0), t);
                    }
                }
                case "Gemm" -> gemm(n);
                case "MatMul" -> matMul(n);
                case "Conv" -> conv(n);
                case "MaxPool", "AveragePool" -> pool(n);
                case "Identity" -> identity(n);
                case "Dropout" -> dropout(n);
                case "Flatten" -> {
                    Layer x = value(n, 0);
                    if (intAttr(n, "axis", 1) != 1) {
                        problems.add(describe(n) + ": axis " + intAttr(n, "axis", 1) + " (Flatten keeps the batch: axis 1 only)");
                    } else if (x != null) {
                        layer("Flatten", n, n.getOutput(0)).inputs.add(x);
                    }
                }
                case "Reshape" -> reshape(n);
                case "BatchNormalization" -> batchNorm(n);
                case "Add", "Sum" -> add(n);
                case "Concat" -> concat(n);
                case "Transpose" -> transpose(n);
                case "LSTM", "RNN" -> recurrent(n);
                case "Squeeze" -> problems.add(describe(n) + ": Squeeze is supported only on the outputs of LSTM and RNN, as the docs describe");
                case "Cast", "Where" -> problems.add(describe(n) + ": " + n.getOpType() + " is supported only after GreaterOrEqual(x, 0) (step, sign)");
                default -> activationLayer(n);
            }
        }

        private void gemm(NodeProto n) throws Unreadable {
            Layer x = value(n, 0);
            TensorProto b = constant(n, 1, "weight B");
            TensorProto c = present(n, 2) ? constant(n, 2, "bias C") : null;
            if (intAttr(n, "transA", 0) != 0) {
                problems.add(describe(n) + ": transA 1 (the input must be [batch, features])");
            }
            if (x == null || b == null || present(n, 2) && c == null || intAttr(n, "transA", 0) != 0) {
                return;
            }
            if (b.getDimsCount() != 2) {
                problems.add(describe(n) + ": weight B has dims " + b.getDimsList() + ", not a matrix");
                return;
            }
            boolean transB = intAttr(n, "transB", 0) != 0;
            int units = (int) b.getDims(transB ? 0 : 1), features = (int) b.getDims(transB ? 1 : 0);
            float[] w = OnnxTensors.floats(b);
            float alpha = floatAttr(n, "alpha", 1f), beta = floatAttr(n, "beta", 1f);
            if (c != null && !(c.getDimsCount() == 0 || c.getDimsCount() == 1 && (c.getDims(0) == 1 || c.getDims(0) == units)
                    || c.getDimsCount() == 2 && c.getDims(0) == 1 && c.getDims(1) == units)) {
                problems.add(describe(n) + ": bias C has dims " + c.getDimsList() + "; Dense's bias is per unit: [], [1], [" + units + "] or [1, " + units + "]");
                return;
            }
            dense(n, x, transB ? w : transpose(w, features, units), alpha, units, features, c == null ? null : OnnxTensors.floats(c), beta, n.getOutput(0));
        }

        private void matMul(NodeProto n) throws Unreadable {
            Layer x = value(n, 0);
            TensorProto b = constant(n, 1, "weight matrix");
            if (x == null || b == null) {
                return;
            }
            if (b.getDimsCount() != 2) {
                problems.add(describe(n) + ": weight matrix has dims " + b.getDimsList() + "; Dense needs a 2-D [in, units] one");
                return;
            }
            int features = (int) b.getDims(0), units = (int) b.getDims(1);
            float[] w = transpose(OnnxTensors.floats(b), features, units);
            String out = n.getOutput(0);
            float[] bias = null;
            NodeProto add = soleConsumer(out);
            if (add != null && add.getOpType().equals("Add") && add.getInputCount() == 2) {
                String other = add.getInput(0).equals(out) ? add.getInput(1) : add.getInput(0);
                TensorProto c = constants.get(other);
                if (c != null && OnnxTensors.size(c) == units && (c.getDimsCount() == 1 || c.getDimsCount() == 2 && c.getDims(0) == 1)) {
                    bias = OnnxTensors.floats(c);
                    consumed.add(add);
                    out = add.getOutput(0);
                }
            }
            dense(n, x, w, 1f, units, features, bias, 1f, out);
        }

        private void dense(NodeProto n, Layer x, float[] weight, float alpha, int units, int features, float[] c, float beta, String out)
                throws Unreadable {
            Shape in = shapeOrProblem(n, x);
            if (in == null) {
                return;
            }
            if (in.rank() == 0 || in.dim(in.rank() - 1) != features) {
                problems.add(describe(n) + ": its weight takes " + features + " features but its input '" + x.output + "' has sample shape " + in);
                return;
            }
            float[] bias = null;
            if (c != null) {
                if (c.length != units && c.length != 1) {
                    problems.add(describe(n) + ": the bias has " + c.length + " values for " + units + " units");
                    return;
                }
                bias = new float[units];
                for (int i = 0; i < units; i++) {
                    bias[i] = beta * c[c.length == 1 ? 0 : i];
                }
            }
            if (alpha != 1f) {
                weight = weight.clone();
                for (int i = 0; i < weight.length; i++) {
                    weight[i] *= alpha;
                }
            }
            Layer d = layer("Dense", n, out);
            d.inputs.add(x);
            d.params.put("units", units);
            d.weight("weight", Shape.of(units, features), weight);
            if (bias == null) {
                d.params.put("use_bias", false);
            } else {
                d.weight("bias", Shape.of(units), bias);
            }
            foldActivation(d, false);
        }

        private static float[] transpose(float[] m, int rows, int cols) {
            float[] t = new float[m.length];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    t[k * rows + r] = m[r * cols + k];
                }
            }
            return t;
        }

        private void conv(NodeProto n) throws Unreadable {
            Layer x = value(n, 0);
            TensorProto w = constant(n, 1, "weight W");
            TensorProto b = present(n, 2) ? constant(n, 2, "bias B") : null;
            if (x == null || w == null || present(n, 2) && b == null) {
                return;
            }
            List<String> bad = new ArrayList<>();
            if (intAttr(n, "group", 1) != 1) {
                bad.add("group " + intAttr(n, "group", 1) + " (Conv2D convolves all channels: group 1)");
            }
            long[] dil = intsAttr(n, "dilations");
            if (dil != null && Arrays.stream(dil).anyMatch(d -> d != 1)) {
                bad.add("dilations " + Arrays.toString(dil) + " (Conv2D has none)");
            }
            if (w.getDimsCount() != 4) {
                bad.add("weight dims " + w.getDimsList() + " (Conv2D is 2-D: [filters, channels, k, k])");
            } else if (w.getDims(2) != w.getDims(3)) {
                bad.add("kernel " + w.getDims(2) + "×" + w.getDims(3) + " (Conv2D's kernels are square)");
            }
            long[] strides = intsAttr(n, "strides");
            if (strides != null && strides.length == 2 && strides[0] != strides[1]) {
                bad.add("strides " + Arrays.toString(strides) + " (Conv2D strides alike in both directions)");
            }
            if (!bad.isEmpty()) {
                problems.add(describe(n) + ": " + String.join(", ", bad));
                return;
            }
            Shape in = shapeOrProblem(n, x);
            if (in == null) {
                return;
            }
            if (in.rank() != 3) {
                problems.add(describe(n) + ": its input '" + x.output + "' has sample shape " + in + ", not [channels, height, width]");
                return;
            }
            if (w.getDims(1) != in.dim(0)) {
                problems.add(describe(n) + ": weight W " + w.getDimsList() + " convolves " + w.getDims(1) + " channels but its input '" + x.output
                        + "' has sample shape " + in);
                return;
            }
            int k = (int) w.getDims(2), s = strides == null ? 1 : (int) strides[0];
            Object padding = padding(n, in, k, s);
            if (padding == null) {
                return;
            }
            int filters = (int) w.getDims(0);
            Layer c = layer("Conv2D", n, n.getOutput(0));
            c.inputs.add(x);
            c.params.put("filters", filters);
            c.params.put("kernel_size", k);
            if (s != 1) {
                c.params.put("strides", s);
            }
            if (!padding.equals("valid")) {
                c.params.put("padding", padding);
            }
            c.weight("weight", Shape.of(filters, (int) w.getDims(1), k, k), OnnxTensors.floats(w));
            if (b == null) {
                c.params.put("use_bias", false);
            } else {
                c.weight("bias", Shape.of(filters), OnnxTensors.floats(b));
            }
            foldActivation(c, true);
        }

        /**
         * Conv2D's padding ("valid", "same" or pixels on every side) computing what the node's pads or
         * auto_pad do: the same top/left padding and output size (extra bottom/right padding that no
         * window reaches does not matter); null after recording a problem.
         */
        private Object padding(NodeProto n, Shape in, int k, int s) {
            int h = in.dim(1), wd = in.dim(2);
            String auto = stringAttr(n, "auto_pad", "NOTSET");
            int top, left, outH, outW;
            switch (auto) {
                case "SAME_UPPER", "SAME_LOWER" -> {
                    outH = (h + s - 1) / s;
                    outW = (wd + s - 1) / s;
                    int totalH = Math.max(0, (outH - 1) * s + k - h), totalW = Math.max(0, (outW - 1) * s + k - wd);
                    boolean lower = auto.equals("SAME_LOWER");
                    top = lower ? (totalH + 1) / 2 : totalH / 2;
                    left = lower ? (totalW + 1) / 2 : totalW / 2;
                }
                case "VALID", "NOTSET" -> {
                    long[] pads = auto.equals("VALID") ? new long[4] : intsAttr(n, "pads");
                    pads = pads == null ? new long[4] : pads;
                    if (pads.length != 4) {
                        problems.add(describe(n) + ": pads " + Arrays.toString(pads) + " (2-D needs 4)");
                        return null;
                    }
                    top = (int) pads[0];
                    left = (int) pads[1];
                    outH = (int) Math.floorDiv(h + pads[0] + pads[2] - k, (long) s) + 1;
                    outW = (int) Math.floorDiv(wd + pads[1] + pads[3] - k, (long) s) + 1;
                }
                default -> {
                    problems.add(describe(n) + ": auto_pad '" + auto + "'");
                    return null;
                }
            }
            List<Object> candidates = new ArrayList<>(List.of("valid", "same"));
            if (top == left && top > 0) {
                candidates.add(top);
            }
            for (Object p : candidates) {
                Window2D g = Window2D.of(in.dim(0), h, wd, k, k, s, p);
                if (g.padTop() == top && g.padLeft() == left && g.outH() == outH && g.outW() == outW) {
                    return p;
                }
            }
            problems.add(describe(n) + ": padding top " + top + ", left " + left + " to a " + outH + "×" + outW + " output is neither \"valid\", "
                    + "\"same\" (extra pixel bottom/right) nor the same number of pixels on every side");
            return null;
        }

        private void pool(NodeProto n) throws Unreadable {
            Layer x = value(n, 0);
            long[] kernel = intsAttr(n, "kernel_shape"), strides = intsAttr(n, "strides"), pads = intsAttr(n, "pads");
            long[] dil = intsAttr(n, "dilations");
            List<String> bad = new ArrayList<>();
            if (kernel == null || kernel.length != 2 || kernel[0] != kernel[1]) {
                bad.add("kernel_shape " + (kernel == null ? "missing" : Arrays.toString(kernel)) + " (pooling windows are square and 2-D)");
            }
            if (strides != null && (strides.length != 2 || strides[0] != strides[1])) {
                bad.add("strides " + Arrays.toString(strides) + " (alike in both directions)");
            }
            String auto = stringAttr(n, "auto_pad", "NOTSET");
            if (pads != null && Arrays.stream(pads).anyMatch(p -> p != 0) || !auto.equals("NOTSET") && !auto.equals("VALID")) {
                bad.add("padding (pooling layers pool without padding)");
            }
            if (intAttr(n, "ceil_mode", 0) != 0) {
                bad.add("ceil_mode 1 (pooling layers round down)");
            }
            if (dil != null && Arrays.stream(dil).anyMatch(d -> d != 1)) {
                bad.add("dilations " + Arrays.toString(dil));
            }
            if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty()) {
                bad.add("the Indices output");
            }
            if (!bad.isEmpty()) {
                problems.add(describe(n) + ": " + String.join(", ", bad));
                return;
            }
            if (x == null) {
                return;
            }
            int k = (int) kernel[0], s = strides == null ? 1 : (int) strides[0];
            Layer p = layer(n.getOpType().equals("MaxPool") ? "MaxPooling2D" : "AveragePooling2D", n, n.getOutput(0));
            p.inputs.add(x);
            p.params.put("pool_size", k);
            if (s != k) {
                p.params.put("strides", s);
            }
        }

        private void identity(NodeProto n) throws Unreadable {
            String in = in(n, 0), out = n.getOutput(0);
            if (constants.containsKey(in)) {
                constants.put(out, constants.get(in));
                return;
            }
            Layer x = value(n, 0);
            if (x == null) {
                return;
            }
            if (graphOutputs.contains(out)) {
                Layer a = layer("Activation", n, out);
                a.inputs.add(x);
                a.params.put("activation", "linear");
            } else {
                values.put(out, x);
            }
        }

        private void dropout(NodeProto n) throws Unreadable {
            Layer x = value(n, 0);
            double rate = 0.5;
            if (opset < 12) {
                rate = decimal(floatAttr(n, "ratio", 0.5f));
            } else if (present(n, 1)) {
                TensorProto r = constant(n, 1, "ratio");
                if (r == null) {
                    return;
                }
                if (OnnxTensors.size(r) != 1) {
                    problems.add(describe(n) + ": its ratio has " + OnnxTensors.size(r) + " values (dims " + r.getDimsList() + "), not one");
                    return;
                }
                rate = decimal(OnnxTensors.floats(r)[0]);
            }
            if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && !consumersOf(n.getOutput(1)).isEmpty()) {
                problems.add(describe(n) + ": its mask output is used");
                return;
            }
            if (rate < 0 || rate > 0.99) {
                problems.add(describe(n) + ": ratio " + rate + " (Dropout's rate is between 0 and 0.99)");
                return;
            }
            if (x != null) {
                Layer d = layer("Dropout", n, n.getOutput(0));
                d.inputs.add(x);
                d.params.put("rate", rate);
            }
        }

        /** [0 or -1 (the batch), dims…] resolved against the input's shape; null after recording a problem. */
        private List<Integer> reshapeTarget(NodeProto n, Layer x) throws Unreadable {
            TensorProto t = constant(n, 1, "shape");
            if (t == null || x == null) {
                return null;
            }
            long[] dims = OnnxTensors.longs(t);
            Shape in = shapeOrProblem(n, x);
            if (in == null) {
                return null;
            }
            boolean allowZero = intAttr(n, "allowzero", 0) != 0;
            String why = null;
            if (dims.length < 2) {
                why = "it must keep the batch and give a sample shape";
            } else if (dims[0] != 0 && dims[0] != -1 || allowZero && dims[0] == 0) {
                why = "its first dimension must be 0 (the batch) or -1";
            }
            List<Integer> target = new ArrayList<>();
            int infer = -1, known = 1;
            for (int i = 1; why == null && i < dims.length; i++) {
                long d = dims[i];
                if (d == 0 && !allowZero && i - 1 < in.rank()) {
                    d = in.dim(i - 1);
                }
                if (d == -1 && infer < 0 && dims[0] == 0) {
                    infer = i - 1;
                    target.add(-1);
                    continue;
                }
                if (d <= 0) {
                    why = "dimension " + i + " is " + dims[i];
                } else {
                    target.add((int) d);
                    known *= (int) d;
                }
            }
            if (why == null && infer >= 0) {
                if (in.size() % known != 0) {
                    why = "the " + in.size() + " values of " + in + " do not divide into it";
                } else {
                    target.set(infer, in.size() / known);
                }
            }
            if (why != null) {
                problems.add(describe(n) + ": shape " + Arrays.toString(dims) + ": " + why);
                return null;
            }
            return target;
        }

        private void reshape(NodeProto n) throws Unreadable {
            Layer x = value(n, 0);
            List<Integer> target = reshapeTarget(n, x);
            if (target != null) {
                Layer r = layer("Reshape", n, n.getOutput(0));
                r.inputs.add(x);
                r.params.put("target_shape", target);
            }
        }

        private void batchNorm(NodeProto n) throws Unreadable {
            Layer x = value(n, 0);
            TensorProto scale = constant(n, 1, "scale"), bias = constant(n, 2, "bias"), mean = constant(n, 3, "mean"), var = constant(n, 4, "var");
            if (n.getOutputList().stream().skip(1).anyMatch(o -> !o.isEmpty())) {
                problems.add(describe(n) + ": training-mode outputs (running mean / var) are not supported");
                return;
            }
            if (intAttr(n, "training_mode", 0) != 0) {
                problems.add(describe(n) + ": training_mode 1 (the importer reads inference models)");
                return;
            }
            if (intAttr(n, "spatial", 1) != 1) {
                problems.add(describe(n) + ": spatial 0 (statistics per value, opset < 9); BatchNormalization normalises per channel");
                return;
            }
            if (x == null || scale == null || bias == null || mean == null || var == null) {
                return;
            }
            Shape in = shapeOrProblem(n, x);
            if (in == null) {
                return;
            }
            long channels = in.rank() == 0 ? 1 : in.dim(0);
            for (TensorProto t : List.of(scale, bias, mean, var)) {
                if (OnnxTensors.size(t) != channels || t.getDimsCount() != 1) {
                    problems.add(describe(n) + ": '" + t.getName() + "' has dims " + t.getDimsList() + " but its input '" + x.output + "' has " + channels
                            + " channels (sample shape " + in + ")");
                    return;
                }
            }
            Layer b = layer("BatchNormalization", n, n.getOutput(0));
            b.inputs.add(x);
            double epsilon = decimal(floatAttr(n, "epsilon", 1e-5f));
            if (epsilon != 0.001) {
                b.params.put("epsilon", epsilon);
            }
            // ONNX's momentum defaults to 0.9, ours to 0.99
            double momentum = decimal(floatAttr(n, "momentum", 0.9f));
            if (momentum != 0.99) {
                b.params.put("momentum", momentum);
            }
            int c = (int) OnnxTensors.size(scale);
            b.weight("weight", Shape.of(c), OnnxTensors.floats(scale));
            b.weight("bias", Shape.of(c), OnnxTensors.floats(bias));
            b.weight("running_mean", Shape.of(c), OnnxTensors.floats(mean));
            b.weight("running_var", Shape.of(c), OnnxTensors.floats(var));
        }

        private void add(NodeProto n) throws Unreadable {
            List<Layer> xs = new ArrayList<>();
            for (int i = 0; i < n.getInputCount(); i++) {
                if (constants.containsKey(in(n, i))) {
                    problems.add(describe(n) + ": adding a constant is supported only as the bias right after MatMul");
                    return;
                }
                xs.add(value(n, i));
            }
            if (xs.contains(null)) {
                return;
            }
            if (xs.size() == 1) {
                values.put(n.getOutput(0), xs.get(0));
                return;
            }
            layer("Add", n, n.getOutput(0)).inputs.addAll(xs);
        }

        private void concat(NodeProto n) throws Unreadable {
            AttributeProto axisAttr = attribute(n, "axis");
            long axis = axisAttr == null ? 1 : axisAttr.getI();
            if (axis == 0) {
                problems.add(describe(n) + ": axis 0 joins along the batch");
                return;
            }
            List<Layer> xs = new ArrayList<>();
            for (int i = 0; i < n.getInputCount(); i++) {
                xs.add(value(n, i));
            }
            if (xs.contains(null)) {
                return;
            }
            if (xs.size() == 1) {
                values.put(n.getOutput(0), xs.get(0));
                return;
            }
            Layer c = layer("Concatenate", n, n.getOutput(0));
            c.inputs.addAll(xs);
            int ours = (int) (axis < 0 ? axis : axis - 1);
            if (ours != -1) {
                c.params.put("axis", ours);
            }
        }

        private static boolean isTimeMajorPerm(long[] perm) {
            return perm != null && Arrays.equals(perm, new long[] {1, 0, 2});
        }

        private void transpose(NodeProto n) throws Unreadable {
            List<NodeProto> users = consumersOf(n.getOutput(0));
            boolean feedsRecurrent = !users.isEmpty() && !graphOutputs.contains(n.getOutput(0)) && users.stream().allMatch(u -> standard(u) &&
                    (u.getOpType().equals("LSTM") || u.getOpType().equals("RNN")) && u.getInput(0).equals(n.getOutput(0))
                            && u.getInputList().stream().skip(1).noneMatch(n.getOutput(0)::equals));
            if (!isTimeMajorPerm(intsAttr(n, "perm")) || !feedsRecurrent) {
                problems.add(describe(n) + ": only the transposes to and from time-major ([1, 0, 2]) around LSTM and RNN are supported");
                return;
            }
            Layer x = value(n, 0);
            if (x != null) {
                timeMajor.put(n.getOutput(0), x);
            }
        }

        /** Squeeze's axes (an attribute before opset 13, an input since), or null. */
        private long[] squeezeAxes(NodeProto sq) throws Unreadable {
            long[] axes = intsAttr(sq, "axes");
            if (axes == null && sq.getInputCount() > 1 && constants.containsKey(sq.getInput(1))) {
                axes = OnnxTensors.longs(constants.get(sq.getInput(1)));
            }
            return axes;
        }

        private static final Map<String, String> RECURRENT_ACTIVATIONS = Map.of("Tanh", "tanh", "Sigmoid", "sigmoid", "Relu", "relu",
                "Softplus", "softplus", "LeakyRelu", "leaky_relu", "Elu", "elu", "Affine", "linear");

        /**
         * LSTM / RNN (forward, no initial state, peepholes or sequence lengths) reading [T, N, F]
         * (a Transpose of our [N, T, F], or [N, T, F] with layout 1), its output Y_h squeezed (the
         * last state) or Y squeezed and transposed back (return_sequences). Gates from ONNX's i, o, f, c
         * to ours i, f, g, o.
         */
        private void recurrent(NodeProto n) throws Unreadable {
            boolean lstm = n.getOpType().equals("LSTM");
            int gates = lstm ? 4 : 1;
            long layout = intAttr(n, "layout", 0);
            List<String> bad = new ArrayList<>();
            String direction = stringAttr(n, "direction", "forward");
            if (!direction.equals("forward")) {
                bad.add("direction " + direction + " (only forward)");
            }
            if (attribute(n, "clip") != null) {
                bad.add("clip");
            }
            if (intAttr(n, "input_forget", 0) != 0) {
                bad.add("input_forget 1");
            }
            for (int i = 4; i < n.getInputCount(); i++) {
                if (present(n, i) && !((i == 5 || i == 6) && isZero(in(n, i)))) {
                    bad.add((i == 4 ? "sequence_lens" : i == 5 ? "initial_h" : i == 6 ? "initial_c" : "peepholes P") + " (only full sequences from a zero state)");
                }
            }
            String activation = recurrentActivation(n, lstm, bad);
            if (!bad.isEmpty()) {
                problems.add(describe(n) + ": " + String.join(", ", bad));
                return;
            }
            Layer x = layout == 1 ? values.get(in(n, 0)) : timeMajor.get(in(n, 0));
            if (x == null) {
                problems.add(describe(n) + ": its input must be " + (layout == 1 ? "a layer's [batch, steps, features] output"
                        : "Transpose(perm [1, 0, 2]) of a layer's [batch, steps, features] output"));
                return;
            }
            TensorProto w = constant(n, 1, "weight W"), r = constant(n, 2, "recurrence weight R");
            TensorProto b = present(n, 3) ? constant(n, 3, "bias B") : null;
            if (w == null || r == null || present(n, 3) && b == null) {
                return;
            }
            int h = (int) intAttr(n, "hidden_size", r.getDimsCount() == 3 ? r.getDims(2) : 0);
            if (w.getDimsCount() != 3 || w.getDims(0) != 1 || w.getDims(1) != (long) gates * h || r.getDimsCount() != 3 || r.getDims(1) != (long) gates * h
                    || r.getDims(2) != h) {
                problems.add(describe(n) + ": weights W " + w.getDimsList() + " and R " + r.getDimsList() + " do not fit hidden_size " + h);
                return;
            }
            int features = (int) w.getDims(2);
            Shape xs = shapeOrProblem(n, x);
            if (xs == null) {
                return;
            }
            if (xs.rank() != 2 || xs.dim(1) != features) {
                problems.add(describe(n) + ": weight W " + w.getDimsList() + " takes " + features + " features but its input '" + x.output
                        + "' has sample shape " + xs + " (not [steps, " + features + "])");
                return;
            }
            // the output: Y_h squeezed, or Y squeezed and transposed back to [N, T, H]
            String y = n.getOutputCount() > 0 ? n.getOutput(0) : "", yh = n.getOutputCount() > 1 ? n.getOutput(1) : "";
            boolean usesY = used(y), usesYh = used(yh);
            if (n.getOutputCount() > 2 && used(n.getOutput(2))) {
                problems.add(describe(n) + ": its cell state output Y_c is used");
                return;
            }
            if (usesY == usesYh) {
                problems.add(describe(n) + ": exactly one of Y (return_sequences) and Y_h (the last state) must be used");
                return;
            }
            List<NodeProto> pattern = new ArrayList<>();
            String out = null;
            NodeProto sq = soleConsumer(usesY ? y : yh);
            long axis = usesY ? (layout == 1 ? 2 : 1) : (layout == 1 ? 1 : 0), rank = usesY ? 4 : 3;
            if (sq != null && !usesY && gathers(sq, axis, rank, 0, -1)) {
                // PyTorch's h[-1]: Gather of the only direction
                pattern.add(sq);
                out = sq.getOutput(0);
            } else if (sq != null && sq.getOpType().equals("Squeeze")) {
                long[] axes = squeezeAxes(sq);
                if (axes != null && axes.length == 1 && (axes[0] == axis || axes[0] == axis - rank)) {
                    pattern.add(sq);
                    out = sq.getOutput(0);
                    if (usesY && layout == 0) {
                        NodeProto back = soleConsumer(out);
                        if (back != null && back.getOpType().equals("Transpose") && isTimeMajorPerm(intsAttr(back, "perm"))) {
                            pattern.add(back);
                            out = back.getOutput(0);
                        } else {
                            out = null;
                        }
                    }
                }
            }
            if (out == null) {
                problems.add(describe(n) + ": its output must be " + (usesY ? "Y, squeezed (axis " + (layout == 1 ? 2 : 1) + ")"
                        + (layout == 1 ? "" : " and transposed back (perm [1, 0, 2])") : "Y_h squeezed (axis " + (layout == 1 ? 1 : 0) + ")"));
                return;
            }
            boolean sequences = usesY;
            NodeProto last = usesY ? soleConsumer(out) : null;
            if (last != null && gathers(last, 1, 3, -1, xs.dim(0) - 1)) {
                // PyTorch's y[:, -1]: the last step of the sequences is the last state
                pattern.add(last);
                out = last.getOutput(0);
                sequences = false;
            }
            int[] gateOrder = lstm ? new int[] {0, 3, 1, 2} : new int[] {0};
            float[] bias = b == null ? new float[2 * gates * h] : OnnxTensors.floats(b);
            if (bias.length != 2 * gates * h) {
                problems.add(describe(n) + ": bias B has " + bias.length + " values instead of " + 2 * gates * h);
                return;
            }
            consumed.addAll(pattern);
            Layer l = layer(lstm ? "LSTM" : "SimpleRNN", n, out);
            l.inputs.add(x);
            l.params.put("units", h);
            if (sequences) {
                l.params.put("return_sequences", true);
            }
            if (!activation.equals("tanh")) {
                l.params.put("activation", activation);
            }
            l.weight("weight_ih", Shape.of(gates * h, features), unorder(OnnxTensors.floats(w), gateOrder, h * features));
            l.weight("weight_hh", Shape.of(gates * h, h), unorder(OnnxTensors.floats(r), gateOrder, h * h));
            l.weight("bias_ih", Shape.of(gates * h), unorder(Arrays.copyOfRange(bias, 0, gates * h), gateOrder, h));
            l.weight("bias_hh", Shape.of(gates * h), unorder(Arrays.copyOfRange(bias, gates * h, 2 * gates * h), gateOrder, h));
        }

        /** Whether {@code g} is Gather along {@code axis} (of a rank {@code rank} input) of a constant scalar index among {@code indices}. */
        private boolean gathers(NodeProto g, long axis, long rank, long... indices) throws Unreadable {
            if (!g.getOpType().equals("Gather") || g.getInputCount() != 2 || !constants.containsKey(g.getInput(1))) {
                return false;
            }
            long a = intAttr(g, "axis", 0);
            TensorProto index = constants.get(g.getInput(1));
            if (a != axis && a != axis - rank || index.getDimsCount() != 0 || OnnxTensors.size(index) != 1) {
                return false;
            }
            long i = OnnxTensors.longs(index)[0];
            return Arrays.stream(indices).anyMatch(k -> k == i);
        }

        /** An all-zero initial state: a constant of zeros, or ConstantOfShape of 0 (see {@link #zeroStates}). */
        private boolean isZero(String tensor) {
            if (zeroFilled.contains(tensor)) {
                return true;
            }
            TensorProto t = constants.get(tensor);
            try {
                if (t != null) {
                    for (float v : OnnxTensors.floats(t)) {
                        if (v != 0f) {
                            return false;
                        }
                    }
                    return true;
                }
            } catch (Unreadable e) {
                return false;
            }
            return false;
        }

        /**
         * PyTorch writes a missing h0 / c0 as ConstantOfShape(Concat(…, Unsqueeze(Gather(Shape(x))), …)) with value 0:
         * those that only feed LSTM / RNN initial states are zero states, and they and the shape computations that only
         * feed them are consumed.
         */
        private void zeroStates() {
            Set<NodeProto> s = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (NodeProto n : graph.getNodeList()) {
                if (!standard(n) || !n.getOpType().equals("ConstantOfShape") || n.getOutputCount() != 1 || graphOutputs.contains(n.getOutput(0))) {
                    continue;
                }
                AttributeProto value = attribute(n, "value");
                boolean zero;
                try {
                    zero = value == null || Arrays.equals(OnnxTensors.floats(OnnxTensors.fromAttribute(value)), new float[1]);
                } catch (Unreadable | RuntimeException e) {
                    zero = false;
                }
                String out = n.getOutput(0);
                List<NodeProto> users = consumersOf(out);
                boolean statesOnly = !users.isEmpty() && users.stream().allMatch(u -> standard(u) && (u.getOpType().equals("LSTM")
                        || u.getOpType().equals("RNN")) && java.util.stream.IntStream.range(0, u.getInputCount())
                        .allMatch(i -> !u.getInput(i).equals(out) || i == 5 || i == 6 && u.getOpType().equals("LSTM")));
                if (zero && statesOnly) {
                    zeroFilled.add(out);
                    s.add(n);
                }
            }
            Set<String> helpers = Set.of("Shape", "Gather", "Unsqueeze", "Concat", "Constant", "Cast", "Slice", "Squeeze");
            for (boolean changed = !s.isEmpty(); changed; ) {
                changed = false;
                for (NodeProto n : graph.getNodeList()) {
                    if (!s.contains(n) && standard(n) && helpers.contains(n.getOpType()) && n.getOutputList().stream().allMatch(o -> !o.isEmpty()
                            && !graphOutputs.contains(o) && !consumersOf(o).isEmpty() && consumersOf(o).stream().allMatch(s::contains))) {
                        s.add(n);
                        changed = true;
                    }
                }
            }
            consumed.addAll(s);
        }

        private boolean used(String tensor) {
            return !tensor.isEmpty() && (!consumersOf(tensor).isEmpty() || graphOutputs.contains(tensor));
        }

        /** Block k of {@code values} (ONNX's order) goes to our block {@code order[k]}. */
        private static float[] unorder(float[] values, int[] order, int block) {
            float[] out = new float[values.length];
            for (int k = 0; k < order.length; k++) {
                System.arraycopy(values, k * block, out, order[k] * block, block);
            }
            return out;
        }

        /** Our activation for the node's activations (LSTM: Sigmoid, f, f; RNN: f), or "tanh" after adding to {@code bad}. */
        private static String recurrentActivation(NodeProto n, boolean lstm, List<String> bad) {
            AttributeProto a = attribute(n, "activations");
            List<String> fs = a == null ? (lstm ? List.of("Sigmoid", "Tanh", "Tanh") : List.of("Tanh"))
                    : a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toList();
            AttributeProto alphaAttr = attribute(n, "activation_alpha"), betaAttr = attribute(n, "activation_beta");
            List<Float> alphas = alphaAttr == null ? List.of() : alphaAttr.getFloatsList(), betas = betaAttr == null ? List.of() : betaAttr.getFloatsList();
            int ai = 0, bi = 0;
            List<String> keys = new ArrayList<>();
            for (String f : fs) {
                String key = RECURRENT_ACTIVATIONS.get(f);
                if (key == null) {
                    bad.add("activation " + f);
                    return "tanh";
                }
                float alpha = f.equals("LeakyRelu") ? 0.01f : 1f, beta = 0f;
                if (f.equals("LeakyRelu") || f.equals("Elu") || f.equals("Affine")) {
                    alpha = ai < alphas.size() ? alphas.get(ai++) : alpha;
                }
                if (f.equals("Affine")) {
                    beta = bi < betas.size() ? betas.get(bi++) : beta;
                }
                if (f.equals("LeakyRelu") && Math.abs(alpha - 0.01f) > 1e-7 || f.equals("Elu") && alpha != 1f || f.equals("Affine") && (alpha != 1f || beta != 0f)) {
                    bad.add("activation " + f + " with alpha " + alpha + (f.equals("Affine") ? ", beta " + beta : "")
                            + " (LayerCanvas has leaky_relu 0.01, elu 1 and linear)");
                    return "tanh";
                }
                keys.add(key);
            }
            if (lstm && (keys.size() != 3 || !keys.get(0).equals("sigmoid") || !keys.get(1).equals(keys.get(2)))) {
                bad.add("activations " + fs + " (LSTM's gates use Sigmoid and its candidate and cell the same function: [Sigmoid, f, f])");
                return "tanh";
            }
            if (!lstm && keys.size() != 1) {
                bad.add("activations " + fs);
                return "tanh";
            }
            return keys.get(keys.size() - 1);
        }

        // ---- activations ----

        /** An activation recognised at a node: our key, the nodes it spans, the tensor it ends in. */
        private record Act(String key, List<NodeProto> nodes, String output) {
        }

        /**
         * The activation computed by {@code n} on its first input, or null with {@code why[0]} saying
         * why not: Relu, Sigmoid, …, Identity (linear), GreaterOrEqual(x, 0) → Cast (step) or
         * Where(…, 1, −1) (sign). {@code rank} is the input's rank with the batch (for Softmax's axis).
         */
        private Act activationAt(NodeProto n, int rank, String[] why) throws Unreadable {
            String out = n.getOutput(0);
            String key = switch (n.getOpType()) {
                case "Relu" -> "relu";
                case "Sigmoid" -> "sigmoid";
                case "Tanh" -> "tanh";
                case "Softplus" -> "softplus";
                case "Abs" -> "abs";
                case "Sign" -> "sign";
                case "Exp" -> "exponential";
                case "LeakyRelu" -> Math.abs(floatAttr(n, "alpha", 0.01f) - 0.01f) <= 1e-7 ? "leaky_relu" : null;
                case "Elu" -> floatAttr(n, "alpha", 1f) == 1f ? "elu" : null;
                case "Softmax" -> {
                    long axis = intAttr(n, "axis", opset >= 13 ? -1 : 1);
                    yield axis == -1 || axis == rank - 1 ? "softmax" : null;
                }
                case "Greater", "GreaterOrEqual" -> {
                    TensorProto zero = constants.get(in(n, 1));
                    NodeProto next = soleConsumer(out);
                    if (zero == null || OnnxTensors.size(zero) != 1 || OnnxTensors.floats(zero)[0] != 0f || next == null) {
                        yield null;
                    }
                    if (next.getOpType().equals("Cast") && intAttr(next, "to", 0) == TensorProto.DataType.FLOAT_VALUE) {
                        yield "step";
                    }
                    if (next.getOpType().equals("Where") && next.getInputCount() == 3 && next.getInput(0).equals(out) && isScalar(next.getInput(1), 1f)
                            && isScalar(next.getInput(2), -1f)) {
                        yield "sign";
                    }
                    yield null;
                }
                default -> "";
            };
            if (key == null) {
                why[0] = switch (n.getOpType()) {
                    case "LeakyRelu" -> "alpha " + floatAttr(n, "alpha", 0.01f) + " (leaky_relu's slope is 0.01)";
                    case "Elu" -> "alpha " + floatAttr(n, "alpha", 1f) + " (elu's alpha is 1)";
                    case "Softmax" -> "axis " + intAttr(n, "axis", opset >= 13 ? -1 : 1) + " (softmax runs over the last axis)";
                    default -> "only x ≥ 0 (or x > 0) compared with a constant 0 and then Cast to float (step) or Where(…, 1, −1) (sign) is supported";
                };
                return null;
            }
            if (key.isEmpty()) {
                why[0] = "not an activation";
                return null;
            }
            if (n.getOpType().startsWith("Greater")) {
                NodeProto next = soleConsumer(out);
                return new Act(key, List.of(n, next), next.getOutput(0));
            }
            return new Act(key, List.of(n), out);
        }

        private boolean isScalar(String tensor, float value) throws Unreadable {
            TensorProto t = constants.get(tensor);
            return t != null && OnnxTensors.size(t) == 1 && OnnxTensors.floats(t)[0] == value;
        }

        private void activationLayer(NodeProto n) throws Unreadable {
            Layer x = value(n, 0);
            if (x == null) {
                return;
            }
            Shape s = shapeOrProblem(n, x);
            if (s == null) {
                return;
            }
            String[] why = new String[1];
            Act act = activationAt(n, s.rank() + 1, why);
            if (act == null) {
                problems.add(describe(n) + ": " + why[0]);
                return;
            }
            consumed.addAll(act.nodes());
            Layer a = layer("Activation", n, act.output());
            a.inputs.add(x);
            a.params.put("activation", act.key());
        }

        /**
         * Makes an activation that alone consumes a fresh Dense's or Conv2D's output that layer's
         * activation; for Conv2D also softmax over each filter's map, written as Reshape [0, 0, -1],
         * Softmax, Reshape back.
         */
        private void foldActivation(Layer l, boolean conv) throws Unreadable {
            NodeProto next = soleConsumer(l.output);
            if (next == null || next.getInput(0).length() == 0 || !next.getInput(0).equals(l.output)) {
                return;
            }
            if (conv && next.getOpType().equals("Reshape")) {
                foldMapSoftmax(l, next);
                return;
            }
            String[] why = new String[1];
            Shape s = shape(l);
            if (s == null || next.getOpType().equals("Identity")) {
                return;
            }
            Act act = activationAt(next, s.rank() + 1, why);
            if (act == null || act.key().equals("softmax") && conv) {
                return;
            }
            consumed.addAll(act.nodes());
            values.remove(l.output);
            l.output = act.output();
            values.put(l.output, l);
            l.params.put("activation", act.key());
        }

        private void foldMapSoftmax(Layer conv, NodeProto maps) throws Unreadable {
            Shape s = shape(conv);
            TensorProto mapsShape = constants.get(in(maps, 1));
            NodeProto softmax = soleConsumer(maps.getOutput(0));
            NodeProto back = softmax == null ? null : soleConsumer(softmax.getOutput(0));
            if (s == null || mapsShape == null || softmax == null || back == null || !softmax.getOpType().equals("Softmax")
                    || !back.getOpType().equals("Reshape") || !constants.containsKey(in(back, 1))) {
                return;
            }
            long axis = intAttr(softmax, "axis", opset >= 13 ? -1 : 1);
            long[] toMaps = OnnxTensors.longs(mapsShape), toImage = OnnxTensors.longs(constants.get(in(back, 1)));
            long[] image = {0, s.dim(0), s.dim(1), s.dim(2)};
            boolean mapsOk = Arrays.equals(toMaps, new long[] {0, 0, -1}) || Arrays.equals(toMaps, new long[] {0, s.dim(0), -1})
                    || Arrays.equals(toMaps, new long[] {0, s.dim(0), (long) s.dim(1) * s.dim(2)});
            boolean backOk = Arrays.equals(toImage, image) || toImage.length == 4 && toImage[0] == -1 && Arrays.equals(Arrays.copyOfRange(toImage, 1, 4),
                    Arrays.copyOfRange(image, 1, 4));
            if (!mapsOk || !(axis == -1 || axis == 2) || !backOk) {
                return;
            }
            consumed.addAll(List.of(maps, softmax, back));
            values.remove(conv.output);
            conv.output = back.getOutput(0);
            values.put(conv.output, conv);
            conv.params.put("activation", "softmax");
        }
    }
}
