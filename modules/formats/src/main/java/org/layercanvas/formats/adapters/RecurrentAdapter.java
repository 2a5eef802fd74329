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
 * SimpleRNN, LSTM and GRU: ONNX's RNN, LSTM and GRU (forward, zero initial state, time-major between Transposes; GRU
 * with linear_before_reset 1); nn.RNN / nn.LSTM / nn.GRU, or a step loop for the activations they lack; Keras's own
 * layers (GRU with reset_after). Our weights are PyTorch's: blocks of {@code units} rows, one per gate (LSTM: i, f, g, o;
 * GRU: r, z, n).
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
        return Set.of("SimpleRNN", "LSTM", "GRU");
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
        static OnnxFunctions of(LayerConfig c) {
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
                    default -> throw new IllegalArgumentException("cannot export " + c.describe() + " to ONNX: ONNX's " + op
                            + " has no '" + k + "' activation (it has tanh, sigmoid, relu, leaky_relu, elu, softplus, softsign, hard_sigmoid and linear)");
                }
            }
            return new OnnxFunctions(functions, alphas, betas);
        }
    }

    @Override
    public void checkExport(LayerConfig c) {
        OnnxFunctions.of(c);
    }

    /**
     * ONNX's RNN / LSTM (forward, zero initial state), time-major as ORT requires: x [N, T, F] is
     * transposed to [T, N, F]; Y [T, 1, N, H] back to [N, T, H], or Y_h [1, N, H] squeezed to [N, H].
     */
    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId(), op = OPERATORS.get(c.typeName());
        int[] gateOrder = gateOrder(c.typeName());
        int h = c.getInt("units");
        OnnxFunctions fs = OnnxFunctions.of(c);
        WeightTensor wih = g.weight(id, "weight_ih"), whh = g.weight(id, "weight_hh");
        WeightTensor bih = g.weight(id, "bias_ih"), bhh = g.weight(id, "bias_hh");
        int gates = gateOrder.length, features = wih.shape().dim(1);
        float[] bias = new float[2 * gates * h];
        System.arraycopy(reorder(bih.values(), gateOrder, h), 0, bias, 0, gates * h);
        System.arraycopy(reorder(bhh.values(), gateOrder, h), 0, bias, gates * h, gates * h);
        String w = g.floats(id + "/W", new long[] {1, (long) gates * h, features}, reorder(wih.values(), gateOrder, h * features));
        String r = g.floats(id + "/R", new long[] {1, (long) gates * h, h}, reorder(whh.values(), gateOrder, h * h));
        String b = g.floats(id + "/B", new long[] {1, 2L * gates * h}, bias);
        String perm = id + "/time_major";
        g.node("Transpose", perm, List.of(in.get(0)), perm, ints("perm", 1, 0, 2));
        List<AttributeProto> attrs = new ArrayList<>(List.of(
                attr("hidden_size", (long) h), attr("direction", "forward"), OnnxNodes.strings("activations", fs.functions())));
        if (!fs.alphas().isEmpty()) {
            attrs.add(OnnxNodes.floatList("activation_alpha", fs.alphas()));
        }
        if (!fs.betas().isEmpty()) {
            attrs.add(OnnxNodes.floatList("activation_beta", fs.betas()));
        }
        if (gru(c)) { // the reset gate scales the recurrent product with its bias, as PyTorch and Keras's reset_after
            attrs.add(attr("linear_before_reset", 1L));
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
            if (present(n, i) && !((i == 5 || i == 6) && onnx.isZeroState(in(n, i)))) {
                bad.add((i == 4 ? "sequence_lens" : i == 5 ? "initial_h" : i == 6 ? "initial_c" : "peepholes P") + " (only full sequences from a zero state)");
            }
        }
        String activation = activation(n, type, bad);
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
        if (w.getDimsCount() != 3 || w.getDims(0) != 1 || w.getDims(1) != (long) gates * h || r.getDimsCount() != 3 || r.getDims(1) != (long) gates * h
                || r.getDims(2) != h) {
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
        l.weight("weight_ih", Shape.of(gates * h, features), unorder(OnnxTensors.floats(w), gateOrder, h * features));
        l.weight("weight_hh", Shape.of(gates * h, h), unorder(OnnxTensors.floats(r), gateOrder, h * h));
        l.weight("bias_ih", Shape.of(gates * h), unorder(Arrays.copyOfRange(bias, 0, gates * h), gateOrder, h));
        l.weight("bias_hh", Shape.of(gates * h), unorder(Arrays.copyOfRange(bias, gates * h, 2 * gates * h), gateOrder, h));
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
    private static String activation(NodeProto n, String type, List<String> bad) {
        boolean lstm = type.equals("LSTM"), gru = type.equals("GRU");
        AttributeProto a = attribute(n, "activations");
        List<String> fs = a == null ? (lstm ? List.of("Sigmoid", "Tanh", "Tanh") : gru ? List.of("Sigmoid", "Tanh") : List.of("Tanh"))
                : a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toList();
        AttributeProto alphaAttr = attribute(n, "activation_alpha"), betaAttr = attribute(n, "activation_beta");
        List<Float> alphas = alphaAttr == null ? List.of() : alphaAttr.getFloatsList(), betas = betaAttr == null ? List.of() : betaAttr.getFloatsList();
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

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id), x = torch.variable(in.get(0));
        boolean lstm = lstm(c), gru = gru(c);
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
        torch.module(id, module, c.typeName() + " " + f.key() + (lstm ? ", gates i, f, g, o" : gru ? ", gates r, z, n" : ""));
        for (String param : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
            torch.param(id, param, param + "_l0");
        }
        if (c.getBoolean("return_sequences")) {
            torch.line(y + ", _ = self." + y + "(" + x + ")", PythonNames.shape(torch.shape(id)) + ", every step");
        } else {
            torch.line(y + ", _ = self." + y + "(" + x + ")", "[N, " + steps + ", " + units + "], every step");
            torch.line(y + " = " + y + "[:, -1]", PythonNames.shape(torch.shape(id)) + ", the last step");
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        boolean lstm = lstm(c), gru = gru(c);
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
        String rnn = keras.layer(c.typeName(), keras.layerNameOf(id), config, List.of(keras.channelsFirst(in.get(0))), PythonNames.shape(keras.shape(id))
                + (lstm ? ", gates i, f, c, o = LayerCanvas's i, f, g, o" : gru ? ", gates z, r, h = LayerCanvas's z, r, n" : ""));
        keras.output(id, rnn, false);
        // LayerCanvas's (PyTorch's) [gates·units, in] and [gates·units, units] transposed; the GRU's gates in Keras's order
        // z, r, h and both its biases (reset_after), the others' two biases summed into Keras's one
        WeightTensor ih = keras.weight(id, "weight_ih"), hh = keras.weight(id, "weight_hh");
        int rows = ih.shape().dim(0), features = ih.shape().dim(1), units = hh.shape().dim(1);
        int[] order = gru ? GRU_GATES : lstm ? new int[] {0, 1, 2, 3} : RNN_GATES;
        float[] wih = reorder(ih.values(), order, units * features), whh = reorder(hh.values(), order, units * units);
        float[] bih = reorder(keras.weight(id, "bias_ih").values(), order, units), bhh = reorder(keras.weight(id, "bias_hh").values(), order, units);
        KerasWeight bias;
        if (gru) {
            float[] both = Arrays.copyOf(bih, 2 * rows);
            System.arraycopy(bhh, 0, both, rows, rows);
            bias = new KerasWeight("bias", new int[] {2, rows}, both);
        } else {
            float[] sum = bih.clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += bhh[i];
            }
            bias = new KerasWeight("bias", new int[] {rows}, sum);
        }
        keras.weights(rnn, new KerasWeight("kernel", new int[] {features, rows}, KerasWeight.transpose(wih, rows, features)),
                new KerasWeight("recurrent_kernel", new int[] {units, rows}, KerasWeight.transpose(whh, rows, units)), bias);
    }
}
