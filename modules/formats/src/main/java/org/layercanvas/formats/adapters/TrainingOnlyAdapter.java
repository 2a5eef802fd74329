package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.decimal;
import static org.layercanvas.formats.spi.OnnxNodes.floatAttr;
import static org.layercanvas.formats.spi.OnnxNodes.present;

import java.util.List;
import java.util.Set;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.spi.OnnxTensors.Unreadable;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/**
 * Dropout and GaussianNoise, which act during training only: Identity in ONNX (ONNX's Dropout imports
 * as Dropout); nn.Dropout (inactive after {@code eval()}) and nn.Identity; Keras's own layers.
 */
public final class TrainingOnlyAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Dropout", "GaussianNoise");
    }

    private static boolean dropout(LayerConfig c) {
        return c.typeName().equals("Dropout");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        g.node("Identity", c.nodeId(), List.of(in.get(0)), c.nodeId());
    }

    @Override
    public Set<String> operators() {
        return Set.of("Dropout");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        double rate = 0.5;
        if (onnx.opset() < 12) {
            rate = decimal(floatAttr(n, "ratio", 0.5f));
        } else if (present(n, 1)) {
            TensorProto r = onnx.constant(n, 1, "ratio");
            if (r == null) {
                return;
            }
            if (OnnxTensors.size(r) != 1) {
                onnx.problem(n, "its ratio has " + OnnxTensors.size(r) + " values (dims " + r.getDimsList() + "), not one");
                return;
            }
            rate = decimal(OnnxTensors.floats(r)[0]);
        }
        if (n.getOutputCount() > 1 && !n.getOutput(1).isEmpty() && !onnx.consumers(n.getOutput(1)).isEmpty()) {
            onnx.problem(n, "its mask output is used");
            return;
        }
        if (rate < 0 || rate > 0.99) {
            onnx.problem(n, "ratio " + rate + " (Dropout's rate is between 0 and 0.99)");
            return;
        }
        if (x != null) {
            onnx.layer("Dropout", n, n.getOutput(0)).input(x).param("rate", rate);
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        if (dropout(c)) {
            torch.module(id, "nn.Dropout(" + PythonNames.number(c.getDouble("rate")) + ")", "Dropout: passes values through after eval()");
        } else {
            torch.module(id, "nn.Identity()", "GaussianNoise(stddev " + PythonNames.number(c.getDouble("stddev")) + "): training only");
        }
        torch.line(y + " = self." + y + "(" + torch.variable(in.get(0)) + ")", PythonNames.shape(torch.shape(id)));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        boolean keepLast = keras.isChannelsLast(in.get(0));
        String arg = dropout(c) ? "rate" : "stddev";
        keras.output(id, keras.layer(c.typeName(), keras.layerNameOf(id), KerasModel.config(arg, c.getDouble(arg)), List.of(keras.output(in.get(0))),
                (keepLast ? "channels-last" : PythonNames.shape(keras.shape(id))) + ", training only"), keepLast);
    }
}
