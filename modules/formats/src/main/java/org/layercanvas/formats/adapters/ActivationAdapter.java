package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.in;

import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/**
 * Activation: ONNX's element-wise operators (see {@link OnnxActivations}); Identity imports as a
 * pass-through, or as the linear Activation where a graph output needs a layer of its own.
 */
public final class ActivationAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Activation");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        OnnxActivations.export(g, c.nodeId(), Activation.of(c.getString("activation")), in.get(0), c.nodeId(), false);
    }

    @Override
    public Set<String> operators() {
        return Set.of("Relu", "Sigmoid", "Tanh", "Softmax", "LeakyRelu", "Elu", "Softplus", "Abs", "Sign", "Exp", "Greater", "GreaterOrEqual",
                "Identity", "Selu", "Softsign", "HardSigmoid", "Div", "LogSoftmax");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        if (n.getOpType().equals("Identity")) {
            identity(n, onnx);
            return;
        }
        ImportedLayer x = onnx.value(n, 0);
        if (x == null) {
            return;
        }
        Shape s = onnx.shapeOrProblem(n, x);
        if (s == null) {
            return;
        }
        String[] why = new String[1];
        OnnxActivations.Match act = OnnxActivations.at(n, s.rank() + 1, why, onnx);
        if (act == null) {
            onnx.problem(n, why[0]);
            return;
        }
        onnx.consume(act.nodes());
        onnx.layer("Activation", n, act.output()).input(x).param("activation", act.key());
    }

    private static void identity(NodeProto n, OnnxImport onnx) {
        String in = in(n, 0), out = n.getOutput(0);
        if (onnx.constant(in) != null) {
            onnx.defineConstant(out, onnx.constant(in));
            return;
        }
        ImportedLayer x = onnx.value(n, 0);
        if (x == null) {
            return;
        }
        if (onnx.isGraphOutput(out)) {
            onnx.layer("Activation", n, out).input(x).param("activation", "linear");
        } else {
            onnx.alias(out, x);
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        Activation f = Activation.of(c.getString("activation"));
        torch.module(id, TorchActivations.module(torch, f), "Activation " + f.key());
        torch.line(y + " = self." + y + "(" + torch.variable(in.get(0)) + ")", PythonNames.shape(torch.shape(id)));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId(), x = in.get(0);
        Activation f = Activation.of(c.getString("activation"));
        // (log-)softmax normalizes the last axis: W of a channels-first image, as LayerCanvas does
        boolean keepLast = keras.isChannelsLast(x) && !f.rowWise();
        List<String> from = List.of(keepLast ? keras.channelsLast(x) : keras.channelsFirst(x));
        String shape = keepLast ? "channels-last" : PythonNames.shape(keras.shape(id));
        String y = f == Activation.LEAKY_RELU
                ? keras.layer("LeakyReLU", keras.layerNameOf(id), KerasModel.config("alpha", 0.01), from, shape + ", slope 0.01 as in LayerCanvas")
                : keras.layer("Activation", keras.layerNameOf(id), KerasModel.config("activation", KerasActivations.argument(keras, f)), from, shape);
        keras.output(id, y, keepLast);
    }
}
