package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.decimal;
import static org.layercanvas.formats.spi.OnnxNodes.floatAttr;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
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

/** BatchNormalization at inference (its running statistics): ONNX's BatchNormalization; nn.BatchNorm1d/2d/3d; layers.BatchNormalization. */
public final class BatchNormalizationAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("BatchNormalization");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        g.node("BatchNormalization", id, List.of(in.get(0), g.initializer(id, "weight"), g.initializer(id, "bias"), g.initializer(id, "running_mean"),
                g.initializer(id, "running_var")), id, attr("epsilon", (float) c.getDouble("epsilon")), attr("momentum", (float) c.getDouble("momentum")));
    }

    @Override
    public Set<String> operators() {
        return Set.of("BatchNormalization");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        TensorProto scale = onnx.constant(n, 1, "scale"), bias = onnx.constant(n, 2, "bias"), mean = onnx.constant(n, 3, "mean");
        TensorProto var = onnx.constant(n, 4, "var");
        if (n.getOutputList().stream().skip(1).anyMatch(o -> !o.isEmpty())) {
            onnx.problem(n, "training-mode outputs (running mean / var) are not supported");
            return;
        }
        if (intAttr(n, "training_mode", 0) != 0) {
            onnx.problem(n, "training_mode 1 (the importer reads inference models)");
            return;
        }
        if (intAttr(n, "spatial", 1) != 1) {
            onnx.problem(n, "spatial 0 (statistics per value, opset < 9); BatchNormalization normalises per channel");
            return;
        }
        if (x == null || scale == null || bias == null || mean == null || var == null) {
            return;
        }
        Shape in = onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        long channels = in.rank() == 0 ? 1 : in.dim(0);
        for (TensorProto t : List.of(scale, bias, mean, var)) {
            if (OnnxTensors.size(t) != channels || t.getDimsCount() != 1) {
                onnx.problem(n, "'" + t.getName() + "' has dims " + t.getDimsList() + " but its input '" + x.output() + "' has " + channels
                        + " channels (sample shape " + in + ")");
                return;
            }
        }
        ImportedLayer b = onnx.layer("BatchNormalization", n, n.getOutput(0)).input(x);
        double epsilon = decimal(floatAttr(n, "epsilon", 1e-5f));
        if (epsilon != 0.001) {
            b.param("epsilon", epsilon);
        }
        // ONNX's momentum defaults to 0.9, ours to 0.99
        double momentum = decimal(floatAttr(n, "momentum", 0.9f));
        if (momentum != 0.99) {
            b.param("momentum", momentum);
        }
        int c = (int) OnnxTensors.size(scale);
        b.weight("weight", Shape.of(c), OnnxTensors.floats(scale));
        b.weight("bias", Shape.of(c), OnnxTensors.floats(bias));
        b.weight("running_mean", Shape.of(c), OnnxTensors.floats(mean));
        b.weight("running_var", Shape.of(c), OnnxTensors.floats(var));
    }

    /** PyTorch's momentum (the weight of the new batch) from Keras's (the weight of the old statistics). */
    static String torchMomentum(double kerasMomentum) {
        return BigDecimal.ONE.subtract(new BigDecimal(Double.toString(kerasMomentum))).stripTrailingZeros().toPlainString();
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        Shape s = torch.shape(in.get(0));
        String module = s.rank() == 3 ? "nn.BatchNorm2d" : s.rank() == 4 ? "nn.BatchNorm3d" : "nn.BatchNorm1d";
        torch.module(id, module + "(" + s.dim(0) + ", eps=" + PythonNames.number(c.getDouble("epsilon")) + ", momentum="
                + torchMomentum(c.getDouble("momentum")) + ")", "BatchNormalization (Keras momentum " + PythonNames.number(c.getDouble("momentum")) + ")");
        for (String param : List.of("weight", "bias", "running_mean", "running_var")) {
            torch.param(id, param, param);
        }
        torch.line(y + " = self." + y + "(" + torch.variable(in.get(0)) + ")", PythonNames.shape(torch.shape(id)));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        // images go channels-last: TensorFlow's fused batch normalisation on the CPU takes only those, and TensorFlow.js
        // 4.22's CPU kernel broadcasts the statistics along the last axis whatever the layer's axis is
        boolean last = keras.isChannelsLast(in.get(0)) || keras.shape(id).rank() == 3;
        String x = last ? keras.channelsLast(in.get(0)) : keras.output(in.get(0));
        String bn = keras.layer("BatchNormalization", keras.layerNameOf(id), KerasModel.config("axis", last ? -1 : 1, "momentum", c.getDouble("momentum"),
                "epsilon", c.getDouble("epsilon"), "center", true, "scale", true), List.of(x), last ? "channels-last" : PythonNames.shape(keras.shape(id)));
        keras.output(id, bn, last);
        keras.weights(bn, weight(keras, id, "weight", "gamma"), weight(keras, id, "bias", "beta"), weight(keras, id, "running_mean", "moving_mean"),
                weight(keras, id, "running_var", "moving_variance"));
    }

    private static KerasWeight weight(KerasModel keras, String id, String param, String kerasName) {
        float[] v = keras.weight(id, param).values();
        return new KerasWeight(kerasName, new int[] {v.length}, v);
    }
}
