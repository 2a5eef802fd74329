package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.in;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

/** Add: ONNX's Add (two inputs) or Sum; {@code a + b}; layers.Add (channels-last when every input is). */
public final class AddAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Add");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        g.node(in.size() == 2 ? "Add" : "Sum", c.nodeId(), in, c.nodeId());
    }

    @Override
    public Set<String> operators() {
        return Set.of("Add", "Sum");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) {
        List<ImportedLayer> xs = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            if (onnx.constant(in(n, i)) != null) {
                onnx.problem(n, "adding a constant is supported only as the bias right after MatMul");
                return;
            }
            xs.add(onnx.value(n, i));
        }
        OnnxJoins.join("Add", n, xs, onnx);
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        torch.line(torch.variable(c.nodeId()) + " = " + String.join(" + ", in.stream().map(torch::variable).toList()),
                PythonNames.shape(torch.shape(c.nodeId())) + ", Add");
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        boolean allLast = in.stream().allMatch(keras::isChannelsLast);
        keras.output(id, keras.layer("Add", keras.layerNameOf(id), KerasModel.config(), in.stream().map(i -> allLast ? keras.output(i) : keras.channelsFirst(i)).toList(),
                allLast ? "channels-last" : PythonNames.shape(keras.shape(id))), allLast);
    }
}
