package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
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
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;

/**
 * RepeatVector: ONNX's Unsqueeze (axis 1) then Tile [1, n, 1], and back from that pair (a lone Unsqueeze becomes a
 * Reshape); {@code x.unsqueeze(1).repeat(1, n, 1)}; Keras's RepeatVector.
 */
public final class RepeatVectorAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("RepeatVector");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        g.node("Unsqueeze", id + "/step", List.of(in.get(0), g.longs(id + "/axis", 1)), id + "/step");
        g.node("Tile", id, List.of(id + "/step", g.longs(id + "/repeats", 1, c.getInt("n"), 1)), id);
    }

    @Override
    public Set<String> operators() {
        return Set.of("Unsqueeze");
    }

    /** Unsqueeze at axis 1, with the Tile [1, n, 1] that alone reads it a RepeatVector; else a Reshape with the new axis. */
    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        Shape in = x == null ? null : onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        long[] axes = intsAttr(n, "axes");
        if (axes == null && n.getInputCount() > 1) {
            TensorProto t = onnx.constant(n, 1, "axes");
            if (t == null) {
                return;
            }
            axes = OnnxTensors.longs(t);
        }
        int rank = in.rank() + 2; // with the batch and the new axis
        if (axes == null || axes.length != 1 || (axes[0] < 0 ? axes[0] + rank : axes[0]) < 1 || (axes[0] < 0 ? axes[0] + rank : axes[0]) >= rank) {
            onnx.problem(n, "axes " + Arrays.toString(axes) + " (one axis after the batch)");
            return;
        }
        int axis = (int) (axes[0] < 0 ? axes[0] + rank : axes[0]);
        NodeProto tile = onnx.soleConsumer(n.getOutput(0));
        TensorProto repeats = tile != null && tile.getOpType().equals("Tile") && tile.getInputCount() == 2 ? onnx.constant(tile.getInput(1)) : null;
        long[] r = repeats == null ? null : OnnxTensors.longs(repeats);
        if (axis == 1 && in.rank() == 1 && r != null && r.length == 3 && r[0] == 1 && r[2] == 1 && r[1] >= 1 && r[1] <= Integer.MAX_VALUE) {
            onnx.consume(List.of(tile));
            onnx.layer("RepeatVector", n, tile.getOutput(0)).input(x).param("n", (int) r[1]);
            return;
        }
        List<Integer> target = new ArrayList<>();
        Arrays.stream(in.dims()).forEach(target::add);
        target.add(axis - 1, 1);
        onnx.layer("Reshape", n, n.getOutput(0)).input(x).param("target_shape", target);
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        torch.line(torch.variable(c.nodeId()) + " = " + torch.variable(in.get(0)) + ".unsqueeze(1).repeat(1, " + c.getInt("n") + ", 1)",
                PythonNames.shape(torch.shape(c.nodeId())) + ", RepeatVector");
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        keras.output(id, keras.layer("RepeatVector", keras.layerNameOf(id), KerasModel.config("n", c.getInt("n")), List.of(keras.channelsFirst(in.get(0))),
                PythonNames.shape(keras.shape(id))), false);
    }
}
