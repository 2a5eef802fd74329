package org.layercanvas.formats.adapters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.layers.PReLULayer;
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
 * PReLU: ONNX's PRelu with α as its slope (α's shape, 1 on the shared axes, broadcasts against the batch as it is) and back
 * from any slope that shares α one of PReLU's ways; a small module in PyTorch; Keras's PReLU with {@code shared_axes}.
 */
public final class PReLUAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("PReLU");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        g.node("PRelu", id, List.of(in.get(0), g.initializer(id, "alpha")), id);
    }

    @Override
    public Set<String> operators() {
        return Set.of("PRelu");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        TensorProto slope = onnx.constant(n, 1, "slope");
        Shape in = x == null || slope == null ? null : onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        // the slope broadcasts against [batch, sample…] from the right: as the sample's rank, leading 1s added or dropped
        long[] dims = slope.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int extra = dims.length - in.rank();
        int[] shared = new int[in.rank()];
        boolean fits = extra <= 1 && (extra < 1 || dims[0] == 1);
        for (int i = 0; fits && i < shared.length; i++) {
            long d = i + extra < 0 ? 1 : dims[i + extra];
            fits = d == 1 || d == in.dim(i);
            shared[i] = (int) d;
        }
        String slopes = fits ? slopes(Shape.of(shared), in) : null;
        if (slopes == null) {
            onnx.problem(n, "slope of dims " + slope.getDimsList() + " for sample shape " + in + " (PReLU learns one slope per value, per channel "
                    + "(the first axis), per feature (the last axis) or one for all)");
            return;
        }
        ImportedLayer p = onnx.layer("PReLU", n, n.getOutput(0)).input(x).param("slopes", slopes);
        p.weight("alpha", PReLULayer.alphaShape(slopes, in), OnnxTensors.floats(slope));
    }

    /** The {@code slopes} whose α has exactly the sizes of {@code alpha} (1 where shared) for an input of shape {@code in}, or null. */
    public static String slopes(Shape alpha, Shape in) {
        for (String s : List.of("per_value", "per_channel", "per_feature", "single")) {
            Shape candidate = PReLULayer.alphaShape(s, in);
            if (candidate.equals(alpha)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), y = torch.variable(id);
        Shape alpha = PReLULayer.alphaShape(c.getString("slopes"), torch.shape(id));
        torch.define("PReLU", """
                class PReLU(nn.Module):
                    \"""x where x > 0, else alpha * x; alpha has the sample's shape with 1 where values share a slope.\"""

                    def __init__(self, *shape):
                        super().__init__()
                        self.alpha = nn.Parameter(torch.zeros(shape))

                    def forward(self, x):
                        return torch.where(x > 0, x, self.alpha * x)
                """);
        String dims = String.join(", ", Arrays.stream(alpha.dims()).mapToObj(String::valueOf).toList());
        torch.module(id, "PReLU(" + dims + ")", "PReLU, slopes " + c.getString("slopes"));
        torch.param(id, "alpha", "alpha");
        torch.line(y + " = self." + y + "(" + torch.variable(in.get(0)) + ")", PythonNames.shape(torch.shape(id)));
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        Shape s = keras.shape(id), alpha = PReLULayer.alphaShape(c.getString("slopes"), s);
        List<Integer> shared = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) {
            if (alpha.dim(i) == 1 && s.dim(i) != 1) {
                shared.add(i + 1);
            }
        }
        // the values channels-first, as LayerCanvas holds them, so α keeps its layout
        String p = keras.layer("PReLU", keras.layerNameOf(id), KerasModel.config("alpha_initializer", c.getString("alpha_initializer"),
                "shared_axes", shared.isEmpty() ? null : shared), List.of(keras.channelsFirst(in.get(0))), PythonNames.shape(s));
        keras.output(id, p, false);
        keras.weights(p, new KerasWeight("alpha", alpha.dims(), keras.weight(id, "alpha").values()));
    }
}
