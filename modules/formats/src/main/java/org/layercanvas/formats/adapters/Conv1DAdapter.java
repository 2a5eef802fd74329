package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.ints;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;
import static org.layercanvas.formats.spi.OnnxNodes.stringAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.layers.Conv1DLayer;
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
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;

/**
 * Conv1D: ONNX's 1-D Conv between Transposes (ONNX, PyTorch and LayerCanvas differ: [N, features, steps] there,
 * [N, steps, features] here), and back from a 1-D Conv, with Permute layers where the sequence is channels-first
 * (neighbouring ones cancel on import); nn.Conv1d between transposes; Keras's Conv1D, which is channels-last like LayerCanvas.
 */
public final class Conv1DAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Conv1D");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        Window2D w = Conv1DLayer.window(c, g.shape(in.get(0)));
        List<String> args = new ArrayList<>(List.of(id + "/features_first", g.initializer(id, "weight")));
        if (c.getBoolean("use_bias")) {
            args.add(g.initializer(id, "bias"));
        }
        g.node("Transpose", id + "/features_first", List.of(in.get(0)), id + "/features_first", ints("perm", 0, 2, 1));
        g.node("Conv", id + "/conv", args, id + "/maps", ints("kernel_shape", w.kh()), ints("strides", w.strideH()),
                ints("pads", w.padTop(), Conv2DAdapter.padBottom(w)), ints("dilations", w.dilationH()), attr("group", 1L));
        Activation f = Activation.of(c.getString("activation"));
        String pre = f == Activation.LINEAR ? id : id + "/pre";
        g.node("Transpose", id + "/steps_first", List.of(id + "/maps"), pre, ints("perm", 0, 2, 1));
        OnnxActivations.export(g, id, f, pre, id, false);
    }

    @Override
    public Set<String> operators() {
        return Set.of(); // ONNX's Conv comes through Conv2DAdapter, which hands 1-D kernels to importConv
    }

    /**
     * A 1-D Conv with weight W [filters, features, kernel] on x, a channels-first sequence [features, steps]: Permute to
     * [steps, features], Conv1D, Permute back to ONNX's [filters, steps'].
     */
    static void importConv(NodeProto n, ImportedLayer x, Shape in, TensorProto w, TensorProto b, OnnxImport onnx) throws Unreadable {
        long[] strides = intsAttr(n, "strides"), dil = intsAttr(n, "dilations"), pads = intsAttr(n, "pads");
        if (strides != null && (strides.length != 1 || strides[0] < 1 || strides[0] > Integer.MAX_VALUE)
                || dil != null && (dil.length != 1 || dil[0] < 1 || dil[0] > Integer.MAX_VALUE) || w.getDims(2) < 1 || w.getDims(2) > Integer.MAX_VALUE) {
            onnx.problem(n, "strides " + Arrays.toString(strides) + ", dilations " + Arrays.toString(dil) + " and weight W " + w.getDimsList()
                    + " (a 1-D convolution: one positive stride, dilation and kernel size)");
            return;
        }
        int k = (int) w.getDims(2), s = strides == null ? 1 : (int) strides[0], d = dil == null ? 1 : (int) dil[0];
        if (in.rank() != 2 || w.getDims(1) != in.dim(0)) {
            onnx.problem(n, "weight W " + w.getDimsList() + " does not take the sample shape " + in + " of its input '" + x.output() + "'");
            return;
        }
        String padding = padding(n, pads, in.dim(1), k, s, d);
        if (padding == null) {
            onnx.problem(n, "strides " + Arrays.toString(strides) + ", dilations " + Arrays.toString(dil) + " and pads " + Arrays.toString(pads)
                    + " (Conv1D pads \"valid\" or \"same\")");
            return;
        }
        int filters = (int) w.getDims(0);
        ImportedLayer steps = onnx.layer("Permute", n, n.getOutput(0) + "/steps_first").input(x).param("dims", List.of(2, 1));
        ImportedLayer conv = onnx.layer("Conv1D", n, n.getOutput(0) + "/conv").input(steps).param("filters", filters).param("kernel_size", k);
        if (s != 1) {
            conv.param("strides", s);
        }
        if (d != 1) {
            conv.param("dilation_rate", d);
        }
        if (!padding.equals("valid")) {
            conv.param("padding", padding);
        }
        conv.weight("weight", Shape.of(filters, in.dim(0), k), OnnxTensors.floats(w));
        if (b == null) {
            conv.param("use_bias", false);
        } else {
            conv.weight("bias", Shape.of(filters), OnnxTensors.floats(b));
        }
        onnx.layer("Permute", n, n.getOutput(0)).input(conv).param("dims", List.of(2, 1));
    }

    /** "valid" or "same" where the node's pads or auto_pad compute that along {@code length} steps; null for other padding. */
    static String padding(NodeProto n, long[] pads, int length, int k, int s, int d) {
        String auto = stringAttr(n, "auto_pad", "NOTSET");
        if (auto.equals("SAME_UPPER") || auto.equals("VALID")) {
            return auto.equals("VALID") ? "valid" : "same";
        }
        if (!auto.equals("NOTSET") || pads != null && pads.length != 2) {
            return null;
        }
        long begin = pads == null ? 0 : pads[0], end = pads == null ? 0 : pads[1];
        long out = Math.floorDiv(length + begin + end - ((long) (k - 1) * d + 1), s) + 1;
        for (String p : List.of("valid", "same")) {
            Window2D g = Window2D.of(1, length, 1, k, 1, s, 1, d, 1, p);
            if (g.padTop() == begin && g.outH() == out) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void export(LayerConfig c, List<String> inputs, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id), x = torch.variable(inputs.get(0));
        Shape in = torch.shape(inputs.get(0));
        Window2D w = Conv1DLayer.window(c, in);
        int bottom = Conv2DAdapter.padBottom(w);
        StringBuilder m = new StringBuilder("nn.Conv1d(" + in.dim(1) + ", " + c.getInt("filters") + ", " + w.kh());
        if (w.strideH() != 1) {
            m.append(", stride=").append(w.strideH());
        }
        if (w.padTop() != 0 && bottom == w.padTop()) {
            m.append(", padding=").append(w.padTop());
        }
        if (w.dilationH() != 1) {
            m.append(", dilation=").append(w.dilationH());
        }
        boolean bias = c.getBoolean("use_bias");
        if (!bias) {
            m.append(", bias=False");
        }
        m.append(')');
        torch.module(id, m.toString(), "Conv1D, padding " + c.getString("padding"));
        torch.param(id, "weight", "weight");
        if (bias) {
            torch.param(id, "bias", "bias");
        }
        // PyTorch's sequences are [N, features, steps]; "same" may pad one step more at the end, as Keras
        String arg = x + ".transpose(1, 2)";
        if (bottom != w.padTop()) {
            arg = "F.pad(" + arg + ", (" + w.padTop() + ", " + bottom + "))";
        }
        Activation f = Activation.of(c.getString("activation"));
        String out = PythonNames.shape(torch.shape(id));
        torch.line(y + " = " + TorchActivations.call(torch, f, "self." + y + "(" + arg + ").transpose(1, 2)"), out + (f == Activation.LINEAR ? "" : ", " + f.key()));
    }

    @Override
    public void export(LayerConfig c, List<String> inputs, KerasModel keras) {
        String id = c.nodeId(), inId = inputs.get(0);
        Shape in = keras.shape(inId);
        Window2D w = Conv1DLayer.window(c, in);
        if (w.strideH() != 1 && w.dilationH() != 1) {
            throw new IllegalArgumentException("cannot export " + c.describe() + " to Keras: Keras's Conv1D takes strides above 1 or a dilation_rate above 1, not both");
        }
        Activation f = Activation.of(c.getString("activation"));
        boolean bias = c.getBoolean("use_bias");
        String shape = PythonNames.shape(keras.shape(id));
        String conv = keras.layer("Conv1D", keras.layerNameOf(id), KerasModel.config("filters", c.getInt("filters"), "kernel_size", List.of(w.kh()),
                "strides", List.of(w.strideH()), "padding", c.getString("padding"), "dilation_rate", List.of(w.dilationH()), "activation",
                KerasActivations.before(keras, f), "use_bias", bias, "kernel_initializer", c.getString("kernel_initializer")),
                List.of(keras.channelsFirst(inId)), shape);
        keras.output(id, KerasActivations.after(keras, f, conv, shape), false);
        // Keras's kernel [kernel, features, filters] is the weight [filters, features, kernel] as a Conv2D's with a kernel × 1 window
        float[] kernel = KerasWeight.filtersLast(keras.weight(id, "weight").values(), w.kh(), 1, in.dim(1), c.getInt("filters"));
        KerasWeight kw = new KerasWeight("kernel", new int[] {w.kh(), in.dim(1), c.getInt("filters")}, kernel);
        if (bias) {
            keras.weights(conv, kw, new KerasWeight("bias", new int[] {c.getInt("filters")}, keras.weight(id, "bias").values()));
        } else {
            keras.weights(conv, kw);
        }
    }
}
