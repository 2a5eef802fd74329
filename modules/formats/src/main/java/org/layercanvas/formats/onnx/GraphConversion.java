package org.layercanvas.formats.onnx;

import static org.layercanvas.formats.spi.OnnxNodes.attribute;
import static org.layercanvas.formats.spi.OnnxNodes.describe;
import static org.layercanvas.formats.spi.OnnxNodes.in;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;
import static org.layercanvas.formats.spi.OnnxNodes.isTimeMajorTranspose;
import static org.layercanvas.formats.spi.OnnxNodes.standard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.layout.LayeredLayout;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelImporter.Imported;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.validate.Problem;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.spi.onnx.Onnx.AttributeProto;
import org.layercanvas.formats.spi.onnx.Onnx.GraphProto;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorShapeProto;
import org.layercanvas.formats.spi.onnx.Onnx.ValueInfoProto;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;

/**
 * One ONNX graph being turned into layers: walks the nodes in order, hands each to the adapter that
 * claims its operator, and keeps what the adapters share (values, constants, consumers, problems).
 * Constant, and the Transposes, Squeezes, Casts and Wheres that only exist inside the patterns of
 * LSTM / RNN and step / sign, are the walk's own.
 */
final class GraphConversion implements OnnxImport {
    /** The operators the walk handles itself, alone or as the adapters' patterns consume them. */
    static final Set<String> OWN_OPERATORS = Set.of("Constant", "Transpose", "Squeeze", "Cast", "Where");

    private final GraphProto graph;
    /** The recurrent operators, which read [steps, batch, features] (a Transpose of ours). */
    private static final Set<String> RECURRENT = Set.of("LSTM", "RNN", "GRU");
    private final long opset;
    private final String source;
    private final LayerRegistry registry;
    private final Map<String, OnnxAdapter> byOperator;
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

    GraphConversion(GraphProto graph, long opset, String source, LayerRegistry registry, Map<String, OnnxAdapter> byOperator) {
        this.graph = graph;
        this.opset = opset;
        this.source = source;
        this.registry = registry;
        this.byOperator = byOperator;
    }

