package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.ints;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.layers.Pooling1D;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.Window2D;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;

/**
 * The pools of sequences [steps, features]: MaxPooling1D and AveragePooling1D as ONNX's 1-D MaxPool / AveragePool
 * between Transposes (and back, from 1-D pools of channels-first sequences, with Permute layers), F.max_pool1d /
 * avg_pool1d in PyTorch; GlobalMaxPooling1D and GlobalAveragePooling1D as ReduceMax / ReduceMean over the steps
 * (and back), amax / mean; Keras's layers of the same names.
 */
public final class Pooling1DAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D");
    }

    private static boolean max(String type) {
        return type.contains("Max");
    }

    private static boolean global(String type) {
        return type.startsWith("Global");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId(), type = c.typeName();
        if (global(type)) {
            g.node(max(type) ? "ReduceMax" : "ReduceMean", id, List.of(in.get(0)), id, ints("axes", 1), org.layercanvas.formats.spi.OnnxNodes.attr("keepdims", 0L));
            return;
        }
        Window2D w = Pooling1D.window(c, g.shape(in.get(0)));
        g.node("Transpose", id + "/features_first", List.of(in.get(0)), id + "/features_first", ints("perm", 0, 2, 1));
        g.node(max(type) ? "MaxPool" : "AveragePool", id + "/pool", List.of(id + "/features_first"), id + "/pooled", ints("kernel_shape", w.kh()),
                ints("strides", w.strideH()), ints("pads", w.padTop(), Conv2DAdapter.padBottom(w)));
        g.node("Transpose", id, List.of(id + "/pooled"), id, ints("perm", 0, 2, 1));
    }

    @Override
    public Set<String> operators() {
        return Set.of("ReduceMax", "ReduceMean"); // 1-D MaxPool and AveragePool come through PoolingAdapter (importPool)
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) {
        ImportedLayer x = onnx.value(n, 0);
        Shape in = x == null ? null : onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        long[] axes = intsAttr(n, "axes");
        if (in.rank() != 2 || n.getInputCount() > 1 || axes == null || axes.length != 1 || (axes[0] != 1 && axes[0] != -2) || intAttr(n, "keepdims", 1) != 0) {
            onnx.problem(n, "axes " + Arrays.toString(axes) + ", keepdims " + intAttr(n, "keepdims", 1) + " of sample shape " + in
                    + " (imported as a global pool over the steps of a sequence: axes [1], keepdims 0)");
            return;
        }
        onnx.layer(n.getOpType().equals("ReduceMax") ? "GlobalMaxPooling1D" : "GlobalAveragePooling1D", n, n.getOutput(0)).input(x);
    }

    /** A 1-D MaxPool or AveragePool of x, a channels-first sequence [features, steps]: Permute, the pool, Permute back. */
    static void importPool(NodeProto n, ImportedLayer x, Shape in, long[] kernel, long[] strides, OnnxImport onnx) {
        if (kernel[0] < 1 || kernel[0] > Integer.MAX_VALUE || strides != null && (strides.length != 1 || strides[0] < 1 || strides[0] > Integer.MAX_VALUE)) {
            onnx.problem(n, "kernel_shape " + Arrays.toString(kernel) + " and strides " + Arrays.toString(strides) + " (a 1-D pool: one positive size and stride)");
            return;
        }
        int k = (int) kernel[0], s = strides == null ? 1 : (int) strides[0];
        String padding = Conv1DAdapter.padding(n, intsAttr(n, "pads"), in.rank() == 2 ? in.dim(1) : 0, k, s, 1);
        if (in.rank() != 2 || padding == null) {
            onnx.problem(n, "sample shape " + in + ", pads " + Arrays.toString(intsAttr(n, "pads")) + " (a 1-D pool of a sequence, \"valid\" or \"same\")");
            return;
        }
        String type = n.getOpType().equals("MaxPool") ? "MaxPooling1D" : "AveragePooling1D";
        ImportedLayer steps = onnx.layer("Permute", n, n.getOutput(0) + "/steps_first").input(x).param("dims", List.of(2, 1));
        ImportedLayer pool = onnx.layer(type, n, n.getOutput(0) + "/pool").input(steps).param("pool_size", k);
        if (s != k) {
            pool.param("strides", s);
        }
        if (padding.equals("same")) {
            pool.param("padding", "same");
        }
        onnx.layer("Permute", n, n.getOutput(0)).input(pool).param("dims", List.of(2, 1));
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), x = torch.variable(in.get(0)), type = c.typeName();
        String out = PythonNames.shape(torch.shape(id)) + ", " + type;
        if (global(type)) {
            torch.line(torch.variable(id) + " = " + x + (max(type) ? ".amax(dim=1)" : ".mean(dim=1)"), out);
            return;
        }
        Window2D w = Pooling1D.window(c, torch.shape(in.get(0)));
        int end = Conv2DAdapter.padBottom(w);
        String seq = x + ".transpose(1, 2)";
        if (w.padTop() != 0 || end != 0) { // "same": pad first, with −∞ for a maximum; a mean divides by the steps inside
            String pads = "(" + w.padTop() + ", " + end + ")";
            String pooled = max(type) ? "F.max_pool1d(F.pad(" + seq + ", " + pads + ", value=float('-inf')), " + w.kh() + ", stride=" + w.strideH() + ")"
                    : "(F.avg_pool1d(F.pad(" + seq + ", " + pads + "), " + w.kh() + ", stride=" + w.strideH() + ") / F.avg_pool1d(F.pad(torch.ones_like("
                    + seq + "[:1, :1]), " + pads + "), " + w.kh() + ", stride=" + w.strideH() + "))";
            torch.line(torch.variable(id) + " = " + pooled + ".transpose(1, 2)", out + ", padding \"same\"");
        } else {
            torch.line(torch.variable(id) + " = " + (max(type) ? "F.max_pool1d(" : "F.avg_pool1d(") + seq + ", " + w.kh() + ", stride=" + w.strideH()
                    + ").transpose(1, 2)", out);
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId(), type = c.typeName();
        Object config = global(type) ? KerasModel.config() : KerasModel.config("pool_size", List.of(c.getInt("pool_size")), "strides",
                List.of(Pooling1D.window(c, keras.shape(in.get(0))).strideH()), "padding", c.getString("padding"));
        keras.output(id, keras.layer(type, keras.layerNameOf(id), (java.util.Map<String, Object>) config, List.of(keras.channelsFirst(in.get(0))),
                PythonNames.shape(keras.shape(id))), false);
    }
}
