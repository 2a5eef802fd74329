package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.attribute;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.spi.onnx.Onnx.AttributeProto;
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

/** Concatenate: ONNX's Concat, torch.cat, layers.Concatenate; our axis counts sample axes, theirs include the batch. */
public final class ConcatenateAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Concatenate");
    }

    /** The axis with the batch: ours + 1, or negative as it is. */
    private static int batchAxis(LayerConfig c) {
        int axis = c.getInt("axis");
        return axis < 0 ? axis : axis + 1;
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        g.node("Concat", c.nodeId(), in, c.nodeId(), attr("axis", (long) batchAxis(c)));
    }

    @Override
    public Set<String> operators() {
        return Set.of("Concat");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) {
        AttributeProto axisAttr = attribute(n, "axis");
        long axis = axisAttr == null ? 1 : axisAttr.getI();
        if (axis == 0) {
            onnx.problem(n, "axis 0 joins along the batch");
            return;
        }
        List<ImportedLayer> xs = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            xs.add(onnx.value(n, i));
        }
        ImportedLayer c = OnnxJoins.join("Concatenate", n, xs, onnx);
        int ours = (int) (axis < 0 ? axis : axis - 1);
        if (c != null && ours != -1) {
            c.param("axis", ours);
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        torch.line(torch.variable(c.nodeId()) + " = torch.cat([" + in.stream().map(torch::variable).collect(Collectors.joining(", ")) + "], dim="
                + batchAxis(c) + ")", PythonNames.shape(torch.shape(c.nodeId())) + ", Concatenate");
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        // counted from the front: TensorFlow.js 4.22 concatenates wrongly along a negative axis other than -1
        int axis = c.getInt("axis"), rank = keras.shape(id).rank();
        keras.output(id, keras.layer("Concatenate", keras.layerNameOf(id), KerasModel.config("axis", (axis < 0 ? axis + rank : axis) + 1),
                in.stream().map(keras::channelsFirst).toList(), PythonNames.shape(keras.shape(id))), false);
    }
}
