package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.in;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.ints;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;
import static org.layercanvas.formats.spi.OnnxNodes.present;
import static org.layercanvas.formats.spi.OnnxNodes.stringAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.layers.Conv2DLayer;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.Window2D;
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
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/**
 * Conv2D: Conv (+ activation; softmax over each filter's map as Reshape, Softmax, Reshape) in ONNX
 * and back; nn.Conv2d (after F.pad where Keras's "same" pads unevenly); a channels-last layers.Conv2D.
 */
public final class Conv2DAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Conv2D");
    }

    private static Window2D window(LayerConfig c, Shape in) {
        return Conv2DLayer.window(c, in);
    }

    /** The padding the window needs at the bottom ("same" puts an odd pixel there, as Keras). */
    static int padBottom(Window2D w) {
        return Math.max(0, (w.outH() - 1) * w.strideH() + w.spanH() - w.height() - w.padTop());
    }

    /** The padding the window needs at the right. */
    static int padRight(Window2D w) {
        return Math.max(0, (w.outW() - 1) * w.strideW() + w.spanW() - w.width() - w.padLeft());
    }

    /** "3" or "(3, 2)": a PyTorch argument for the two image axes. */
    static String torchPair(int a, int b) {
        return a == b ? Integer.toString(a) : "(" + a + ", " + b + ")";
    }

    /**
     * The output of node {@code id}: LayerCanvas's softmax over each filter's whole H×W map of the channels-last Keras layer
     * {@code conv}, computed channels-first with the map flattened into the last axis, which is the one TensorFlow.js's Softmax takes.
     */
    static void mapSoftmax(KerasModel keras, String id, String conv, Shape o, Activation f) {
        String name = keras.layerNameOf(id);
        String first = keras.layer("Permute", keras.layerName(name + "_nchw"), KerasModel.config("dims", List.of(3, 1, 2)), List.of(conv),
                PythonNames.shape(o));
        String maps = keras.layer("Reshape", keras.layerName(name + "_maps"), KerasModel.config("target_shape", List.of(o.dim(0), o.dim(1) * o.dim(2))),
                List.of(first), "[N, " + o.dim(0) + ", " + o.dim(1) * o.dim(2) + "]");
        String soft = f == Activation.SOFTMAX
                ? keras.layer("Softmax", keras.layerName(name + "_softmax"), KerasModel.config("axis", -1), List.of(maps), "over each filter's map")
                : keras.layer("Activation", keras.layerName(name + "_" + f.key()), KerasModel.config("activation", KerasActivations.argument(keras, f)),
                        List.of(maps), f.key() + " over each filter's map");
        keras.output(id, keras.layer("Reshape", keras.layerName(name + "_shape"), KerasModel.config("target_shape", FlattenAdapter.dims(o)),
                List.of(soft), PythonNames.shape(o)), false);
    }

    /** An int or [rows, columns], as a LayerCanvas parameter is written. */
    static Object pair(int a, int b) {
        return a == b ? (Object) a : List.of(a, b);
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        Window2D w = window(c, g.shape(in.get(0)));
        List<String> args = new ArrayList<>(List.of(in.get(0), g.initializer(id, "weight")));
        if (c.getBoolean("use_bias")) {
            args.add(g.initializer(id, "bias"));
        }
        Activation f = Activation.of(c.getString("activation"));
        String pre = f == Activation.LINEAR ? id : id + "/conv";
        g.node("Conv", id, args, pre, ints("kernel_shape", w.kh(), w.kw()), ints("strides", w.strideH(), w.strideW()),
                ints("pads", w.padTop(), w.padLeft(), padBottom(w), padRight(w)), ints("dilations", w.dilationH(), w.dilationW()), attr("group", (long) c.getInt("groups")));
        // the layer's softmax normalizes each filter's whole map (H·W values), not one row
        OnnxActivations.export(g, id, f, pre, id, true);
    }

    @Override
    public Set<String> operators() {
        return Set.of("Conv");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        TensorProto w = onnx.constant(n, 1, "weight W");
        TensorProto b = present(n, 2) ? onnx.constant(n, 2, "bias B") : null;
        if (x == null || w == null || present(n, 2) && b == null) {
            return;
        }
        List<String> bad = new ArrayList<>();
        long groups = intAttr(n, "group", 1);
        if (groups != 1 && w.getDimsCount() != 4) {
            bad.add("group " + groups + " (only Conv2D's convolutions are grouped)");
        }
        if (w.getDimsCount() == 3 && bad.isEmpty()) { // a 1-D convolution of a sequence
            Shape in = onnx.shapeOrProblem(n, x);
            if (in != null) {
                Conv1DAdapter.importConv(n, x, in, w, b, onnx);
            }
            return;
        }
        long[] dil = intsAttr(n, "dilations");
        if (dil != null && (dil.length != 2 || dil[0] < 1 || dil[1] < 1)) {
            bad.add("dilations " + Arrays.toString(dil) + " (Conv2D's are two positive numbers)");
        }
        if (w.getDimsCount() != 4) {
            bad.add("weight dims " + w.getDimsList() + " (Conv2D is 2-D: [filters, channels, kh, kw])");
        }
        long[] strides = intsAttr(n, "strides");
        if (strides != null && (strides.length != 2 || strides[0] < 1 || strides[1] < 1)) {
            bad.add("strides " + Arrays.toString(strides) + " (Conv2D's are two positive numbers)");
        }
        if (!bad.isEmpty()) {
            onnx.problem(n, String.join(", ", bad));
            return;
        }
        Shape in = onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        if (in.rank() != 3) {
            onnx.problem(n, "its input '" + x.output() + "' has sample shape " + in + ", not [channels, height, width]");
            return;
        }
        if (groups < 1 || w.getDims(0) % groups != 0) {
            onnx.problem(n, "group " + groups + " does not divide its " + w.getDims(0) + " filters");
            return;
        }
        if (w.getDims(1) * groups != in.dim(0)) {
            onnx.problem(n, "weight W " + w.getDimsList() + (groups == 1 ? "" : " in " + groups + " groups") + " convolves " + w.getDims(1) * groups
                    + " channels but its input '" + x.output() + "' has sample shape " + in);
            return;
        }
        int kh = (int) w.getDims(2), kw = (int) w.getDims(3);
        int sh = strides == null ? 1 : (int) strides[0], sw = strides == null ? 1 : (int) strides[1];
        int dh = dil == null ? 1 : (int) dil[0], dw = dil == null ? 1 : (int) dil[1];
        Window2D shape = Window2D.of(in.dim(0), in.dim(1), in.dim(2), kh, kw, sh, sw, dh, dw, "valid");
        Object padding = padding(n, shape, onnx);
        if (padding == null) {
            return;
        }
        int filters = (int) w.getDims(0);
        ImportedLayer c = onnx.layer("Conv2D", n, n.getOutput(0)).input(x).param("filters", filters).param("kernel_size", pair(kh, kw));
        if (sh != 1 || sw != 1) {
            c.param("strides", pair(sh, sw));
        }
        if (dh != 1 || dw != 1) {
            c.param("dilation_rate", pair(dh, dw));
        }
        if (!padding.equals("valid")) {
            c.param("padding", padding);
        }
        if (groups != 1) {
            c.param("groups", (int) groups);
        }
        weightsAndActivation(c, Shape.of(filters, (int) w.getDims(1), kh, kw), w, b, filters, onnx);
    }

    /**
     * What an imported convolution (Conv2D, Conv2DTranspose) ends with: its weight (of {@code weightShape}) and bias, or
     * use_bias false, and the activation that alone reads it, softmax over each map included, as its own.
     */
    static void weightsAndActivation(ImportedLayer c, Shape weightShape, TensorProto w, TensorProto b, int filters, OnnxImport onnx) throws Unreadable {
        c.weight("weight", weightShape, OnnxTensors.floats(w));
        if (b == null) {
            c.param("use_bias", false);
        } else {
            c.weight("bias", Shape.of(filters), OnnxTensors.floats(b));
        }
        NodeProto next = OnnxActivations.reader(c, onnx);
        if (next != null && next.getOpType().equals("Reshape")) {
            foldMapSoftmax(c, next, onnx);
        } else if (next != null) {
            OnnxActivations.fold(c, next, true, onnx);
        }
    }

    /**
     * Conv2D's padding ("valid", "same" or pixels on every side) computing what the node's pads or auto_pad do to the
     * window {@code v} (kernel, strides and dilations; its padding is ignored): the same top/left padding and output size
     * (extra bottom/right padding that no window reaches does not matter); null after recording a problem.
     */
    static Object padding(NodeProto n, Window2D v, OnnxImport onnx) {
        int h = v.height(), wd = v.width();
        String auto = stringAttr(n, "auto_pad", "NOTSET");
        int top, left, outH, outW;
        switch (auto) {
            case "SAME_UPPER", "SAME_LOWER" -> {
                outH = (h + v.strideH() - 1) / v.strideH();
                outW = (wd + v.strideW() - 1) / v.strideW();
                int totalH = Math.max(0, (outH - 1) * v.strideH() + v.spanH() - h), totalW = Math.max(0, (outW - 1) * v.strideW() + v.spanW() - wd);
                boolean lower = auto.equals("SAME_LOWER");
                top = lower ? (totalH + 1) / 2 : totalH / 2;
                left = lower ? (totalW + 1) / 2 : totalW / 2;
            }
            case "VALID", "NOTSET" -> {
                long[] pads = auto.equals("VALID") ? new long[4] : intsAttr(n, "pads");
                pads = pads == null ? new long[4] : pads;
                if (pads.length != 4) {
                    onnx.problem(n, "pads " + Arrays.toString(pads) + " (2-D needs 4)");
                    return null;
                }
                top = (int) pads[0];
                left = (int) pads[1];
                outH = (int) Math.floorDiv(h + pads[0] + pads[2] - v.spanH(), (long) v.strideH()) + 1;
                outW = (int) Math.floorDiv(wd + pads[1] + pads[3] - v.spanW(), (long) v.strideW()) + 1;
            }
            default -> {
                onnx.problem(n, "auto_pad '" + auto + "'");
                return null;
            }
        }
        List<Object> candidates = new ArrayList<>(List.of("valid", "same"));
        if (top == left && top > 0) {
            candidates.add(top);
        }
        for (Object p : candidates) {
            Window2D g = Window2D.of(v.channels(), h, wd, v.kh(), v.kw(), v.strideH(), v.strideW(), v.dilationH(), v.dilationW(), p);
            if (g.padTop() == top && g.padLeft() == left && g.outH() == outH && g.outW() == outW) {
                return p;
            }
        }
        onnx.problem(n, "padding top " + top + ", left " + left + " to a " + outH + "×" + outW + " output is neither \"valid\", "
                + "\"same\" (extra pixel bottom/right) nor the same number of pixels on every side");
        return null;
    }

    /** (Log-)softmax over each filter's map, as the exporter writes it: Reshape [0, 0, -1] (or the sizes), Softmax or LogSoftmax, Reshape back. */
    private static void foldMapSoftmax(ImportedLayer conv, NodeProto maps, OnnxImport onnx) throws Unreadable {
        Shape s = onnx.shape(conv);
        TensorProto mapsShape = onnx.constant(in(maps, 1));
        NodeProto softmax = onnx.soleConsumer(maps.getOutput(0));
        NodeProto back = softmax == null ? null : onnx.soleConsumer(softmax.getOutput(0));
        if (s == null || mapsShape == null || softmax == null || back == null || !(softmax.getOpType().equals("Softmax") || softmax.getOpType().equals("LogSoftmax"))
                || !back.getOpType().equals("Reshape") || onnx.constant(in(back, 1)) == null) {
            return;
        }
        long axis = OnnxActivations.softmaxAxis(softmax, onnx);
        long[] toMaps = OnnxTensors.longs(mapsShape), toImage = OnnxTensors.longs(onnx.constant(in(back, 1)));
        long[] image = {0, s.dim(0), s.dim(1), s.dim(2)};
        boolean mapsOk = Arrays.equals(toMaps, new long[] {0, 0, -1}) || Arrays.equals(toMaps, new long[] {0, s.dim(0), -1})
                || Arrays.equals(toMaps, new long[] {0, s.dim(0), (long) s.dim(1) * s.dim(2)});
        boolean backOk = Arrays.equals(toImage, image) || toImage.length == 4 && toImage[0] == -1 && Arrays.equals(Arrays.copyOfRange(toImage, 1, 4),
                Arrays.copyOfRange(image, 1, 4));
        if (!mapsOk || !(axis == -1 || axis == 2) || !backOk) {
            return;
        }
        onnx.consume(List.of(maps, softmax, back));
        onnx.moveOutput(conv, back.getOutput(0));
        conv.param("activation", softmax.getOpType().equals("Softmax") ? "softmax" : "log_softmax");
    }

    @Override
    public void export(LayerConfig c, List<String> inputs, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id), x = torch.variable(inputs.get(0));
        Shape in = torch.shape(inputs.get(0));
        int filters = c.getInt("filters");
        Window2D w = window(c, in);
        int padBottom = padBottom(w), padRight = padRight(w);
        boolean explicit = c.get("padding") instanceof Integer;
        boolean symmetric = explicit || padBottom == w.padTop() && padRight == w.padLeft();
        StringBuilder m = new StringBuilder("nn.Conv2d(" + in.dim(0) + ", " + filters + ", " + torchPair(w.kh(), w.kw()));
        if (w.strideH() != 1 || w.strideW() != 1) {
            m.append(", stride=").append(torchPair(w.strideH(), w.strideW()));
        }
        if (symmetric && (w.padTop() != 0 || w.padLeft() != 0)) {
            m.append(", padding=").append(torchPair(w.padTop(), w.padLeft()));
        }
        if (w.dilationH() != 1 || w.dilationW() != 1) {
            m.append(", dilation=").append(torchPair(w.dilationH(), w.dilationW()));
        }
        if (c.getInt("groups") != 1) {
            m.append(", groups=").append(c.getInt("groups"));
        }
        boolean bias = c.getBoolean("use_bias");
        if (!bias) {
            m.append(", bias=False");
        }
        m.append(')');
        torch.module(id, m.toString(), "Conv2D, padding " + c.get("padding"));
        torch.param(id, "weight", "weight");
        if (bias) {
            torch.param(id, "bias", "bias");
        }
        String arg = x;
        if (!symmetric) {
            // PyTorch pads symmetrically (and padding="same" takes no stride): pad left, right, top, bottom first
            torch.line(y + " = F.pad(" + x + ", (" + w.padLeft() + ", " + padRight + ", " + w.padTop() + ", " + padBottom + "))",
                    "[N, " + in.dim(0) + ", " + (in.dim(1) + w.padTop() + padBottom) + ", " + (in.dim(2) + w.padLeft() + padRight) + "], padded as Keras's \"same\"");
            arg = y;
        }
        Activation f = Activation.of(c.getString("activation"));
        String out = PythonNames.shape(torch.shape(id));
        if (f.rowWise()) {
            torch.line(y + " = self." + y + "(" + arg + ")", out);
            // the layer's softmax normalizes each filter's whole H×W map
            torch.line(y + " = " + TorchActivations.call(torch, f, y + ".flatten(2)") + ".reshape(" + y + ".shape)", out + ", " + f.key() + " over each filter's map");
        } else {
            torch.line(y + " = " + TorchActivations.call(torch, f, "self." + y + "(" + arg + ")"), out + (f == Activation.LINEAR ? "" : ", " + f.key()));
        }
    }

    @Override
    public void export(LayerConfig c, List<String> inputs, KerasModel keras) {
        String id = c.nodeId(), inId = inputs.get(0);
        Shape o = keras.shape(id);
        String x = keras.channelsLast(inId);
        Object padding = c.get("padding");
        if (padding instanceof Integer p && p > 0) {
            Shape s = keras.shape(inId);
            x = keras.layer("ZeroPadding2D", keras.layerName(keras.layerNameOf(id) + "_pad"), KerasModel.config("padding", List.of(List.of(p, p), List.of(p, p)),
                    "data_format", "channels_last"), List.of(x), "[N, " + (s.dim(1) + 2 * p) + ", " + (s.dim(2) + 2 * p) + ", " + s.dim(0) + "], padding " + p);
        }
        Activation f = Activation.of(c.getString("activation"));
        boolean bias = c.getBoolean("use_bias");
        Window2D w = window(c, keras.shape(inId));
        if ((w.strideH() != 1 || w.strideW() != 1) && (w.dilationH() != 1 || w.dilationW() != 1)) {
            throw new IllegalArgumentException("cannot export " + c.describe() + " to Keras: Keras's Conv2D takes strides above 1 or a dilation_rate above 1, not both");
        }
        String nhwc = "[N, " + o.dim(1) + ", " + o.dim(2) + ", " + o.dim(0) + "], channels-last";
        int filters = c.getInt("filters"), groups = c.getInt("groups"), channels = w.channels() / groups;
        // one filter block per channel is Keras's DepthwiseConv2D (which TensorFlow.js has too); other groups its Conv2D's groups
        boolean depthwise = groups > 1 && channels == 1;
        Object activation = f.rowWise() ? Activation.LINEAR.key() : KerasActivations.before(keras, f), same = "same".equals(padding) ? "same" : "valid";
        Map<String, Object> config = depthwise
                ? KerasModel.config("kernel_size", List.of(w.kh(), w.kw()), "strides", List.of(w.strideH(), w.strideW()), "padding", same,
                        "depth_multiplier", filters / groups, "data_format", "channels_last", "dilation_rate", List.of(w.dilationH(), w.dilationW()),
                        "activation", activation, "use_bias", bias, "depthwise_initializer", c.getString("kernel_initializer"))
                : KerasModel.config("filters", filters, "kernel_size", List.of(w.kh(), w.kw()), "strides", List.of(w.strideH(), w.strideW()), "padding", same,
                        "data_format", "channels_last", "dilation_rate", List.of(w.dilationH(), w.dilationW()), "activation", activation, "use_bias", bias,
                        "kernel_initializer", c.getString("kernel_initializer"));
        if (groups > 1 && !depthwise) {
            config.put("groups", groups);
        }
        String conv = keras.layer(depthwise ? "DepthwiseConv2D" : "Conv2D", keras.layerNameOf(id), config, List.of(x), nhwc);
        if (f.rowWise()) {
            mapSoftmax(keras, id, conv, o, f);
        } else {
            keras.output(id, KerasActivations.after(keras, f, conv, nhwc), true);
        }
        float[] weight = keras.weight(id, "weight").values();
        // [filters, channels, kh, kw] → [kh, kw, channels, filters]; depthwise: filter f = c·m + j of channel c as [kh, kw, channels, m]
        KerasWeight kw = depthwise
                ? new KerasWeight("depthwise_kernel", new int[] {w.kh(), w.kw(), groups, filters / groups}, KerasWeight.filtersLast(weight, w.kh(), w.kw(), 1, filters))
                : new KerasWeight("kernel", new int[] {w.kh(), w.kw(), channels, filters}, KerasWeight.filtersLast(weight, w.kh(), w.kw(), channels, filters));
        if (bias) {
            keras.weights(conv, kw, new KerasWeight("bias", new int[] {filters}, keras.weight(id, "bias").values()));
        } else {
            keras.weights(conv, kw);
        }
    }
}
