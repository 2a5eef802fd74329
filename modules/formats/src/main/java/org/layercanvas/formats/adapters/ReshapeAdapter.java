package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.intAttr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.Shape;
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

/** Reshape: ONNX's Reshape to [0 (the batch), dims…]; {@code x.reshape}; layers.Reshape of the channels-first values. */
public final class ReshapeAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Reshape");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        g.node("Reshape", id, List.of(in.get(0), g.longs(id + "/shape", OnnxActivations.batchShape(g.shape(id)))), id);
    }

    @Override
    public Set<String> operators() {
        return Set.of("Reshape");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        List<Integer> target = target(n, x, onnx);
        if (target != null) {
            onnx.layer("Reshape", n, n.getOutput(0)).input(x).param("target_shape", target);
        }
    }

    /** [0 or -1 (the batch), dims…] resolved against the input's shape; null after recording a problem. */
    private static List<Integer> target(NodeProto n, ImportedLayer x, OnnxImport onnx) throws Unreadable {
        TensorProto t = onnx.constant(n, 1, "shape");
        if (t == null || x == null) {
            return null;
        }
        long[] dims = OnnxTensors.longs(t);
        Shape in = onnx.shapeOrProblem(n, x);
        if (in == null) {
            return null;
        }
        boolean allowZero = intAttr(n, "allowzero", 0) != 0;
        String why = null;
        if (dims.length < 2) {
            why = "it must keep the batch and give a sample shape";
        } else if (dims[0] != 0 && dims[0] != -1 || allowZero && dims[0] == 0) {
            why = "its first dimension must be 0 (the batch) or -1";
        }
        List<Integer> target = new ArrayList<>();
        int infer = -1, known = 1;
        for (int i = 1; why == null && i < dims.length; i++) {
            long d = dims[i];
            if (d == 0 && !allowZero && i - 1 < in.rank()) {
                d = in.dim(i - 1);
            }
            if (d == -1 && infer < 0 && dims[0] == 0) {
                infer = i - 1;
                target.add(-1);
                continue;
            }
            if (d <= 0) {
                why = "dimension " + i + " is " + dims[i];
            } else {
                target.add((int) d);
                known *= (int) d;
            }
        }
        if (why == null && infer >= 0) {
            if (in.size() % known != 0) {
                why = "the " + in.size() + " values of " + in + " do not divide into it";
            } else {
                target.set(infer, in.size() / known);
            }
        }
        if (why != null) {
            onnx.problem(n, "shape " + Arrays.toString(dims) + ": " + why);
            return null;
        }
        return target;
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), x = torch.variable(in.get(0));
        String dims = Arrays.stream(torch.shape(id).dims()).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        torch.line(torch.variable(id) + " = " + x + ".reshape(" + x + ".shape[0], " + dims + ")", PythonNames.shape(torch.shape(id)) + ", Reshape");
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        keras.output(id, keras.layer("Reshape", keras.layerNameOf(id), KerasModel.config("target_shape", FlattenAdapter.dims(keras.shape(id))),
                List.of(keras.channelsFirst(in.get(0))), PythonNames.shape(keras.shape(id))), false);
    }
}
