package org.layercanvas.formats.adapters;

import java.util.List;
import java.util.Set;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/** Input: a graph input (ONNX's graph inputs are imported as Input by the importer itself), an argument of {@code forward}, {@code keras.Input}. */
public final class InputAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Input");
    }

    @Override
    public void export(LayerConfig c, List<String> inputs, OnnxExport onnx) {
        onnx.input(c.nodeId(), onnx.shape(c.nodeId()));
    }

    /** Nothing to write: the PyTorch exporter makes every Input an argument of {@code forward}. */
    @Override
    public void export(LayerConfig c, List<String> inputs, PyTorchModule torch) {
    }

    @Override
    public void export(LayerConfig c, List<String> inputs, KerasModel keras) {
        String id = c.nodeId();
        List<Object> batchShape = new java.util.ArrayList<>();
        batchShape.add(null); // any batch size
        for (int d : keras.shape(id).dims()) {
            batchShape.add(d);
        }
        keras.output(id, keras.layer("InputLayer", keras.layerNameOf(id), KerasModel.config("batch_input_shape", batchShape, "dtype", "float32", "sparse", false),
                List.of(), PythonNames.shape(keras.shape(id))), false);
    }
}
