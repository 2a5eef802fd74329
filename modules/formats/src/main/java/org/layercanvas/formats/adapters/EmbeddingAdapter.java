package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.intAttr;

import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
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
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;

/**
 * Embedding: ONNX's Gather of the table's rows (axis 0) at the indices Cast to int64, and back from a Gather of a constant
 * 2-D table (PyTorch's nn.Embedding exports that, its indices an int64 graph input); nn.Embedding; Keras's Embedding.
 */
public final class EmbeddingAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Embedding");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        g.node("Cast", id + "/indices", List.of(in.get(0)), id + "/indices", attr("to", (long) TensorProto.DataType.INT64_VALUE));
        g.node("Gather", id, List.of(g.initializer(id, "weight"), id + "/indices"), id, attr("axis", 0L));
    }

    @Override
    public Set<String> operators() {
        return Set.of("Gather");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        TensorProto table = onnx.constant(n.getInput(0));
        if (table == null) {
            onnx.problem(n, "Gather is imported as an Embedding, whose data (input 0 '" + n.getInput(0) + "') is a constant 2-D table (an initializer)");
            return;
        }
        ImportedLayer x = onnx.value(n, 1);
        if (x == null) {
            return;
        }
        if (table.getDimsCount() != 2 || intAttr(n, "axis", 0) != 0) {
            onnx.problem(n, "Gather of data dims " + table.getDimsList() + " along axis " + intAttr(n, "axis", 0)
                    + " (an Embedding looks up rows of a 2-D table: axis 0)");
            return;
        }
        int rows = (int) table.getDims(0), dim = (int) table.getDims(1);
        onnx.layer("Embedding", n, n.getOutput(0)).input(x).param("input_dim", rows).param("output_dim", dim)
                .weight("weight", Shape.of(rows, dim), OnnxTensors.floats(table));
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        torch.module(id, "nn.Embedding(" + c.getInt("input_dim") + ", " + c.getInt("output_dim") + ")", "Embedding");
        torch.param(id, "weight", "weight");
        torch.line(y + " = self." + y + "(" + torch.variable(in.get(0)) + ".long())", PythonNames.shape(torch.shape(id)) + ", the indices as integers");
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        String e = keras.layer("Embedding", keras.layerNameOf(id), KerasModel.config("input_dim", c.getInt("input_dim"), "output_dim", c.getInt("output_dim"),
                "embeddings_initializer", c.getString("embeddings_initializer"), "mask_zero", false), List.of(keras.output(in.get(0))),
                PythonNames.shape(keras.shape(id)));
        keras.output(id, e, false);
        keras.weights(e, new KerasWeight("embeddings", new int[] {c.getInt("input_dim"), c.getInt("output_dim")}, keras.weight(id, "weight").values()));
    }
}
