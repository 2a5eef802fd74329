package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.ints;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.layers.Pooling;
import org.layercanvas.engine.spi.Window2D;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/**
 * MaxPooling2D and AveragePooling2D: MaxPool / AveragePool (with pads for "same"); nn.MaxPool2d / nn.AvgPool2d, or F.pad and the
 * functional pools where "same" pads unevenly; channels-last Keras pooling.
 */
public final class PoolingAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("MaxPooling2D", "AveragePooling2D");
    }

    private static boolean max(LayerConfig c) {
        return c.typeName().equals("MaxPooling2D");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        Window2D w = Pooling.window(c, g.shape(in.get(0)));
        g.node(max(c) ? "MaxPool" : "AveragePool", c.nodeId(), List.of(in.get(0)), c.nodeId(), ints("kernel_shape", w.kh(), w.kw()),
                ints("strides", w.strideH(), w.strideW()), ints("pads", w.padTop(), w.padLeft(), Conv2DAdapter.padBottom(w), Conv2DAdapter.padRight(w)));
    }

    @Override
    public Set<String> operators() {
        return Set.of("MaxPool", "AveragePool");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) {
        ImportedLayer x = onnx.value(n, 0);
        long[] kernel = intsAttr(n, "kernel_shape"), strides = intsAttr(n, "strides"), pads = intsAttr(n, "pads");
        long[] dil = intsAttr(n, "dilations");
        List<String> bad = new ArrayList<>();
        if (kernel != null && kernel.length == 1 && (dil == null || Arrays.stream(dil).allMatch(d -> d == 1)) && intAttr(n, "ceil_mode", 0) == 0
                && (n.getOutputCount() < 2 || n.getOutput(1).isEmpty())) { // a 1-D pool of a sequence
            Shape in = x == null ? null : onnx.shapeOrProblem(n, x);
            if (in != null) {
                Pooling1DAdapter.importPool(n, x, in, kernel, strides, onnx);
            }
            return;
        }
        if (kernel == null || kernel.length != 2 || kernel[0] < 1 || kernel[1] < 1) {
            bad.add("kernel_shape " + (kernel == null ? "missing" : Arrays.toString(kernel)) + " (pooling windows are 2-D)");
        }
        if (strides != null && (strides.length != 2 || strides[0] < 1 || strides[1] < 1)) {
            bad.add("strides " + Arrays.toString(strides) + " (two positive numbers)");
        }
        if (n.getOpType().equals("AveragePool") && intAttr(n, "count_include_pad", 0) != 0 && pads != null && Arrays.stream(pads).anyMatch(p -> p != 0)) {
            bad.add("count_include_pad 1 (an average pool's padding does not count)");
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
            onnx.problem(n, String.join(", ", bad));
            return;
        }
        Shape in = x == null ? null : onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        if (in.rank() != 3) {
            onnx.problem(n, "its input '" + x.output() + "' has sample shape " + in + ", not [channels, height, width]");
            return;
        }
        int kh = (int) kernel[0], kw = (int) kernel[1], sh = strides == null ? 1 : (int) strides[0], sw = strides == null ? 1 : (int) strides[1];
        Object padding = Conv2DAdapter.padding(n, Window2D.of(in.dim(0), in.dim(1), in.dim(2), kh, kw, sh, sw, 1, 1, "valid"), onnx);
        if (padding == null) {
            return;
        }
        ImportedLayer p = onnx.layer(n.getOpType().equals("MaxPool") ? "MaxPooling2D" : "AveragePooling2D", n, n.getOutput(0)).input(x)
                .param("pool_size", Conv2DAdapter.pair(kh, kw));
        if (sh != kh || sw != kw) {
            p.param("strides", Conv2DAdapter.pair(sh, sw));
        }
        if (!padding.equals("valid")) {
            p.param("padding", padding);
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id), x = torch.variable(in.get(0));
        Window2D w = Pooling.window(c, torch.shape(in.get(0)));
        String k = Conv2DAdapter.torchPair(w.kh(), w.kw()), s = Conv2DAdapter.torchPair(w.strideH(), w.strideW());
        String out = PythonNames.shape(torch.shape(id));
        if (!w.padded()) {
            torch.module(id, (max(c) ? "nn.MaxPool2d" : "nn.AvgPool2d") + "(" + k + ", stride=" + s + ")", c.typeName());
            torch.line(y + " = self." + y + "(" + x + ")", out);
            return;
        }
        // Keras's "same" pads unevenly, which PyTorch's pools cannot: pad first (pixels on every side too, alike), with −∞ for a
        // maximum; a mean divides by the pixels inside the image, the mean of a padded image of ones
        String pads = "(" + w.padLeft() + ", " + Conv2DAdapter.padRight(w) + ", " + w.padTop() + ", " + Conv2DAdapter.padBottom(w) + ")";
        if (max(c)) {
            torch.line(y + " = F.max_pool2d(F.pad(" + x + ", " + pads + ", value=float('-inf')), " + k + ", stride=" + s + ")", out + ", padding " + c.get("padding"));
        } else {
            torch.line(y + " = F.avg_pool2d(F.pad(" + x + ", " + pads + "), " + k + ", stride=" + s + ") / F.avg_pool2d(F.pad(torch.ones_like(" + x
                    + "[:1, :1]), " + pads + "), " + k + ", stride=" + s + ")", out + ", padding " + c.get("padding") + ": the mean of the pixels inside the image");
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        Shape o = keras.shape(id);
        Window2D w = Pooling.window(c, keras.shape(in.get(0)));
        if (c.get("padding") instanceof Integer) {
            throw new IllegalArgumentException("cannot export " + c.describe() + " to Keras: padding in pixels (Keras's pools take \"valid\" or \"same\")");
        }
        keras.output(id, keras.layer(c.typeName(), keras.layerNameOf(id), KerasModel.config("pool_size", List.of(w.kh(), w.kw()), "strides",
                List.of(w.strideH(), w.strideW()), "padding", c.get("padding"), "data_format", "channels_last"), List.of(keras.channelsLast(in.get(0))),
                "[N, " + o.dim(1) + ", " + o.dim(2) + ", " + o.dim(0) + "], channels-last"), true);
    }
}
