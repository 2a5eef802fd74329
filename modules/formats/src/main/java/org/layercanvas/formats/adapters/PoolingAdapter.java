package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.ints;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;
import static org.layercanvas.formats.spi.OnnxNodes.stringAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
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

/** MaxPooling2D and AveragePooling2D: MaxPool / AveragePool without padding; nn.MaxPool2d / nn.AvgPool2d; channels-last Keras pooling. */
public final class PoolingAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("MaxPooling2D", "AveragePooling2D");
    }

    private static boolean max(LayerConfig c) {
        return c.typeName().equals("MaxPooling2D");
    }

    /** The stride: 0 means the pool size. */
    private static int stride(LayerConfig c) {
        return c.getInt("strides") == 0 ? c.getInt("pool_size") : c.getInt("strides");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        int k = c.getInt("pool_size"), s = stride(c);
        g.node(max(c) ? "MaxPool" : "AveragePool", c.nodeId(), List.of(in.get(0)), c.nodeId(), ints("kernel_shape", k, k), ints("strides", s, s));
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
        if (kernel == null || kernel.length != 2 || kernel[0] != kernel[1] || kernel[0] < 1) {
            bad.add("kernel_shape " + (kernel == null ? "missing" : Arrays.toString(kernel)) + " (pooling windows are square and 2-D)");
        }
        if (strides != null && (strides.length != 2 || strides[0] != strides[1] || strides[0] < 1)) {
            bad.add("strides " + Arrays.toString(strides) + " (two equal positive numbers)");
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
            onnx.problem(n, String.join(", ", bad));
            return;
        }
        if (x == null) {
            return;
        }
        int k = (int) kernel[0], s = strides == null ? 1 : (int) strides[0];
        ImportedLayer p = onnx.layer(n.getOpType().equals("MaxPool") ? "MaxPooling2D" : "AveragePooling2D", n, n.getOutput(0)).input(x).param("pool_size", k);
        if (s != k) {
            p.param("strides", s);
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        torch.module(id, (max(c) ? "nn.MaxPool2d" : "nn.AvgPool2d") + "(" + c.getInt("pool_size") + ", stride=" + stride(c) + ")", c.typeName() + ", no padding");
        torch.line(y + " = self." + y + "(" + torch.variable(in.get(0)) + ")", PythonNames.shape(torch.shape(id)));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        Shape o = keras.shape(id);
        int pool = c.getInt("pool_size"), stride = stride(c);
        keras.output(id, keras.layer(c.typeName(), keras.layerNameOf(id), KerasModel.config("pool_size", List.of(pool, pool), "strides",
                List.of(stride, stride), "padding", "valid", "data_format", "channels_last"), List.of(keras.channelsLast(in.get(0))),
                "[N, " + o.dim(1) + ", " + o.dim(2) + ", " + o.dim(0) + "], channels-last"), true);
    }
}