    Imported run() {
        for (NodeProto n : graph.getNodeList()) {
            // the adapters follow a node's outputs to its consumers: a node without any is no valid ONNX (an optional
            // output may be left empty, as LSTM's Y when only Y_h is used)
            if (n.getOutputList().stream().allMatch(String::isEmpty)) {
                throw new IllegalArgumentException(source + ": cannot import the model: " + describe(n) + " has no output");
            }
        }
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
            if (!standard(n) || !OWN_OPERATORS.contains(n.getOpType()) && !byOperator.containsKey(n.getOpType())) {
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
        // whole-number indices that only Gathers (embeddings) read come in as float values, as LayerCanvas's Input holds them
        boolean indices = isIndexType(elem) && readsOnlyAsIndices(in.getName());
        if (elem != TensorProto.DataType.FLOAT_VALUE && !indices) {
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
        if (dims.size() == 3 && readsAsTimeMajor(in.getName())) {
            // ONNX's own layout for RNN / LSTM / GRU: [steps, batch, features]; LayerCanvas's Input holds each sample's [steps, features]
            TensorShapeProto.Dimension steps = dims.get(0), features = dims.get(2);
            if (!steps.hasDimValue() || steps.getDimValue() <= 0 || !features.hasDimValue() || features.getDimValue() <= 0) {
                problems.add(what + " is a recurrent layer's [steps, batch, features] input whose steps or features are not fixed");
                poisoned.add(in.getName());
                return;
            }
            Layer l = layer("Input", null, in.getName());
            l.params.put("shape", List.of((int) steps.getDimValue(), (int) features.getDimValue()));
            timeMajor.put(in.getName(), l);
            return;
        }
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
        cancelInversePermutes();
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

    @Override
    public Layer layer(String type, NodeProto n, String output) {
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

    @Override
    public List<NodeProto> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    @Override
    public NodeProto soleConsumer(String tensor) {
        List<NodeProto> c = consumers(tensor);
        if (c.size() != 1 || graphOutputs.contains(tensor) || c.get(0).getInputList().stream().filter(tensor::equals).count() != 1
                || !standard(c.get(0))) {
            return null;
        }
        return c.get(0);
    }

    @Override
    public Layer value(NodeProto n, int i) {
        String name = in(n, i);
        Layer l = values.get(name);
        if (l == null) {
            problem(n, "input " + i + " '" + name + "' is " + (constants.containsKey(name) ? "a constant; it must be computed from the graph's inputs"
                    : timeMajor.containsKey(name) ? "a time-major transpose, which only LSTM and RNN take" : "not computed by any earlier node"));
        }
        return l;
    }

    @Override
    public TensorProto constant(NodeProto n, int i, String what) {
        TensorProto t = constants.get(in(n, i));
        if (t == null) {
            problem(n, "its " + what + " (input " + i + (in(n, i).isEmpty() ? "" : " '" + in(n, i) + "'")
                    + ") must be a constant initializer");
        }
        return t;
    }

    @Override
    public Shape shape(ImportedLayer imported) {
        Layer l = (Layer) imported;
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

    @Override
    public Shape shapeOrProblem(NodeProto n, ImportedLayer l) {
        Shape s = shape(l);
        if (s == null) {
            problem(n, "the shape of its input '" + l.output() + "' cannot be inferred");
        }
        return s;
    }

    private void transpose(NodeProto n) {
        List<NodeProto> users = consumers(n.getOutput(0));
        boolean feedsRecurrent = !users.isEmpty() && !graphOutputs.contains(n.getOutput(0)) && users.stream().allMatch(u -> readsAsX(u, n.getOutput(0)));
        Layer x = value(n, 0);
        if (isTimeMajorTranspose(n) && feedsRecurrent) {
            if (x != null) {
                timeMajor.put(n.getOutput(0), x);
            }
            return;
        }
        long[] perm = intsAttr(n, "perm");
        if (perm == null || perm.length < 2 || perm[0] != 0) {
            problem(n, "perm " + (perm == null ? "missing" : Arrays.toString(perm)) + ": a transpose keeps the batch first (Permute), or moves "
                    + "the steps first ([1, 0, 2]) around LSTM and RNN");
            return;
        }
        if (x != null) {
            layer("Permute", n, n.getOutput(0)).input(x).param("dims", Arrays.stream(perm).skip(1).mapToObj(d -> (int) d).toList());
        }
    }

    /**
     * A Permute that undoes the Permute it alone reads leaves both out: the transposes ONNX puts around a 1-D convolution
     * or pooling, which LayerCanvas's [steps, features] sequences do not need, cancel between neighbouring layers.
     */
    private void cancelInversePermutes() {
        for (Layer l : layers) {
            Layer p = l.type.equals("Permute") && l.inputs.size() == 1 ? l.inputs.get(0) : null;
            if (p == null || !p.type.equals("Permute") || graphOutputs.contains(p.output)
                    || layers.stream().filter(r -> r.inputs.contains(p)).count() != 1 || !undoes(dims(l), dims(p))) {
                continue;
            }
            Layer source = p.inputs.get(0);
            layers.forEach(r -> r.inputs.replaceAll(i -> i == l ? source : i));
            values.replaceAll((tensor, v) -> v == l ? source : v);
            if (!source.type.equals("Input") && !producedInGraph(source.output)) {
                source.output = l.output; // a layer an adapter named itself takes the name of the value it now gives
            }
        }
    }

    /** Whether some node of the graph outputs {@code tensor} (not an Input's, nor a name an adapter made up). */
    private boolean producedInGraph(String tensor) {
        return graph.getNodeList().stream().anyMatch(n -> n.getOutputList().contains(tensor));
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> dims(Layer permute) {
        return (List<Integer>) permute.params.get("dims");
    }

    /** Whether Permute {@code second} after Permute {@code first} gives back the original axis order. */
    private static boolean undoes(List<Integer> second, List<Integer> first) {
        for (int j = 0; j < second.size(); j++) {
            if (second.get(j) < 1 || second.get(j) > first.size() || first.get(second.get(j) - 1) != j + 1) {
                return false;
            }
        }
        return second.size() == first.size();
    }


    @Override
    public boolean isZeroState(String tensor) {
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
            List<NodeProto> users = consumers(out);
            boolean statesOnly = !users.isEmpty() && users.stream().allMatch(u -> standard(u) && (u.getOpType().equals("LSTM")
                    || u.getOpType().equals("RNN") || u.getOpType().equals("GRU")) && java.util.stream.IntStream.range(0, u.getInputCount())
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
                        && !graphOutputs.contains(o) && !consumers(o).isEmpty() && consumers(o).stream().allMatch(s::contains))) {
                    s.add(n);
                    changed = true;
                }
            }
        }
        consumed.addAll(s);
    }

    // ---- the nodes the walk handles itself ----

    private void convert(NodeProto n) throws Unreadable {
        switch (n.getOpType()) {
            case "Constant" -> {
                TensorProto t = n.getAttributeCount() == 1 ? OnnxTensors.fromAttribute(n.getAttribute(0)) : null;
                if (t == null) {
                    problem(n, "only Constant with a value, value_float(s) or value_int(s) is supported");
                } else {
                    constants.put(n.getOutput(0), t);
                }
            }
            case "Transpose" -> transpose(n);
            case "Squeeze" -> problem(n, "Squeeze is supported only on the outputs of LSTM and RNN, as the docs describe");
            case "Cast" -> {
                if (isIndexType(intAttr(n, "to", 0)) && readsOnlyAsIndices(n.getOutput(0)) && valueOf(n.getInput(0)) != null) {
                    alias(n.getOutput(0), valueOf(n.getInput(0))); // indices for an embedding: LayerCanvas keeps them as floats
                } else {
                    problem(n, "Cast is supported only after GreaterOrEqual(x, 0) (step, sign) and to integers that only Gathers read as indices");
                }
            }
            case "Where" -> problem(n, "Where is supported only after GreaterOrEqual(x, 0) (step, sign)");
            default -> byOperator.get(n.getOpType()).importNode(n, this);
        }
    }

    private static boolean isIndexType(long elemType) {
        return elemType == TensorProto.DataType.INT64_VALUE || elemType == TensorProto.DataType.INT32_VALUE;
    }

    /** Whether only RNN / LSTM / GRU nodes read {@code tensor} (besides the consumed helpers), each as its time-major input X (layout 0). */
    private boolean readsAsTimeMajor(String tensor) {
        // (the Shape → Gather → … that builds a zero initial state from it is consumed already)
        List<NodeProto> readers = consumers(tensor).stream().filter(r -> !consumed.contains(r)).toList();
        return !readers.isEmpty() && readers.stream().allMatch(r -> readsAsX(r, tensor) && intAttr(r, "layout", 0) == 0);
    }

    /** Whether {@code r} is an RNN / LSTM / GRU reading {@code tensor} as its sequence X, and as nothing else. */
    private boolean readsAsX(NodeProto r, String tensor) {
        return standard(r) && RECURRENT.contains(r.getOpType()) && r.getInput(0).equals(tensor) && r.getInputList().stream().skip(1).noneMatch(tensor::equals);
    }

    /** Whether every node that reads {@code tensor} is a Gather taking it as its indices (an embedding's lookup). */
    private boolean readsOnlyAsIndices(String tensor) {
        List<NodeProto> readers = consumers(tensor);
        return !readers.isEmpty() && readers.stream().allMatch(r -> r.getOpType().equals("Gather") && r.getInputCount() == 2
                && r.getInput(1).equals(tensor) && !r.getInput(0).equals(tensor));
    }

    // ---- what adapters see ----

    @Override
    public long opset() {
        return opset;
    }

    @Override
    public void problem(NodeProto n, String what) {
        problems.add(describe(n) + ": " + what);
    }

    @Override
    public ImportedLayer valueOf(String tensor) {
        return values.get(tensor);
    }

    @Override
    public ImportedLayer timeMajor(String tensor) {
        return timeMajor.get(tensor);
    }

    @Override
    public TensorProto constant(String tensor) {
        return constants.get(tensor);
    }

    @Override
    public void defineConstant(String tensor, TensorProto value) {
        constants.put(tensor, value);
    }

    @Override
    public void alias(String tensor, ImportedLayer l) {
        values.put(tensor, (Layer) l);
    }

    @Override
    public void moveOutput(ImportedLayer imported, String tensor) {
        Layer l = (Layer) imported;
        values.remove(l.output);
        l.output = tensor;
        values.put(tensor, l);
    }

    @Override
    public boolean isGraphOutput(String tensor) {
        return graphOutputs.contains(tensor);
    }

    @Override
    public void consume(Collection<NodeProto> nodes) {
        consumed.addAll(nodes);
    }

    /** A layer being built: its type, explicit params, inputs, weights and the ONNX tensor its output is. */
    private static final class Layer implements ImportedLayer {
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

        @Override
        public ImportedLayer input(ImportedLayer source) {
            inputs.add((Layer) source);
            return this;
        }

        @Override
        public ImportedLayer param(String name, Object value) {
            params.put(name, value);
            return this;
        }

        @Override
        public ImportedLayer weight(String param, Shape shape, float[] values) {
            weights.put(param, new WeightTensor(param, shape, values));
            return this;
        }

        @Override
        public String output() {
            return output;
        }
    }
}
