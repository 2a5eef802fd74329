package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.floatAttr;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;
import static org.layercanvas.formats.spi.OnnxNodes.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.formats.spi.KerasWeight;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/** Dense: Gemm (+ activation) in ONNX, read back from Gemm or MatMul (+ Add of the bias); nn.Linear; layers.Dense. */
public final class DenseAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Dense");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        List<String> args = new ArrayList<>(List.of(in.get(0), g.initializer(id, "weight")));
        if (c.getBoolean("use_bias")) {
            args.add(g.initializer(id, "bias"));
        }
        Activation f = Activation.of(c.getString("activation"));
        String pre = f == Activation.LINEAR ? id : id + "/linear";
        g.node("Gemm", id, args, pre, attr("transB", 1L));
        OnnxActivations.export(g, id, f, pre, id, false);
    }

    @Override
    public Set<String> operators() {
        return Set.of("Gemm", "MatMul");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        if (n.getOpType().equals("Gemm")) {
            gemm(n, onnx);
        } else {
            matMul(n, onnx);
        }
    }

    private static void gemm(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        TensorProto b = onnx.constant(n, 1, "weight B");
        TensorProto c = present(n, 2) ? onnx.constant(n, 2, "bias C") : null;
        if (intAttr(n, "transA", 0) != 0) {
            onnx.problem(n, "transA 1 (the input must be [batch, features])");
        }
        if (x == null || b == null || present(n, 2) && c == null || intAttr(n, "transA", 0) != 0) {
            return;
        }
        if (b.getDimsCount() != 2) {
            onnx.problem(n, "weight B has dims " + b.getDimsList() + ", not a matrix");
            return;
        }
        boolean transB = intAttr(n, "transB", 0) != 0;
        int units = (int) b.getDims(transB ? 0 : 1), features = (int) b.getDims(transB ? 1 : 0);
        float[] w = OnnxTensors.floats(b);
        float alpha = floatAttr(n, "alpha", 1f), beta = floatAttr(n, "beta", 1f);
        if (c != null && !(c.getDimsCount() == 0 || c.getDimsCount() == 1 && (c.getDims(0) == 1 || c.getDims(0) == units)
                || c.getDimsCount() == 2 && c.getDims(0) == 1 && c.getDims(1) == units)) {
            onnx.problem(n, "bias C has dims " + c.getDimsList() + "; Dense's bias is per unit: [], [1], [" + units + "] or [1, " + units + "]");
            return;
        }
        dense(n, x, transB ? w : KerasWeight.transpose(w, features, units), alpha, units, features, c == null ? null : OnnxTensors.floats(c), beta, n.getOutput(0),
                onnx);
    }

    private static void matMul(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        TensorProto b = onnx.constant(n, 1, "weight matrix");
        if (x == null || b == null) {
            return;
        }
        if (b.getDimsCount() != 2) {
            onnx.problem(n, "weight matrix has dims " + b.getDimsList() + "; Dense needs a 2-D [in, units] one");
            return;
        }
        int features = (int) b.getDims(0), units = (int) b.getDims(1);
        float[] w = KerasWeight.transpose(OnnxTensors.floats(b), features, units);
        String out = n.getOutput(0);
        float[] bias = null;
        NodeProto add = onnx.soleConsumer(out);
        if (add != null && add.getOpType().equals("Add") && add.getInputCount() == 2) {
            String other = add.getInput(0).equals(out) ? add.getInput(1) : add.getInput(0);
            TensorProto c = onnx.constant(other);
            if (c != null && OnnxTensors.size(c) == units && (c.getDimsCount() == 1 || c.getDimsCount() == 2 && c.getDims(0) == 1)) {
                bias = OnnxTensors.floats(c);
                onnx.consume(List.of(add));
                out = add.getOutput(0);
            }
        }
        dense(n, x, w, 1f, units, features, bias, 1f, out, onnx);
    }

    private static void dense(NodeProto n, ImportedLayer x, float[] weight, float alpha, int units, int features, float[] c, float beta, String out,
            OnnxImport onnx) throws Unreadable {
        Shape in = onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        if (in.rank() == 0 || in.dim(in.rank() - 1) != features) {
            onnx.problem(n, "its weight takes " + features + " features but its input '" + x.output() + "' has sample shape " + in);
            return;
        }
        float[] bias = null;
        if (c != null) {
            if (c.length != units && c.length != 1) {
                onnx.problem(n, "the bias has " + c.length + " values for " + units + " units");
                return;
            }
            bias = new float[units];
            for (int i = 0; i < units; i++) {
                bias[i] = beta * c[c.length == 1 ? 0 : i];
            }
        }
        if (alpha != 1f) {
            weight = weight.clone();
            for (int i = 0; i < weight.length; i++) {
                weight[i] *= alpha;
            }
        }
        ImportedLayer d = onnx.layer("Dense", n, out).input(x).param("units", units).weight("weight", Shape.of(units, features), weight);
        if (bias == null) {
            d.param("use_bias", false);
        } else {
            d.weight("bias", Shape.of(units), bias);
        }
        NodeProto next = OnnxActivations.reader(d, onnx);
        if (next != null) {
            OnnxActivations.fold(d, next, false, onnx);
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        int inFeatures = torch.shape(in.get(0)).dim(0), units = c.getInt("units");
        boolean bias = c.getBoolean("use_bias");
        torch.module(id, "nn.Linear(" + inFeatures + ", " + units + (bias ? "" : ", bias=False") + ")", "Dense");
        torch.param(id, "weight", "weight");
        if (bias) {
            torch.param(id, "bias", "bias");
        }
        Activation f = Activation.of(c.getString("activation"));
        torch.line(y + " = " + TorchActivations.call(torch, f, "self." + y + "(" + torch.variable(in.get(0)) + ")"),
                PythonNames.shape(torch.shape(id)) + (f == Activation.LINEAR ? "" : ", " + f.key()));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        boolean bias = c.getBoolean("use_bias");
        Activation f = Activation.of(c.getString("activation"));
        String shape = PythonNames.shape(keras.shape(id));
        String dense = keras.layer("Dense", keras.layerNameOf(id), KerasModel.config("units", c.getInt("units"), "activation",
                KerasActivations.before(keras, f), "use_bias", bias, "kernel_initializer", c.getString("kernel_initializer")), List.of(keras.channelsFirst(in.get(0))),
                shape);
        keras.output(id, KerasActivations.after(keras, f, dense, shape), false);
        WeightTensor w = keras.weight(id, "weight");
        int units = w.shape().dim(0), features = w.shape().dim(1);
        KerasWeight kernel = new KerasWeight("kernel", new int[] {features, units}, KerasWeight.transpose(w.values(), units, features));
        if (bias) {
            keras.weights(dense, kernel, new KerasWeight("bias", new int[] {units}, keras.weight(id, "bias").values()));
        } else {
            keras.weights(dense, kernel);
        }
    }
}
