package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.in;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The element-wise merges: Add (ONNX Add, or Sum of more), Subtract (Sub), Multiply (Mul, chained for more), Average
 * (Mean), Maximum (Max), Minimum (Min); the Python operators and torch.maximum/minimum; Keras's layers of the same names
 * (channels-last when every input is).
 */
public final class ElementwiseAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    /** ONNX's operator for each layer type, and the layer type for each operator. */
    private static final Map<String, String> OPERATORS = Map.of("Add", "Add", "Subtract", "Sub", "Multiply", "Mul", "Average", "Mean",
            "Maximum", "Max", "Minimum", "Min");
    private static final Map<String, String> TYPES = Map.of("Add", "Add", "Sum", "Add", "Sub", "Subtract", "Mul", "Multiply", "Mean", "Average",
            "Max", "Maximum", "Min", "Minimum");

    @Override
    public Set<String> layerTypes() {
        return OPERATORS.keySet();
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId(), type = c.typeName();
        if (in.size() == 2 || type.equals("Average") || type.equals("Maximum") || type.equals("Minimum")) {
            g.node(OPERATORS.get(type), id, in, id);
        } else if (type.equals("Add")) {
            g.node("Sum", id, in, id);
        } else { // Mul takes two: a chain
            String product = in.get(0);
            for (int i = 1; i < in.size(); i++) {
                String next = i == in.size() - 1 ? id : id + "/product" + i;
                g.node("Mul", next, List.of(product, in.get(i)), next);
                product = next;
            }
        }
    }

    @Override
    public Set<String> operators() {
        return TYPES.keySet();
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) {
        List<ImportedLayer> xs = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            if (onnx.constant(in(n, i)) != null) {
                onnx.problem(n, n.getOpType().equals("Add") ? "adding a constant is supported only as the bias right after MatMul"
                        : "a constant operand (" + TYPES.get(n.getOpType()) + " merges the outputs of layers)");
                return;
            }
            xs.add(onnx.value(n, i));
        }
        OnnxJoins.join(TYPES.get(n.getOpType()), n, xs, onnx);
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        List<String> xs = in.stream().map(torch::variable).toList();
        String value = switch (c.typeName()) {
            case "Add" -> String.join(" + ", xs);
            case "Subtract" -> xs.get(0) + " - " + xs.get(1);
            case "Multiply" -> String.join(" * ", xs);
            case "Average" -> "(" + String.join(" + ", xs) + ") / " + xs.size();
            default -> { // torch.maximum / torch.minimum take two
                String f = c.typeName().equals("Maximum") ? "torch.maximum" : "torch.minimum", v = xs.get(0);
                for (int i = 1; i < xs.size(); i++) {
                    v = f + "(" + v + ", " + xs.get(i) + ")";
                }
                yield v;
            }
        };
        torch.line(torch.variable(c.nodeId()) + " = " + value, PythonNames.shape(torch.shape(c.nodeId())) + ", " + c.typeName());
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        boolean allLast = in.stream().allMatch(keras::isChannelsLast);
        keras.output(id, keras.layer(c.typeName(), keras.layerNameOf(id), KerasModel.config(), in.stream().map(i -> allLast ? keras.output(i) : keras.channelsFirst(i)).toList(),
                allLast ? "channels-last" : PythonNames.shape(keras.shape(id))), allLast);
    }
}
