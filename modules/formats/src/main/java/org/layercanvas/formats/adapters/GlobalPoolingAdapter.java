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
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;

/**
 * GlobalAveragePooling2D and GlobalMaxPooling2D: ONNX's GlobalAveragePool / GlobalMaxPool, whose [N, C, 1, 1] a Flatten makes
 * LayerCanvas's [N, C]; {@code x.mean(dim=(2, 3))} / {@code x.amax(dim=(2, 3))} in PyTorch; Keras's layers of the same names.
 */
public final class GlobalPoolingAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("GlobalAveragePooling2D", "GlobalMaxPooling2D");
    }

    private static boolean max(String type) {
        return type.equals("GlobalMaxPooling2D") || type.equals("GlobalMaxPool");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId(), pooled = id + "/pooled";
        g.node(max(c.typeName()) ? "GlobalMaxPool" : "GlobalAveragePool", id, List.of(in.get(0)), pooled);
        g.node("Flatten", id + "/flatten", List.of(pooled), id, attr("axis", 1L));
    }

    @Override
    public Set<String> operators() {
        return Set.of("GlobalAveragePool", "GlobalMaxPool");
    }

    /** The pool, and the Flatten after it where there is one; else a Reshape gives back ONNX's [C, 1, 1]. */
    @Override
    public void importNode(NodeProto n, OnnxImport onnx) {
        ImportedLayer x = onnx.value(n, 0);
        Shape in = x == null ? null : onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        if (in.rank() != 3) {
            onnx.problem(n, "its input has sample shape " + in + " (GlobalAveragePooling2D and GlobalMaxPooling2D pool images [C, H, W])");
            return;
        }
        String type = max(n.getOpType()) ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";
        NodeProto next = onnx.soleConsumer(n.getOutput(0));
        if (next != null && next.getOpType().equals("Flatten") && intAttr(next, "axis", 1) == 1) {
            onnx.consume(List.of(next));
            onnx.layer(type, n, next.getOutput(0)).input(x);
        } else {
            ImportedLayer pool = onnx.layer(type, n, n.getOutput(0) + "/pooled").input(x);
            onnx.layer("Reshape", n, n.getOutput(0)).input(pool).param("target_shape", List.of(in.dim(0), 1, 1));
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId();
        torch.line(torch.variable(id) + " = " + torch.variable(in.get(0)) + (max(c.typeName()) ? ".amax" : ".mean") + "(dim=(2, 3))",
                PythonNames.shape(torch.shape(id)) + ", " + c.typeName());
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        keras.output(id, keras.layer(c.typeName(), keras.layerNameOf(id), KerasModel.config("data_format", "channels_last"),
                List.of(keras.channelsLast(in.get(0))), PythonNames.shape(keras.shape(id))), false);
    }
}
