package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.ints;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;
import static org.layercanvas.formats.spi.OnnxNodes.present;
import static org.layercanvas.formats.spi.OnnxNodes.stringAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.layers.Conv2DTransposeLayer;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.Window2D;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.KerasWeight;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;

/**
 * Conv2DTranspose: ONNX's ConvTranspose (pads, and output_padding where the output reaches past them) and back;
 * nn.ConvTranspose2d, cropped where Keras's "same" pads unevenly; Keras's Conv2DTranspose, channels-last.
 */
public final class Conv2DTransposeAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Conv2DTranspose");
    }

    /** How far the full spread of a transposed convolution, (in − 1)·stride + kernel, reaches past the output at the bottom/right. */
    private static int overhangH(Window2D w) {
        return (w.outH() - 1) * w.strideH() + w.kh() - w.padTop() - w.height();
    }

    private static int overhangW(Window2D w) {
        return (w.outW() - 1) * w.strideW() + w.kw() - w.padLeft() - w.width();
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        Window2D w = Conv2DTransposeLayer.window(c, g.shape(in.get(0)));
        List<String> args = new ArrayList<>(List.of(in.get(0), g.initializer(id, "weight")));
        if (c.getBoolean("use_bias")) {
            args.add(g.initializer(id, "bias"));
        }
        Activation f = Activation.of(c.getString("activation"));
        String pre = f == Activation.LINEAR ? id : id + "/conv";
        int bottom = overhangH(w), right = overhangW(w);
        g.node("ConvTranspose", id, args, pre, ints("kernel_shape", w.kh(), w.kw()), ints("strides", w.strideH(), w.strideW()),
                ints("pads", w.padTop(), w.padLeft(), Math.max(0, bottom), Math.max(0, right)),
                ints("output_padding", Math.max(0, -bottom), Math.max(0, -right)), attr("group", 1L));
        OnnxActivations.export(g, id, f, pre, id, true);
    }

    @Override
    public Set<String> operators() {
        return Set.of("ConvTranspose");
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
        if (intAttr(n, "group", 1) != 1) {
            bad.add("group " + intAttr(n, "group", 1) + " (Conv2DTranspose convolves all channels: group 1)");
        }
        long[] dil = intsAttr(n, "dilations");
        if (dil != null && Arrays.stream(dil).anyMatch(d -> d != 1)) {
            bad.add("dilations " + Arrays.toString(dil) + " (Conv2DTranspose has none)");
        }
        if (w.getDimsCount() != 4) {
            bad.add("weight dims " + w.getDimsList() + " (Conv2DTranspose is 2-D: [channels, filters, kh, kw])");
        }
        long[] strides = intsAttr(n, "strides"), outPad = intsAttr(n, "output_padding"), pads = intsAttr(n, "pads");
        if (strides != null && (strides.length != 2 || strides[0] < 1 || strides[1] < 1)) {
            bad.add("strides " + Arrays.toString(strides) + " (two positive numbers)");
        }
        if (outPad != null && outPad.length != 2 || pads != null && pads.length != 4) {
            bad.add("output_padding " + Arrays.toString(outPad) + " and pads " + Arrays.toString(pads) + " (2-D needs 2 and 4)");
        }
        if (n.getAttributeList().stream().anyMatch(a -> a.getName().equals("output_shape"))) {
            bad.add("output_shape (give pads and output_padding)");
        }
        if (!stringAttr(n, "auto_pad", "NOTSET").equals("NOTSET")) {
            bad.add("auto_pad '" + stringAttr(n, "auto_pad", "") + "' (give pads)");
        }
        if (!bad.isEmpty()) {
            onnx.problem(n, String.join(", ", bad));
            return;
        }
        Shape in = onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        if (in.rank() != 3 || w.getDims(0) != in.dim(0)) {
            onnx.problem(n, "weight W " + w.getDimsList() + " does not take the sample shape " + in + " of its input '" + x.output() + "'");
            return;
        }
        int kh = (int) w.getDims(2), kw = (int) w.getDims(3), filters = (int) w.getDims(1);
        int sh = strides == null ? 1 : (int) strides[0], sw = strides == null ? 1 : (int) strides[1];
        long[] p = pads == null ? new long[4] : pads, op = outPad == null ? new long[2] : outPad;
        long outH = (long) sh * (in.dim(1) - 1) + op[0] + kh - p[0] - p[2], outW = (long) sw * (in.dim(2) - 1) + op[1] + kw - p[1] - p[3];
        // LayerCanvas's padding is "same", or the same pixels on every side with output_padding making up the rest
        // (where several fit, as "valid" and "same" do when the kernel is the stride: no padding is "valid", else "same" first)
        List<Object> candidates = p[0] != p[1] ? List.of("same") : p[0] == 0 && p[2] == 0 && p[3] == 0 ? List.of(0, "same") : List.of("same", (int) p[0]);
        for (Object padding : candidates) {
            int pixels = padding instanceof Integer i ? i : 0;
            long extraH = "same".equals(padding) ? 0 : outH - ((long) (in.dim(1) - 1) * sh + kh - 2L * pixels);
            long extraW = "same".equals(padding) ? 0 : outW - ((long) (in.dim(2) - 1) * sw + kw - 2L * pixels);
            if (extraH < 0 || extraW < 0 || extraH >= sh || extraW >= sw) {
                continue;
            }
            Object layerPadding = Integer.valueOf(0).equals(padding) ? "valid" : padding;
            LayerConfig config = new LayerConfig(n.getName(), "Conv2DTranspose", java.util.Map.of("filters", filters, "kernel_size", List.of(kh, kw),
                    "strides", List.of(sh, sw), "padding", layerPadding, "output_padding", List.of((int) extraH, (int) extraW)), List.of(x.output()));
            Window2D g = Conv2DTransposeLayer.window(config, in);
            if (g.height() != outH || g.width() != outW || g.padTop() != p[0] || g.padLeft() != p[1]) {
                continue;
            }
            ImportedLayer c = onnx.layer("Conv2DTranspose", n, n.getOutput(0)).input(x).param("filters", filters)
                    .param("kernel_size", Conv2DAdapter.pair(kh, kw));
            if (sh != 1 || sw != 1) {
                c.param("strides", Conv2DAdapter.pair(sh, sw));
            }
            if (!layerPadding.equals("valid")) {
                c.param("padding", layerPadding);
            }
            if (extraH != 0 || extraW != 0) {
                c.param("output_padding", Conv2DAdapter.pair((int) extraH, (int) extraW));
            }
            Conv2DAdapter.weightsAndActivation(c, Shape.of(in.dim(0), filters, kh, kw), w, b, filters, onnx);
            return;
        }
        onnx.problem(n, "pads " + Arrays.toString(p) + " with output_padding " + Arrays.toString(op) + " to a " + outH + "×" + outW
                + " output is neither \"same\" nor the same pixels on every side");
    }

    @Override
    public void export(LayerConfig c, List<String> inputs, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id), x = torch.variable(inputs.get(0));
        Shape in = torch.shape(inputs.get(0));
        Window2D w = Conv2DTransposeLayer.window(c, in);
        int bottom = overhangH(w), right = overhangW(w);
        StringBuilder m = new StringBuilder("nn.ConvTranspose2d(" + in.dim(0) + ", " + w.channels() + ", " + Conv2DAdapter.torchPair(w.kh(), w.kw()));
        if (w.strideH() != 1 || w.strideW() != 1) {
            m.append(", stride=").append(Conv2DAdapter.torchPair(w.strideH(), w.strideW()));
        }
        if (w.padTop() != 0 || w.padLeft() != 0) {
            m.append(", padding=").append(Conv2DAdapter.torchPair(w.padTop(), w.padLeft()));
        }
        // PyTorch crops the same padding at both ends; what reaches past the output at the bottom/right is cropped below,
        // what falls short is output_padding
        int extraH = Math.max(0, -(bottom - w.padTop())), extraW = Math.max(0, -(right - w.padLeft()));
        if (extraH != 0 || extraW != 0) {
            m.append(", output_padding=").append(Conv2DAdapter.torchPair(extraH, extraW));
        }
        boolean bias = c.getBoolean("use_bias");
        if (!bias) {
            m.append(", bias=False");
        }
        m.append(')');
        torch.module(id, m.toString(), "Conv2DTranspose, padding " + c.get("padding"));
        torch.param(id, "weight", "weight");
        if (bias) {
            torch.param(id, "bias", "bias");
        }
        String call = "self." + y + "(" + x + ")";
        if (bottom > w.padTop() || right > w.padLeft()) {
            call += "[:, :, :" + w.height() + ", :" + w.width() + "]";
        }
        Activation f = Activation.of(c.getString("activation"));
        String out = PythonNames.shape(torch.shape(id));
        if (f.rowWise()) {
            torch.line(y + " = " + call, out);
            torch.line(y + " = " + TorchActivations.call(torch, f, y + ".flatten(2)") + ".reshape(" + y + ".shape)", out + ", " + f.key() + " over each filter's map");
        } else {
            torch.line(y + " = " + TorchActivations.call(torch, f, call), out + (f == Activation.LINEAR ? "" : ", " + f.key()));
        }
    }

    @Override
    public void export(LayerConfig c, List<String> inputs, KerasModel keras) {
        String id = c.nodeId(), inId = inputs.get(0);
        Shape in = keras.shape(inId), o = keras.shape(id);
        Window2D w = Conv2DTransposeLayer.window(c, in);
        Activation f = Activation.of(c.getString("activation"));
        boolean same = "same".equals(c.get("padding")), bias = c.getBoolean("use_bias");
        int crop = c.get("padding") instanceof Integer p ? p : 0;
        // Keras's output_padding: with it the "valid" output is (in − 1)·stride + kernel + output_padding (then cropped by the
        // padding in pixels); without it (null, all that TensorFlow.js has) in·stride + max(kernel − stride, 0), which is the same
        // size when the kernel is no shorter than the stride and nothing is added
        int fullH = w.height() + 2 * crop, fullW = w.width() + 2 * crop;
        int extraH = fullH - ((in.dim(1) - 1) * w.strideH() + w.kh()), extraW = fullW - ((in.dim(2) - 1) * w.strideW() + w.kw());
        boolean byDefault = same || extraH == 0 && extraW == 0 && w.kh() >= w.strideH() && w.kw() >= w.strideW();
        String nhwc = "[N, " + o.dim(1) + ", " + o.dim(2) + ", " + o.dim(0) + "], channels-last";
        boolean linear = f.rowWise() || crop > 0;
        String conv = keras.layer("Conv2DTranspose", keras.layerNameOf(id), KerasModel.config("filters", c.getInt("filters"), "kernel_size",
                List.of(w.kh(), w.kw()), "strides", List.of(w.strideH(), w.strideW()), "padding", same ? "same" : "valid", "output_padding",
                byDefault ? null : List.of(extraH, extraW), "data_format", "channels_last", "dilation_rate", List.of(1, 1), "activation",
                linear ? Activation.LINEAR.key() : KerasActivations.before(keras, f), "use_bias", bias, "kernel_initializer",
                c.getString("kernel_initializer")), List.of(keras.channelsLast(inId)), crop > 0 ? "[N, " + fullH + ", " + fullW + ", " + o.dim(0) + "]" : nhwc);
        String out = conv;
        if (crop > 0) { // padding in pixels crops the full spread on every side
            out = keras.layer("Cropping2D", keras.layerName(keras.layerNameOf(id) + "_crop"), KerasModel.config("cropping", List.of(List.of(crop, crop),
                    List.of(crop, crop)), "data_format", "channels_last"), List.of(conv), nhwc + ", padding " + crop);
            if (!f.rowWise() && f != Activation.LINEAR && f != Activation.LEAKY_RELU) { // leaky ReLU: a layer of its own, below
                out = keras.layer("Activation", keras.layerName(keras.layerNameOf(id) + "_act"), KerasModel.config("activation",
                        KerasActivations.before(keras, f)), List.of(out), nhwc + ", " + f.key());
            }
        }
        if (f.rowWise()) {
            Conv2DAdapter.mapSoftmax(keras, id, out, o, f);
        } else {
            keras.output(id, KerasActivations.after(keras, f, out, nhwc), true);
        }
        // Keras's kernel is [kh, kw, filters, channels]: LayerCanvas's [channels, filters, kh, kw] with the roles of a Conv2D's swapped
        float[] kernel = KerasWeight.filtersLast(keras.weight(id, "weight").values(), w.kh(), w.kw(), w.channels(), in.dim(0));
        KerasWeight kw = new KerasWeight("kernel", new int[] {w.kh(), w.kw(), w.channels(), in.dim(0)}, kernel);
        if (bias) {
            keras.weights(conv, kw, new KerasWeight("bias", new int[] {w.channels()}, keras.weight(id, "bias").values()));
        } else {
            keras.weights(conv, kw);
        }
    }
}
