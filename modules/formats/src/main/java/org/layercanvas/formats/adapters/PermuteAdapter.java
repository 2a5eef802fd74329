package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.ints;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.formats.python.PythonNames;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.KerasModel;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.OnnxExport;
import org.layercanvas.formats.spi.PyTorchAdapter;
import org.layercanvas.formats.spi.PyTorchModule;

/**
 * Permute: ONNX's Transpose with the batch kept first (the import of Transpose is the graph walk's: it makes Permute
 * layers, and drops neighbouring ones that cancel); {@code x.permute(0, …)}; Keras's Permute of the channels-first values.
 */
public final class PermuteAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("Permute");
    }

    private static int[] dims(LayerConfig c) {
        return c.getShape("dims").dims();
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        int[] d = dims(c);
        g.node("Transpose", c.nodeId(), List.of(in.get(0)), c.nodeId(), ints("perm", IntStream.concat(IntStream.of(0), IntStream.of(d)).asLongStream().toArray()));
    }

    @Override
    public Set<String> operators() {
        return Set.of();
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String axes = IntStream.of(dims(c)).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        torch.line(torch.variable(c.nodeId()) + " = " + torch.variable(in.get(0)) + ".permute(0, " + axes + ")", PythonNames.shape(torch.shape(c.nodeId()))
                + ", Permute");
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        keras.output(id, keras.layer("Permute", keras.layerNameOf(id), KerasModel.config("dims", IntStream.of(dims(c)).boxed().toList()),
                List.of(keras.channelsFirst(in.get(0))), PythonNames.shape(keras.shape(id))), false);
    }
}
