package org.layercanvas.formats.testplugin;

import java.util.List;
import java.util.Set;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.ImportedLayer;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.OnnxImport;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/** {@link SquareLayer} in every format: Pow(x, 2) in ONNX and back, {@code x * x} in PyTorch, layers.Multiply in Keras. */
public final class SquareAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Square");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport onnx) {
        onnx.node("Pow", c.nodeId(), List.of(in.get(0), onnx.scalar(2f)), c.nodeId());
    }

    @Override
    public Set<String> operators() {
        return Set.of("Pow");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws OnnxTensors.Unreadable {
        TensorProto exponent = n.getInputCount() == 2 ? onnx.constant(n.getInput(1)) : null;
        if (exponent == null || !java.util.Arrays.equals(OnnxTensors.floats(exponent), new float[] {2f})) {
            onnx.problem(n, "only x to the power 2 (Square) is supported");
            return;
        }
        ImportedLayer x = onnx.value(n, 0);
        if (x != null) {
            onnx.layer("Square", n, n.getOutput(0)).input(x);
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String x = torch.variable(in.get(0));
        torch.line(torch.variable(c.nodeId()) + " = " + x + " * " + x, PythonNames.shape(torch.shape(c.nodeId())) + ", Square");
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String x = keras.channelsFirst(in.get(0));
        keras.output(c.nodeId(), keras.layer("Multiply", keras.layerNameOf(c.nodeId()), KerasModel.config(), List.of(x, x),
                PythonNames.shape(keras.shape(c.nodeId()))), false);
    }
}
