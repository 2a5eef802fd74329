package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.floatAttr;
import static org.layercanvas.formats.spi.OnnxNodes.in;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;

/** The activation functions in ONNX, both ways: shared by Activation and the layers with an activation of their own (Dense, Conv2D). */
final class OnnxActivations {
    private OnnxActivations() {
    }

    /**
     * y = f(x) under node {@code id}'s name. Softmax normalizes the last axis, or with
     * {@code perChannel} each channel's whole [H, W] map (as Conv2D's activation does).
     */
    static void export(OnnxExport g, String id, Activation f, String x, String y, boolean perChannel) {
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
            case SELU -> g.node("Selu", id, List.of(x), y, attr("alpha", (float) Activation.SELU_ALPHA), attr("gamma", (float) Activation.SELU_SCALE));
            case SOFTSIGN -> g.node("Softsign", id, List.of(x), y);
            case HARD_SIGMOID -> g.node("HardSigmoid", id, List.of(x), y, attr("alpha", 1f / 6), attr("beta", 0.5f));
            // opset 17 has neither Gelu nor Swish: x·Φ(x) = x · (1 + erf(x / √2)) / 2, and x · sigmoid(x)
            case GELU -> {
                g.node("Div", id + "/scaled", List.of(x, g.scalar((float) Math.sqrt(2))), id + "/scaled");
                g.node("Erf", id + "/erf", List.of(id + "/scaled"), id + "/erf");
                g.node("Add", id + "/cdf2", List.of(id + "/erf", g.scalar(1f)), id + "/cdf2");
                g.node("Mul", id + "/xcdf2", List.of(x, id + "/cdf2"), id + "/xcdf2");
                g.node("Mul", id, List.of(id + "/xcdf2", g.scalar(0.5f)), y);
            }
            case SWISH -> {
                g.node("Sigmoid", id + "/sigmoid", List.of(x), id + "/sigmoid");
                g.node("Mul", id, List.of(x, id + "/sigmoid"), y);
            }
            // ours: x ≥ 0 → 1 (ONNX's Sign gives 0 at 0)
            case STEP -> {
                g.node("GreaterOrEqual", id + "/ge0", List.of(x, g.scalar(0f)), id + "/ge0");
                g.node("Cast", id, List.of(id + "/ge0"), y, attr("to", 1L));
            }
            case SIGN -> {
                g.node("GreaterOrEqual", id + "/ge0", List.of(x, g.scalar(0f)), id + "/ge0");
                g.node("Where", id, List.of(id + "/ge0", g.scalar(1f), g.scalar(-1f)), y);
            }
            case SOFTMAX, LOG_SOFTMAX -> {
                String op = f == Activation.SOFTMAX ? "Softmax" : "LogSoftmax";
                if (perChannel) {
                    g.node("Reshape", id + "/maps", List.of(x, g.longs(id + "/maps_shape", 0, 0, -1)), id + "/maps");
                    g.node(op, id + "/softmax", List.of(id + "/maps"), id + "/softmax", attr("axis", -1L));
                    g.node("Reshape", id, List.of(id + "/softmax", g.longs(id + "/shape", batchShape(g.shape(id)))), y);
                } else {
                    g.node(op, id, List.of(x), y, attr("axis", -1L));
                }
            }
        }
    }

    /** [0 (the batch, copied), dims…] for Reshape. */
    static long[] batchShape(Shape s) {
        long[] dims = new long[s.rank() + 1];
        for (int i = 0; i < s.rank(); i++) {
            dims[i + 1] = s.dim(i);
        }
        return dims;
    }

    /** An activation recognised at a node: our key, the nodes it spans, the tensor it ends in. */
    record Match(String key, List<NodeProto> nodes, String output) {
    }

    /**
     * The activation computed by {@code n} on its first input, or null with {@code why[0]} saying
     * why not: Relu, Sigmoid, …, GreaterOrEqual(x, 0) → Cast (step) or Where(…, 1, −1) (sign).
     * {@code rank} is the input's rank with the batch (for Softmax's axis).
     */
    static Match at(NodeProto n, int rank, String[] why, OnnxImport onnx) throws Unreadable {
        String out = n.getOutput(0);
        String key = switch (n.getOpType()) {
            case "Relu" -> "relu";
            case "Sigmoid" -> swish(n, onnx) != null ? "swish" : "sigmoid";
            case "Div" -> gelu(n, onnx) != null ? "gelu" : null;
            case "Tanh" -> "tanh";
            case "Softplus" -> "softplus";
            case "Abs" -> "abs";
            case "Sign" -> "sign";
            case "Exp" -> "exponential";
            case "LeakyRelu" -> Math.abs(floatAttr(n, "alpha", 0.01f) - 0.01f) <= 1e-7 ? "leaky_relu" : null;
            case "Elu" -> floatAttr(n, "alpha", 1f) == 1f ? "elu" : null;
            case "Softsign" -> "softsign";
            case "Selu" -> Math.abs(floatAttr(n, "alpha", 1.67326319f) - Activation.SELU_ALPHA) < 1e-6
                    && Math.abs(floatAttr(n, "gamma", 1.05070102f) - Activation.SELU_SCALE) < 1e-6 ? "selu" : null;
            case "HardSigmoid" -> Math.abs(floatAttr(n, "alpha", 0.2f) - 1.0 / 6) < 1e-6 && floatAttr(n, "beta", 0.5f) == 0.5f ? "hard_sigmoid" : null;
            case "Softmax", "LogSoftmax" -> {
                long axis = softmaxAxis(n, onnx);
                yield axis == -1 || axis == rank - 1 ? n.getOpType().equals("Softmax") ? "softmax" : "log_softmax" : null;
            }
            case "Greater", "GreaterOrEqual" -> {
                TensorProto zero = onnx.constant(in(n, 1));
                NodeProto next = onnx.soleConsumer(out);
                if (zero == null || OnnxTensors.size(zero) != 1 || OnnxTensors.floats(zero)[0] != 0f || next == null) {
                    yield null;
                }
                if (next.getOpType().equals("Cast") && intAttr(next, "to", 0) == TensorProto.DataType.FLOAT_VALUE) {
                    yield "step";
                }
                if (next.getOpType().equals("Where") && next.getInputCount() == 3 && next.getInput(0).equals(out)
                        && isScalar(onnx, next.getInput(1), 1f) && isScalar(onnx, next.getInput(2), -1f)) {
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
                case "Selu" -> "alpha " + floatAttr(n, "alpha", 1.67326319f) + ", gamma " + floatAttr(n, "gamma", 1.05070102f) + " (selu's are 1.6733 and 1.0507)";
                case "HardSigmoid" -> "alpha " + floatAttr(n, "alpha", 0.2f) + ", beta " + floatAttr(n, "beta", 0.5f)
                        + " (hard_sigmoid is relu6(x + 3) / 6: alpha 1/6, beta 0.5)";
                case "Softmax", "LogSoftmax" -> "axis " + softmaxAxis(n, onnx) + " (" + n.getOpType() + " runs over the last axis here)";
                case "Div" -> "only x / √2 that starts GELU's 0.5 · x · (1 + Erf(x / √2)) is supported";
                default -> "only x ≥ 0 (or x > 0) compared with a constant 0 and then Cast to float (step) or Where(…, 1, −1) (sign) is supported";
            };
            return null;
        }
        if (key.isEmpty()) {
            why[0] = "not an activation";
            return null;
        }
        if (n.getOpType().startsWith("Greater")) {
            NodeProto next = onnx.soleConsumer(out);
            return new Match(key, List.of(n, next), next.getOutput(0));
        }
        List<NodeProto> pattern = key.equals("swish") ? swish(n, onnx) : key.equals("gelu") ? gelu(n, onnx) : List.of(n);
        return new Match(key, pattern, pattern.get(pattern.size() - 1).getOutput(0));
    }

    /** Sigmoid(x) → Mul(x, ·) in either order (swish, as the export writes it), or null. */
    private static List<NodeProto> swish(NodeProto sigmoid, OnnxImport onnx) {
        NodeProto mul = onnx.soleConsumer(sigmoid.getOutput(0));
        return mul != null && readsBoth(mul, in(sigmoid, 0), sigmoid.getOutput(0)) ? List.of(sigmoid, mul) : null;
    }

    /** Div(x, √2) → Erf → Add(·, 1) → Mul(x, ·) → Mul(·, 0.5): the exact GELU in opset 17's operators, or null. */
    private static List<NodeProto> gelu(NodeProto div, OnnxImport onnx) throws Unreadable {
        String x = in(div, 0);
        if (!isScalar(onnx, in(div, 1), (float) Math.sqrt(2))) {
            return null;
        }
        NodeProto erf = onnx.soleConsumer(div.getOutput(0));
        NodeProto add = erf == null || !erf.getOpType().equals("Erf") ? null : onnx.soleConsumer(erf.getOutput(0));
        if (add == null || !add.getOpType().equals("Add") || !readsBoth(add, erf.getOutput(0), null) || !isScalar(onnx, other(add, erf.getOutput(0)), 1f)) {
            return null;
        }
        NodeProto mul = onnx.soleConsumer(add.getOutput(0));
        if (mul == null || !mul.getOpType().equals("Mul") || !readsBoth(mul, x, add.getOutput(0))) {
            return null;
        }
        NodeProto half = onnx.soleConsumer(mul.getOutput(0));
        if (half == null || !half.getOpType().equals("Mul") || !readsBoth(half, mul.getOutput(0), null) || !isScalar(onnx, other(half, mul.getOutput(0)), 0.5f)) {
            return null;
        }
        return List.of(div, erf, add, mul, half);
    }

    /** Whether binary {@code n} reads {@code a} and {@code b} (either order; b null: anything as the other). */
    private static boolean readsBoth(NodeProto n, String a, String b) {
        if (n.getInputCount() != 2) {
            return false;
        }
        String p = n.getInput(0), q = n.getInput(1);
        return b == null ? p.equals(a) || q.equals(a) : p.equals(a) && q.equals(b) || p.equals(b) && q.equals(a);
    }

    /** The input of binary {@code n} that is not {@code tensor}. */
    private static String other(NodeProto n, String tensor) {
        return n.getInput(0).equals(tensor) ? n.getInput(1) : n.getInput(0);
    }

    /** Softmax's (and LogSoftmax's) axis, whose default changed from 1 to -1 in opset 13. */
    static long softmaxAxis(NodeProto softmax, OnnxImport onnx) {
        return intAttr(softmax, "axis", onnx.opset() >= 13 ? -1 : 1);
    }

    private static boolean isScalar(OnnxImport onnx, String tensor, float value) throws Unreadable {
        TensorProto t = onnx.constant(tensor);
        return t != null && OnnxTensors.size(t) == 1 && OnnxTensors.floats(t)[0] == value;
    }

    /**
     * The node that reads a fresh layer's output as its first input, perhaps an activation to fold into it: the only reader,
     * or where two read it the one that starts swish or GELU (whose last Mul reads it too); else null.
     */
    static NodeProto reader(ImportedLayer l, OnnxImport onnx) {
        List<NodeProto> readers = onnx.consumers(l.output());
        NodeProto next = readers.size() == 2 && !onnx.isGraphOutput(l.output()) && readers.stream().allMatch(r -> r.getDomain().isEmpty() || r.getDomain().equals("ai.onnx"))
                ? readers.stream().filter(r -> r.getOpType().equals("Sigmoid") || r.getOpType().equals("Div")).findFirst().orElse(null)
                : onnx.soleConsumer(l.output());
        return next == null || next.getInput(0).length() == 0 || !next.getInput(0).equals(l.output()) ? null : next;
    }

    /**
     * Makes the activation {@code next} (the {@link #reader} of a fresh Dense or Conv2D) that layer's
     * activation; not (log-)softmax for Conv2D, whose softmax runs over each filter's map (see Conv2DAdapter).
     */
    static void fold(ImportedLayer l, NodeProto next, boolean conv, OnnxImport onnx) throws Unreadable {
        Shape s = onnx.shape(l);
        if (s == null || next.getOpType().equals("Identity")) {
            return;
        }
        Match act = at(next, s.rank() + 1, new String[1], onnx);
        if (act == null || Activation.of(act.key()).rowWise() && conv || !act.nodes().containsAll(onnx.consumers(l.output()))) {
            return; // an activation, and nothing else, must read the layer's output
        }
        onnx.consume(act.nodes());
        onnx.moveOutput(l, act.output());
        l.param("activation", act.key());
    }
}
