package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;

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

/** Flatten: ONNX's Flatten with axis 1 (the batch stays); nn.Flatten; a Keras Reshape of the channels-first values. */
public final class FlattenAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Flatten");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        g.node("Flatten", c.nodeId(), List.of(in.get(0)), c.nodeId(), attr("axis", 1L));
    }

    @Override
    public Set<String> operators() {
        return Set.of("Flatten");
    }

    /**
     * Axis 1 is our Flatten. Another axis k (negative: from the end) keeps the batch too when k ≥ 2, giving [d1·…·d(k−1),
     * dk·…]: a Reshape to that. Axis 0 would fold the batch in.
     */
    @Override
    public void importNode(NodeProto n, OnnxImport onnx) {
        ImportedLayer x = onnx.value(n, 0);
        Shape in = x == null ? null : onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        long axis = intAttr(n, "axis", 1);
        int rank = in.rank() + 1, k = (int) (axis < 0 ? axis + rank : axis);
        if (k < 1 || k > rank) {
            onnx.problem(n, "axis " + axis + " (Flatten keeps the batch: axis 1 or more, or −1 … −" + (rank - 1) + ")");
        } else if (k == 1) {
            onnx.layer("Flatten", n, n.getOutput(0)).input(x);
        } else {
            int front = 1, back = 1;
            for (int i = 0; i < in.rank(); i++) {
                if (i < k - 1) {
                    front *= in.dim(i);
                } else {
                    back *= in.dim(i);
                }
            }
            onnx.layer("Reshape", n, n.getOutput(0)).input(x).param("target_shape", List.of(front, back));
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        torch.module(id, "nn.Flatten()", "Flatten");
        torch.line(y + " = self." + y + "(" + torch.variable(in.get(0)) + ")", PythonNames.shape(torch.shape(id)));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        keras.output(id, keras.layer("Reshape", keras.layerNameOf(id), KerasModel.config("target_shape", dims(keras.shape(id))),
                List.of(keras.channelsFirst(in.get(0))), PythonNames.shape(keras.shape(id)) + ", Flatten (channels-first order, as LayerCanvas)"), false);
    }

    /** A shape's dimensions as a configuration value. */
    static List<Integer> dims(Shape s) {
        return java.util.Arrays.stream(s.dims()).boxed().toList();
    }
}
