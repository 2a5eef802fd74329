package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.attribute;
import static org.layercanvas.formats.spi.OnnxNodes.in;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.ints;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;
import static org.layercanvas.formats.spi.OnnxNodes.isTimeMajorTranspose;
import static org.layercanvas.formats.spi.OnnxNodes.present;
import static org.layercanvas.formats.spi.OnnxNodes.stringAttr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.layers.BidirectionalLayer;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.spi.onnx.Onnx.AttributeProto;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.KerasWeight;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.OnnxNodes;
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/**
 * SimpleRNN, LSTM and GRU, and Bidirectional around them: ONNX's RNN, LSTM and GRU (forward or bidirectional, zero initial
 * state, time-major between Transposes; GRU with linear_before_reset 1); nn.RNN / nn.LSTM / nn.GRU, or a step loop for the
 * activations they lack, one per direction; Keras's own layers (GRU with reset_after) and its Bidirectional. Our weights
 * are PyTorch's: blocks of {@code units} rows, one per gate (LSTM: i, f, g, o; GRU: r, z, n); a Bidirectional's backward
 * copy has them with the suffix {@code _reverse}.
 */
public final class RecurrentAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    /** Our gate block k-th in ONNX's order: LSTM ours i, f, g, o, ONNX's i, o, f, c (c = our g); GRU ours r, z, n, ONNX's z, r, h. */
    private static final int[] LSTM_GATES = {0, 3, 1, 2}, RNN_GATES = {0}, GRU_GATES = {1, 0, 2};

    /** The ONNX operator of each layer type, and its gate order. */
    private static final Map<String, String> OPERATORS = Map.of("SimpleRNN", "RNN", "LSTM", "LSTM", "GRU", "GRU");

    private static int[] gateOrder(String type) {
        return switch (type) {
            case "LSTM" -> LSTM_GATES;
            case "GRU" -> GRU_GATES;
            default -> RNN_GATES;
        };
    }

    private static final Map<String, String> ONNX_ACTIVATIONS = Map.of("Tanh", "tanh", "Sigmoid", "sigmoid", "Relu", "relu",
            "Softplus", "softplus", "LeakyRelu", "leaky_relu", "Elu", "elu", "Affine", "linear", "Softsign", "softsign", "HardSigmoid", "hard_sigmoid");

    @Override
    public Set<String> layerTypes() {
        return Set.of("SimpleRNN", "LSTM", "GRU", "Bidirectional");
    }

    /** The recurrent layer itself: a Bidirectional's wrapped layer, else the node. */
    private static LayerConfig one(LayerConfig c) {
        return c.typeName().equals("Bidirectional") ? BidirectionalLayer.inner(c) : c;
    }

    /** Our parameter-name suffix of each direction: "" forward, "_reverse" for a Bidirectional's backward copy. */
    private static List<String> directions(LayerConfig c) {
        return c.typeName().equals("Bidirectional") ? List.of("", "_reverse") : List.of("");
    }

    private static boolean lstm(LayerConfig c) {
        return c.typeName().equals("LSTM");
    }

    private static boolean gru(LayerConfig c) {
        return c.typeName().equals("GRU");
    }

    /**
     * The {@code activations} of ONNX's RNN (f), LSTM (f, g, h: sigmoid for the gates, then the layer's activation
     * twice) or GRU (f, g: sigmoid for the gates, then the layer's activation) with the alphas and betas they consume.
     */
    private record OnnxFunctions(List<String> functions, List<Float> alphas, List<Float> betas) {
        /** For recurrent layer {@code c} (a Bidirectional's wrapped one) of node {@code node} (named in messages). */
        static OnnxFunctions of(LayerConfig c, LayerConfig node) {
            String key = c.getString("activation"), op = OPERATORS.get(c.typeName());
            List<String> keys = lstm(c) ? List.of("sigmoid", key, key) : gru(c) ? List.of("sigmoid", key) : List.of(key);
            List<String> functions = new ArrayList<>();
            List<Float> alphas = new ArrayList<>(), betas = new ArrayList<>();
            for (String k : keys) {
                Activation f = Activation.of(k);
                switch (f) {
                    case SIGMOID -> functions.add("Sigmoid");
                    case TANH -> functions.add("Tanh");
                    case RELU -> functions.add("Relu");
                    case SOFTPLUS -> functions.add("Softplus");
                    case SOFTSIGN -> functions.add("Softsign");
                    case HARD_SIGMOID -> {
                        functions.add("HardSigmoid");
                        alphas.add(1f / 6);
                        betas.add(0.5f);
                    }
                    case LEAKY_RELU, ELU -> {
                        functions.add(f == Activation.ELU ? "Elu" : "LeakyRelu");
                        alphas.add((float) f.defaultAlpha());
                    }
                    case LINEAR -> {
                        functions.add("Affine");
                        alphas.add(1f);
                        betas.add(0f);
                    }
                    default -> throw new IllegalArgumentException("cannot export " + node.describe() + " to ONNX: ONNX's " + op
                            + " has no '" + k + "' activation (it has tanh, sigmoid, relu, leaky_relu, elu, softplus, softsign, hard_sigmoid and linear)");
                }
            }
            return new OnnxFunctions(functions, alphas, betas);
        }
    }

    @Override
    public void checkExport(LayerConfig c) {
        OnnxFunctions.of(one(c), c);
    }

    /**
     * ONNX's RNN / LSTM (forward, zero initial state), time-major as ORT requires: x [N, T, F] is
     * transposed to [T, N, F]; Y [T, 1, N, H] back to [N, T, H], or Y_h [1, N, H] squeezed to [N, H].
     */
    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        LayerConfig one = one(c);
        String op = OPERATORS.get(one.typeName());
        int[] gateOrder = gateOrder(one.typeName());
        int h = c.getInt("units");
        OnnxFunctions fs = OnnxFunctions.of(one, c);
        List<String> directions = directions(c);
        int d = directions.size(), gates = gateOrder.length, features = g.weight(id, "weight_ih").shape().dim(1);
        float[] wAll = new float[d * gates * h * features], rAll = new float[d * gates * h * h], bAll = new float[d * 2 * gates * h];
        for (int k = 0; k < d; k++) { // ONNX stacks the directions: forward, then reverse
            String suffix = directions.get(k);
            System.arraycopy(reorder(g.weight(id, "weight_ih" + suffix).values(), gateOrder, h * features), 0, wAll, k * gates * h * features, gates * h * features);
            System.arraycopy(reorder(g.weight(id, "weight_hh" + suffix).values(), gateOrder, h * h), 0, rAll, k * gates * h * h, gates * h * h);
            System.arraycopy(reorder(g.weight(id, "bias_ih" + suffix).values(), gateOrder, h), 0, bAll, (2 * k) * gates * h, gates * h);
            System.arraycopy(reorder(g.weight(id, "bias_hh" + suffix).values(), gateOrder, h), 0, bAll, (2 * k + 1) * gates * h, gates * h);
        }
        String w = g.floats(id + "/W", new long[] {d, (long) gates * h, features}, wAll);
        String r = g.floats(id + "/R", new long[] {d, (long) gates * h, h}, rAll);
        String b = g.floats(id + "/B", new long[] {d, 2L * gates * h}, bAll);
        String perm = id + "/time_major";
        g.node("Transpose", perm, List.of(in.get(0)), perm, ints("perm", 1, 0, 2));
        List<AttributeProto> attrs = new ArrayList<>(List.of(attr("hidden_size", (long) h), attr("direction", d == 2 ? "bidirectional" : "forward"),
                OnnxNodes.strings("activations", d == 2 ? concat(fs.functions(), fs.functions()) : fs.functions())));
        if (!fs.alphas().isEmpty()) {
            attrs.add(OnnxNodes.floatList("activation_alpha", d == 2 ? concat(fs.alphas(), fs.alphas()) : fs.alphas()));
        }
        if (!fs.betas().isEmpty()) {
            attrs.add(OnnxNodes.floatList("activation_beta", d == 2 ? concat(fs.betas(), fs.betas()) : fs.betas()));
        }
        if (gru(one)) { // the reset gate scales the recurrent product with its bias, as PyTorch and Keras's reset_after
            attrs.add(attr("linear_before_reset", 1L));
        }
        AttributeProto[] attributes = attrs.toArray(AttributeProto[]::new);
        boolean sequences = c.getBoolean("return_sequences");
        if (sequences) {
            g.node(op, id + "/" + op, List.of(perm, w, r, b), List.of(id + "/Y"), attributes);
        } else {
            g.node(op, id + "/" + op, List.of(perm, w, r, b), List.of("", id + "/Y_h"), attributes);
        }
        if (d == 1 && sequences) {
            g.node("Squeeze", id + "/squeeze", List.of(id + "/Y", g.longs(id + "/axis1", 1)), id + "/Y_tnh");
            g.node("Transpose", id, List.of(id + "/Y_tnh"), id, ints("perm", 1, 0, 2));
        } else if (d == 1) {
            g.node("Squeeze", id, List.of(id + "/Y_h", g.longs(id + "/axis0", 0)), id);
        } else {
            // Y [T, 2, N, H] to [N, T, 2, H], or Y_h [2, N, H] to [N, 2, H]; then the directions merged along that axis
            String both = id + "/directions";
            g.node("Transpose", both, List.of(sequences ? id + "/Y" : id + "/Y_h"), both, sequences ? ints("perm", 2, 0, 1, 3) : ints("perm", 1, 0, 2));
            long axis = sequences ? 2 : 1;
            Shape o = g.shape(id);
            switch (c.getString("merge_mode")) {
                case "concat" -> g.node("Reshape", id, List.of(both, g.longs(id + "/shape", OnnxActivations.batchShape(o))), id);
                case "sum" -> g.node("ReduceSum", id, List.of(both, g.longs(id + "/axis", axis)), id, attr("keepdims", 0L));
                case "mul" -> g.node("ReduceProd", id, List.of(both), id, ints("axes", axis), attr("keepdims", 0L));
                default -> g.node("ReduceMean", id, List.of(both), id, ints("axes", axis), attr("keepdims", 0L));
            }
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The blocks of {@code block} values of {@code values} in the order {@code order}. */
    private static float[] reorder(float[] values, int[] order, int block) {
        float[] out = new float[values.length];
        for (int k = 0; k < order.length; k++) {
            System.arraycopy(values, order[k] * block, out, k * block, block);
        }
        return out;
    }

    /** Block k of {@code values} (ONNX's order) goes to our block {@code order[k]}. */
    private static float[] unorder(float[] values, int[] order, int block) {
        float[] out = new float[values.length];
        for (int k = 0; k < order.length; k++) {
            System.arraycopy(values, k * block, out, order[k] * block, block);
        }
        return out;
    }

    @Override
    public Set<String> operators() {
        return Set.of("LSTM", "RNN", "GRU");
    }

    /**
     * LSTM / RNN (forward, no initial state, peepholes or sequence lengths) reading [T, N, F]
     * (a Transpose of our [N, T, F], or [N, T, F] with layout 1), its output Y_h squeezed (the
     * last state) or Y squeezed and transposed back (return_sequences). Gates from ONNX's i, o, f, c
     * to ours i, f, g, o.
     */
    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        String op = n.getOpType(), type = op.equals("RNN") ? "SimpleRNN" : op;
        boolean lstm = op.equals("LSTM");
        int gates = gateOrder(type).length;
        long layout = intAttr(n, "layout", 0);
        List<String> bad = new ArrayList<>();
        if (op.equals("GRU") && intAttr(n, "linear_before_reset", 0) != 1) {
            bad.add("linear_before_reset 0 (LayerCanvas's GRU applies the reset gate to the recurrent product and its bias, linear_before_reset 1, "
                    + "as PyTorch and Keras's reset_after)");
        }
        String direction = stringAttr(n, "direction", "forward");
        if (!direction.equals("forward") && !direction.equals("bidirectional")) {
            bad.add("direction " + direction + " (forward, or bidirectional as a Bidirectional layer)");
        }
        int d = direction.equals("bidirectional") ? 2 : 1;
        if (d == 2 && layout != 0) {
            bad.add("layout 1 with direction bidirectional");
        }
        if (attribute(n, "clip") != null) {
            bad.add("clip");
        }
        if (intAttr(n, "input_forget", 0) != 0) {
            bad.add("input_forget 1");
        }
        for (int i = 4; i < n.getInputCount(); i++) {
            if (present(n, i) && !((i == 5 || i == 6) && onnx.isZeroState(in(n, i)))) {
                bad.add((i == 4 ? "sequence_lens" : i == 5 ? "initial_h" : i == 6 ? "initial_c" : "peepholes P") + " (only full sequences from a zero state)");
            }
        }
        String activation = activation(n, type, d, bad);
        if (!bad.isEmpty()) {
            onnx.problem(n, String.join(", ", bad));
            return;
        }
        ImportedLayer x = layout == 1 ? onnx.valueOf(in(n, 0)) : onnx.timeMajor(in(n, 0));
        if (x == null) {
            onnx.problem(n, "its input must be " + (layout == 1 ? "a layer's [batch, steps, features] output"
                    : "Transpose(perm [1, 0, 2]) of a layer's [batch, steps, features] output"));
            return;
        }
        TensorProto w = onnx.constant(n, 1, "weight W"), r = onnx.constant(n, 2, "recurrence weight R");
        TensorProto b = present(n, 3) ? onnx.constant(n, 3, "bias B") : null;
        if (w == null || r == null || present(n, 3) && b == null) {
            return;
        }
        int h = (int) intAttr(n, "hidden_size", r.getDimsCount() == 3 ? r.getDims(2) : 0);
        if (w.getDimsCount() != 3 || w.getDims(0) != d || w.getDims(1) != (long) gates * h || r.getDimsCount() != 3 || r.getDims(0) != d
                || r.getDims(1) != (long) gates * h || r.getDims(2) != h) {
            onnx.problem(n, "weights W " + w.getDimsList() + " and R " + r.getDimsList() + " do not fit hidden_size " + h);
            return;
        }
        int features = (int) w.getDims(2);
        Shape xs = onnx.shapeOrProblem(n, x);
        if (xs == null) {
            return;
        }
        if (xs.rank() != 2 || xs.dim(1) != features) {
            onnx.problem(n, "weight W " + w.getDimsList() + " takes " + features + " features but its input '" + x.output()
                    + "' has sample shape " + xs + " (not [steps, " + features + "])");
            return;
        }
        // the output: Y_h squeezed, or Y squeezed and transposed back to [N, T, H]
        String y = n.getOutputCount() > 0 ? n.getOutput(0) : "", yh = n.getOutputCount() > 1 ? n.getOutput(1) : "";
        boolean usesY = used(y, onnx), usesYh = used(yh, onnx);
        if (n.getOutputCount() > 2 && used(n.getOutput(2), onnx)) {
            onnx.problem(n, "its cell state output Y_c is used");
            return;
        }
        if (usesY == usesYh) {
            onnx.problem(n, "exactly one of Y (return_sequences) and Y_h (the last state) must be used");
            return;
        }
        if (d == 2) {
            bidirectional(n, onnx, x, type, activation, usesY, h, features, w, r, b);
            return;
        }
        List<NodeProto> pattern = new ArrayList<>();
        String out = null;
        NodeProto sq = onnx.soleConsumer(usesY ? y : yh);
        long axis = usesY ? (layout == 1 ? 2 : 1) : (layout == 1 ? 1 : 0), rank = usesY ? 4 : 3;
        if (sq != null && !usesY && gathers(sq, axis, rank, onnx, 0, -1)) {
            // PyTorch's h[-1]: Gather of the only direction
            pattern.add(sq);
            out = sq.getOutput(0);
        } else if (sq != null && sq.getOpType().equals("Squeeze")) {
            long[] axes = squeezeAxes(sq, onnx);
            if (axes != null && axes.length == 1 && (axes[0] == axis || axes[0] == axis - rank)) {
                pattern.add(sq);
                out = sq.getOutput(0);
                if (usesY && layout == 0) {
                    NodeProto back = onnx.soleConsumer(out);
                    if (back != null && isTimeMajorTranspose(back)) {
                        pattern.add(back);
                        out = back.getOutput(0);
                    } else {
                        out = null;
                    }
                }
            }
        }
        if (out == null) {
            onnx.problem(n, "its output must be " + (usesY ? "Y, squeezed (axis " + (layout == 1 ? 2 : 1) + ")"
                    + (layout == 1 ? "" : " and transposed back (perm [1, 0, 2])") : "Y_h squeezed (axis " + (layout == 1 ? 1 : 0) + ")"));
            return;
        }
        boolean sequences = usesY;
        NodeProto last = usesY ? onnx.soleConsumer(out) : null;
        if (last != null && gathers(last, 1, 3, onnx, -1, xs.dim(0) - 1)) {
            // PyTorch's y[:, -1]: the last step of the sequences is the last state
            pattern.add(last);
            out = last.getOutput(0);
            sequences = false;
        }
        int[] gateOrder = gateOrder(type);
        float[] bias = b == null ? new float[2 * gates * h] : OnnxTensors.floats(b);
        if (bias.length != 2 * gates * h) {
            onnx.problem(n, "bias B has " + bias.length + " values instead of " + 2 * gates * h);
            return;
        }
        onnx.consume(pattern);
        ImportedLayer l = onnx.layer(type, n, out).input(x).param("units", h);
        if (sequences) {
            l.param("return_sequences", true);
        }
        if (!activation.equals("tanh")) {
            l.param("activation", activation);
        }
        weights(l, "", type, h, features, OnnxTensors.floats(w), OnnxTensors.floats(r), bias);
    }

    /** One direction's W, R and B (ONNX's gate order, B = [Wb, Rb]) as our weight_ih, weight_hh, bias_ih, bias_hh with {@code suffix}. */
    private static void weights(ImportedLayer l, String suffix, String type, int h, int features, float[] w, float[] r, float[] bias) {
        int[] gateOrder = gateOrder(type);
        int gates = gateOrder.length;
        l.weight("weight_ih" + suffix, Shape.of(gates * h, features), unorder(w, gateOrder, h * features));
        l.weight("weight_hh" + suffix, Shape.of(gates * h, h), unorder(r, gateOrder, h * h));
        l.weight("bias_ih" + suffix, Shape.of(gates * h), unorder(Arrays.copyOfRange(bias, 0, gates * h), gateOrder, h));
        l.weight("bias_hh" + suffix, Shape.of(gates * h), unorder(Arrays.copyOfRange(bias, gates * h, 2 * gates * h), gateOrder, h));
    }

    /**
     * A bidirectional RNN / LSTM / GRU as a Bidirectional layer: its directions merged as the export writes them — Y
     * Transposed to [N, T, 2, H] (Y_h to [N, 2, H]) then Reshaped to concatenate them or ReduceSum / ReduceProd /
     * ReduceMean over that axis — or as PyTorch's bidirectional batch_first export concatenates them: Y Transposed to
     * [T, N, 2, H], Reshaped to [T, N, 2H], Transposed to [N, T, 2H].
     */
    private static void bidirectional(NodeProto n, OnnxImport onnx, ImportedLayer x, String type, String activation, boolean usesY, int h,
                                      int features, TensorProto w, TensorProto r, TensorProto b) throws Unreadable {
        List<NodeProto> pattern = new ArrayList<>();
        String merge = null, out = null;
        NodeProto t = onnx.soleConsumer(usesY ? n.getOutput(0) : n.getOutput(1));
        long[] perm = t == null || !t.getOpType().equals("Transpose") ? null : intsAttr(t, "perm");
        long axis = usesY ? 2 : 1;
        NodeProto m = perm == null ? null : onnx.soleConsumer(t.getOutput(0));
        boolean ours = Arrays.equals(perm, usesY ? new long[] {2, 0, 1, 3} : new long[] {1, 0, 2});
        if (m != null && ours) {
            merge = switch (m.getOpType()) {
                case "Reshape" -> "concat";
                case "ReduceSum" -> "sum";
                case "ReduceProd" -> "mul";
                case "ReduceMean" -> "ave";
                default -> null;
            };
            long[] axes = intsAttr(m, "axes");
            if (axes == null && m.getInputCount() > 1 && onnx.constant(m.getInput(1)) != null) {
                axes = OnnxTensors.longs(onnx.constant(m.getInput(1)));
            }
            if (merge != null && !merge.equals("concat") && (intAttr(m, "keepdims", 1) != 0 || axes == null || axes.length != 1
                    || axes[0] != axis && axes[0] != axis - (usesY ? 4 : 3))) {
                merge = null;
            }
            pattern.addAll(List.of(t, m));
            out = m.getOutput(0);
        } else if (m != null && usesY && Arrays.equals(perm, new long[] {0, 2, 1, 3}) && m.getOpType().equals("Reshape")) {
            NodeProto back = onnx.soleConsumer(m.getOutput(0));
            if (back != null && isTimeMajorTranspose(back)) {
                merge = "concat";
                pattern.addAll(List.of(t, m, back));
                out = back.getOutput(0);
            }
        }
        if (merge == null) {
            onnx.problem(n, "direction bidirectional: its output must be " + (usesY ? "Y" : "Y_h") + " Transposed to put the batch first, then Reshaped "
                    + "to concatenate the directions or reduced over them (ReduceSum, ReduceProd, ReduceMean)");
            return;
        }
        int gates = gateOrder(type).length;
        float[] bias = b == null ? new float[4 * gates * h] : OnnxTensors.floats(b);
        if (bias.length != 4 * gates * h) {
            onnx.problem(n, "bias B has " + bias.length + " values instead of " + 4 * gates * h);
            return;
        }
        onnx.consume(pattern);
        ImportedLayer l = onnx.layer("Bidirectional", n, out).input(x).param("layer", type).param("units", h);
        if (usesY) {
            l.param("return_sequences", true);
        }
        if (!activation.equals("tanh")) {
            l.param("activation", activation);
        }
        if (!merge.equals("concat")) {
            l.param("merge_mode", merge);
        }
        float[] wv = OnnxTensors.floats(w), rv = OnnxTensors.floats(r);
        int wn = gates * h * features, rn = gates * h * h, bn = 2 * gates * h;
        weights(l, "", type, h, features, Arrays.copyOf(wv, wn), Arrays.copyOf(rv, rn), Arrays.copyOf(bias, bn));
        weights(l, "_reverse", type, h, features, Arrays.copyOfRange(wv, wn, 2 * wn), Arrays.copyOfRange(rv, rn, 2 * rn), Arrays.copyOfRange(bias, bn, 2 * bn));
    }

    private static boolean used(String tensor, OnnxImport onnx) {
        return !tensor.isEmpty() && (!onnx.consumers(tensor).isEmpty() || onnx.isGraphOutput(tensor));
    }

    /** Whether {@code g} is Gather along {@code axis} (of a rank {@code rank} input) of a constant scalar index among {@code indices}. */
    private static boolean gathers(NodeProto g, long axis, long rank, OnnxImport onnx, long... indices) throws Unreadable {
        if (!g.getOpType().equals("Gather") || g.getInputCount() != 2 || onnx.constant(g.getInput(1)) == null) {
            return false;
        }
        long a = intAttr(g, "axis", 0);
        TensorProto index = onnx.constant(g.getInput(1));
        if (a != axis && a != axis - rank || index.getDimsCount() != 0 || OnnxTensors.size(index) != 1) {
            return false;
        }
        long i = OnnxTensors.longs(index)[0];
        return Arrays.stream(indices).anyMatch(k -> k == i);
    }

    /** Squeeze's axes (an attribute before opset 13, an input since), or null. */
    private static long[] squeezeAxes(NodeProto sq, OnnxImport onnx) throws Unreadable {
        long[] axes = intsAttr(sq, "axes");
        if (axes == null && sq.getInputCount() > 1 && onnx.constant(sq.getInput(1)) != null) {
            axes = OnnxTensors.longs(onnx.constant(sq.getInput(1)));
        }
        return axes;
    }

    /** Our activation for the node's activations (LSTM: Sigmoid, f, f; GRU: Sigmoid, f; RNN: f), or "tanh" after adding to {@code bad}. */
    private static String activation(NodeProto n, String type, int directions, List<String> bad) {
        boolean lstm = type.equals("LSTM"), gru = type.equals("GRU");
        AttributeProto a = attribute(n, "activations");
        List<String> fs = a == null ? (lstm ? List.of("Sigmoid", "Tanh", "Tanh") : gru ? List.of("Sigmoid", "Tanh") : List.of("Tanh"))
                : a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toList();
        AttributeProto alphaAttr = attribute(n, "activation_alpha"), betaAttr = attribute(n, "activation_beta");
        List<Float> alphas = alphaAttr == null ? List.of() : alphaAttr.getFloatsList(), betas = betaAttr == null ? List.of() : betaAttr.getFloatsList();
        if (directions == 2 && a != null) { // the forward direction's functions, then the reverse's: a Bidirectional has one set for both
            if (!sameHalves(fs) || !sameHalves(alphas) || !sameHalves(betas)) {
                bad.add("activations " + fs + " that differ between the directions");
                return "tanh";
            }
            fs = fs.subList(0, fs.size() / 2);
            alphas = alphas.subList(0, alphas.size() / 2);
            betas = betas.subList(0, betas.size() / 2);
        }
        int ai = 0, bi = 0;
        List<String> keys = new ArrayList<>();
        for (String f : fs) {
            String key = ONNX_ACTIVATIONS.get(f);
            if (key == null) {
                bad.add("activation " + f);
                return "tanh";
            }
            // ONNX's defaults where the lists run short: LeakyRelu 0.01, Elu 1, Affine (1, 0), HardSigmoid (0.2, 0.5)
            float alpha = f.equals("LeakyRelu") ? 0.01f : f.equals("HardSigmoid") ? 0.2f : 1f, beta = f.equals("HardSigmoid") ? 0.5f : 0f;
            if (f.equals("LeakyRelu") || f.equals("Elu") || f.equals("Affine") || f.equals("HardSigmoid")) {
                alpha = ai < alphas.size() ? alphas.get(ai++) : alpha;
            }
            if (f.equals("Affine") || f.equals("HardSigmoid")) {
                beta = bi < betas.size() ? betas.get(bi++) : beta;
            }
            if (f.equals("LeakyRelu") && Math.abs(alpha - 0.01f) > 1e-7 || f.equals("Elu") && alpha != 1f || f.equals("Affine") && (alpha != 1f || beta != 0f)
                    || f.equals("HardSigmoid") && (Math.abs(alpha - 1.0 / 6) > 1e-6 || beta != 0.5f)) {
                bad.add("activation " + f + " with alpha " + alpha + (f.equals("Affine") || f.equals("HardSigmoid") ? ", beta " + beta : "")
                        + " (LayerCanvas has leaky_relu 0.01, elu 1, hard_sigmoid 1/6 and 0.5, and linear)");
                return "tanh";
            }
            keys.add(key);
        }
        if (lstm && (keys.size() != 3 || !keys.get(0).equals("sigmoid") || !keys.get(1).equals(keys.get(2)))) {
            bad.add("activations " + fs + " (LSTM's gates use Sigmoid and its candidate and cell the same function: [Sigmoid, f, f])");
            return "tanh";
        }
        if (gru && (keys.size() != 2 || !keys.get(0).equals("sigmoid"))) {
            bad.add("activations " + fs + " (GRU's gates use Sigmoid: [Sigmoid, f])");
            return "tanh";
        }
        if (!lstm && !gru && keys.size() != 1) {
            bad.add("activations " + fs);
            return "tanh";
        }
        return keys.get(keys.size() - 1);
    }

    private static boolean sameHalves(List<?> list) {
        return list.size() % 2 == 0 && list.subList(0, list.size() / 2).equals(list.subList(list.size() / 2, list.size()));
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id), x = torch.variable(in.get(0));
        LayerConfig one = one(c);
        boolean lstm = lstm(one), gru = gru(one), both = one != c;
        Shape inShape = torch.shape(in.get(0));
        int features = inShape.dim(1), units = c.getInt("units"), steps = inShape.dim(0);
        Activation f = Activation.of(c.getString("activation"));
        String module;
        if ((lstm || gru) && f == Activation.TANH) {
            module = (lstm ? "nn.LSTM(" : "nn.GRU(") + features + ", " + units + ", batch_first=True)";
        } else if (!lstm && !gru && (f == Activation.TANH || f == Activation.RELU)) {
            module = "nn.RNN(" + features + ", " + units + ", nonlinearity=\"" + f.key() + "\", batch_first=True)";
        } else {
            // nn.RNN has only tanh and relu, nn.LSTM and nn.GRU only tanh: the same parameters with a loop over the steps
            String helper = lstm ? "ElementwiseLSTM" : gru ? "ElementwiseGRU" : "ElementwiseRNN";
            TorchActivations.helper(torch, helper);
            module = helper + "(" + features + ", " + units + ", " + TorchActivations.module(torch, f) + ")";
        }
        String what = one.typeName() + " " + f.key() + (lstm ? ", gates i, f, g, o" : gru ? ", gates r, z, n" : "");
        if (!both) {
            torch.module(id, module, what);
            for (String param : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
                torch.param(id, param, param + "_l0");
            }
            if (c.getBoolean("return_sequences")) {
                torch.line(y + ", _ = self." + y + "(" + x + ")", PythonNames.shape(torch.shape(id)) + ", every step");
            } else {
                torch.line(y + ", _ = self." + y + "(" + x + ")", "[N, " + steps + ", " + units + "], every step");
                torch.line(y + " = " + y + "[:, -1]", PythonNames.shape(torch.shape(id)) + ", the last step");
            }
            return;
        }
        // Bidirectional: module 0 reads the sequence forward, module 1 the flipped sequence; its outputs flipped back to time order
        torch.module(id, "nn.ModuleList([" + module + ", " + module + "])", "Bidirectional " + what + ": forward, backward");
        for (String param : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
            torch.param(id, param, "0." + param + "_l0");
            torch.param(id, param + "_reverse", "1." + param + "_l0");
        }
        String fw = y + "_forward", bw = y + "_backward", seq = "[N, " + steps + ", " + units + "]";
        torch.line(fw + ", _ = self." + y + "[0](" + x + ")", seq + ", forward");
        torch.line(bw + ", _ = self." + y + "[1](" + x + ".flip(1))", seq + ", backward, from the last step");
        torch.line(bw + " = " + bw + ".flip(1)", seq + ", backward, in time order");
        String a = fw, b = bw;
        if (!c.getBoolean("return_sequences")) { // the forward pass ends at the last step, the backward one at the first
            a = fw + "[:, -1]";
            b = bw + "[:, 0]";
        }
        String merged = switch (c.getString("merge_mode")) {
            case "concat" -> "torch.cat([" + a + ", " + b + "], dim=-1)";
            case "sum" -> a + " + " + b;
            case "mul" -> a + " * " + b;
            default -> "(" + a + " + " + b + ") / 2";
        };
        torch.line(y + " = " + merged, PythonNames.shape(torch.shape(id)) + ", " + c.getString("merge_mode"));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        LayerConfig one = one(c);
        boolean lstm = lstm(one), gru = gru(one);
        Activation f = Activation.of(c.getString("activation"));
        Map<String, Object> config = KerasModel.config("units", c.getInt("units"), "activation", KerasActivations.argument(keras, f));
        if (lstm || gru) {
            config.put("recurrent_activation", "sigmoid");
        }
        config.put("use_bias", true);
        config.put("return_sequences", c.getBoolean("return_sequences"));
        if (gru) {
            config.put("reset_after", true);
        }
        String comment = PythonNames.shape(keras.shape(id)) + (lstm ? ", gates i, f, c, o = LayerCanvas's i, f, g, o" : gru ? ", gates z, r, h = LayerCanvas's z, r, n" : "");
        List<String> from = List.of(keras.channelsFirst(in.get(0)));
        String rnn;
        List<KerasWeight> weights = new ArrayList<>();
        if (one == c) {
            rnn = keras.layer(c.typeName(), keras.layerNameOf(id), config, from, comment);
            weights.addAll(kerasWeights(keras, id, "", "", one));
        } else {
            // Keras names the copies forward_<layer> and backward_<layer>, and their weights after them
            String inner = one.typeName().equals("SimpleRNN") ? "simple_rnn" : one.typeName().toLowerCase();
            config.put("name", inner);
            rnn = keras.layer("Bidirectional", keras.layerNameOf(id), KerasModel.config("layer", new KerasModel.Wrapped(one.typeName(), config),
                    "merge_mode", c.getString("merge_mode")), from, comment);
            weights.addAll(kerasWeights(keras, id, "", "forward_" + inner + "/", one));
            weights.addAll(kerasWeights(keras, id, "_reverse", "backward_" + inner + "/", one));
        }
        keras.output(id, rnn, false);
        keras.weights(rnn, weights.toArray(KerasWeight[]::new));
    }

    /**
     * One direction's weights (our names with {@code suffix}) as Keras's kernel, recurrent_kernel and bias named with
     * {@code prefix}: LayerCanvas's (PyTorch's) [gates·units, in] and [gates·units, units] transposed; the GRU's gates in
     * Keras's order z, r, h and both its biases (reset_after), the others' two biases summed into Keras's one.
     */
    private static List<KerasWeight> kerasWeights(KerasModel keras, String id, String suffix, String prefix, LayerConfig one) {
        boolean lstm = lstm(one), gru = gru(one);
        WeightTensor ih = keras.weight(id, "weight_ih" + suffix), hh = keras.weight(id, "weight_hh" + suffix);
        int rows = ih.shape().dim(0), features = ih.shape().dim(1), units = hh.shape().dim(1);
        int[] order = gru ? GRU_GATES : lstm ? new int[] {0, 1, 2, 3} : RNN_GATES;
        float[] wih = reorder(ih.values(), order, units * features), whh = reorder(hh.values(), order, units * units);
        float[] bih = reorder(keras.weight(id, "bias_ih" + suffix).values(), order, units), bhh = reorder(keras.weight(id, "bias_hh" + suffix).values(), order, units);
        KerasWeight bias;
        if (gru) {
            float[] both = Arrays.copyOf(bih, 2 * rows);
            System.arraycopy(bhh, 0, both, rows, rows);
            bias = new KerasWeight(prefix + "bias", new int[] {2, rows}, both);
        } else {
            float[] sum = bih.clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += bhh[i];
            }
            bias = new KerasWeight(prefix + "bias", new int[] {rows}, sum);
        }
        return List.of(new KerasWeight(prefix + "kernel", new int[] {features, rows}, KerasWeight.transpose(wih, rows, features)),
                new KerasWeight(prefix + "recurrent_kernel", new int[] {units, rows}, KerasWeight.transpose(whh, rows, units)), bias);
    }
}
