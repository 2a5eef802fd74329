package org.layercanvas.plugin.example;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.decimal;
import static org.layercanvas.formats.spi.OnnxNodes.floatAttr;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.present;

import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
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
 * {@link LayerNormalizationLayer} in every format: ONNX's LayerNormalization (opset 17, the
 * exporter's) and back, nn.LayerNorm(d) in PyTorch, layers.LayerNormalization(axis=-1) in Keras.
 */
public final class LayerNormalizationAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    /** The first opset that has LayerNormalization. */
    static final long ONNX_OPSET = 17;

    @Override
    public Set<String> layerTypes() {
        return Set.of(LayerNormalizationLayer.NAME);
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport onnx) {
        String id = c.nodeId();
        onnx.node("LayerNormalization", id, List.of(in.get(0), onnx.initializer(id, "weight"), onnx.initializer(id, "bias")), id,
                attr("axis", -1L), attr("epsilon", (float) c.getDouble("epsilon")));
    }

    @Override
    public Set<String> operators() {
        return Set.of("LayerNormalization");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        if (onnx.opset() < ONNX_OPSET) {
            onnx.problem(n, "the model's opset " + onnx.opset() + " has no LayerNormalization (it came with opset " + ONNX_OPSET + ")");
            return;
        }
        for (int i = 1; i < n.getOutputCount(); i++) {
            if (!n.getOutput(i).isEmpty()) {
                onnx.problem(n, "its Mean and InvStdDev outputs are not supported");
                return;
            }
        }
        ImportedLayer x = onnx.value(n, 0);
        TensorProto scale = onnx.constant(n, 1, "scale");
        TensorProto bias = present(n, 2) ? onnx.constant(n, 2, "bias") : null;
        if (x == null || scale == null || present(n, 2) && bias == null) {
            return;
        }
        Shape in = onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        // ONNX's axis counts the batch: the last axis is -1 or the sample's rank
        long axis = intAttr(n, "axis", -1);
        if (axis != -1 && axis != in.rank()) {
            onnx.problem(n, "axis " + axis + " normalizes more than the last axis of " + in + " samples; only the last axis is supported");
            return;
        }
        int d = in.dim(in.rank() - 1);
        for (TensorProto t : bias == null ? List.of(scale) : List.of(scale, bias)) {
            if (OnnxTensors.size(t) != d) {
                onnx.problem(n, "'" + t.getName() + "' has dims " + t.getDimsList() + " but the last axis of " + in + " has " + d + " values");
                return;
            }
        }
        ImportedLayer layer = onnx.layer(LayerNormalizationLayer.NAME, n, n.getOutput(0)).input(x);
        // ONNX's epsilon defaults to 1e-5, ours (Keras's) to 1e-3
        double epsilon = decimal(floatAttr(n, "epsilon", 1e-5f));
        if (epsilon != 0.001) {
            layer.param("epsilon", epsilon);
        }
        layer.weight("weight", Shape.of(d), OnnxTensors.floats(scale));
        layer.weight("bias", Shape.of(d), bias == null ? new float[d] : OnnxTensors.floats(bias));
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        Shape s = torch.shape(id);
        torch.module(id, "nn.LayerNorm(" + s.dim(s.rank() - 1) + ", eps=" + number(c.getDouble("epsilon")) + ")", "LayerNormalization over the last axis");
        torch.param(id, "weight", "weight");
        torch.param(id, "bias", "bias");
        torch.line(y + " = self." + y + "(" + torch.variable(in.get(0)) + ")", String.valueOf(s));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        // the last axis of LayerCanvas's channels-first layout, whatever layout the input is held in
        String layer = keras.layer("LayerNormalization", keras.layerNameOf(id), KerasModel.config("axis", -1, "epsilon", c.getDouble("epsilon"), "center", true,
                "scale", true), List.of(keras.channelsFirst(in.get(0))), String.valueOf(keras.shape(id)));
        keras.output(id, layer, false);
        float[] gamma = keras.weight(id, "weight").values(), beta = keras.weight(id, "bias").values();
        keras.weights(layer, new KerasWeight("gamma", new int[] {gamma.length}, gamma), new KerasWeight("beta", new int[] {beta.length}, beta));
    }

    /** A Python literal that reads back as the same double (Java's 1.0E-5 is valid Python). */
    private static String number(double v) {
        return Double.toString(v);
    }
}
