package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.attr;
import static org.layercanvas.formats.spi.OnnxNodes.attribute;
import static org.layercanvas.formats.spi.OnnxNodes.present;
import static org.layercanvas.formats.spi.OnnxNodes.stringAttr;

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
 * UpSampling2D: ONNX's Resize (nearest, asymmetric coordinates rounded down: each pixel repeated; bilinear: linear with
 * half-pixel coordinates) and back from Resize or the older Upsample where nearest with whole scales repeats pixels or
 * linear uses half-pixel centres; repeat_interleave or F.interpolate in PyTorch; Keras's UpSampling2D.
 */
public final class UpSampling2DAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("UpSampling2D");
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        int[] s = c.getPair("size");
        List<String> inputs = List.of(in.get(0), "", g.floats(id + "/scales", new long[] {4}, new float[] {1, 1, s[0], s[1]}));
        if (bilinear(c)) {
            g.node("Resize", id, inputs, id, attr("mode", "linear"), attr("coordinate_transformation_mode", "half_pixel"));
        } else {
            g.node("Resize", id, inputs, id, attr("mode", "nearest"), attr("coordinate_transformation_mode", "asymmetric"), attr("nearest_mode", "floor"));
        }
    }

    private static boolean bilinear(LayerConfig c) {
        return "bilinear".equals(c.getString("interpolation"));
    }

    @Override
    public Set<String> operators() {
        return Set.of("Resize", "Upsample");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        Shape in = x == null ? null : onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        String mode = stringAttr(n, "mode", "nearest"), coordinates = stringAttr(n, "coordinate_transformation_mode", "half_pixel");
        String rounding = stringAttr(n, "nearest_mode", "round_prefer_floor");
        boolean resize = n.getOpType().equals("Resize");
        // with a whole scale s, output pixel i = k·s + j reads k exactly when the source coordinate rounds to it: asymmetric
        // i/s rounded down; half-pixel k + (j + ½)/s − ½, strictly within ½ of k, rounded either way
        boolean halfPixel = coordinates.equals("half_pixel") || coordinates.equals("pytorch_half_pixel");
        boolean repeats = mode.equals("nearest") && (!resize || coordinates.equals("asymmetric") && rounding.equals("floor")
                || halfPixel && rounding.startsWith("round_prefer_"));
        // the older Upsample's linear mode uses asymmetric coordinates; pytorch_half_pixel differs from half_pixel only for a 1-pixel output
        boolean bilinear = resize && (mode.equals("linear") || mode.equals("bilinear")) && halfPixel;
        if (!repeats && !bilinear) {
            onnx.problem(n, "mode '" + mode + "'" + (resize ? ", coordinate_transformation_mode '" + coordinates + "'" + (mode.equals("nearest")
                    ? ", nearest_mode '" + rounding + "'" : "") : "") + " (UpSampling2D repeats pixels: nearest, asymmetric and floor or half_pixel; "
                    + "or interpolates: linear, half_pixel)");
            return;
        }
        float[] scales = scales(n, in, resize, onnx);
        if (scales == null) {
            return;
        }
        if (in.rank() != 3 || scales.length != 4 || scales[0] != 1 || scales[1] != 1 || scales[2] != Math.rint(scales[2]) || scales[3] != Math.rint(scales[3])
                || scales[2] < 1 || scales[3] < 1) {
            onnx.problem(n, "scales " + Arrays.toString(scales) + " of sample shape " + in + " (UpSampling2D repeats an image's pixels a whole number of times)");
            return;
        }
        ImportedLayer up = onnx.layer("UpSampling2D", n, n.getOutput(0)).input(x).param("size", Conv2DAdapter.pair((int) scales[2], (int) scales[3]));
        if (bilinear) {
            up.param("interpolation", "bilinear");
        }
    }

    /** The scales of each axis: Resize's scales or sizes input, Upsample's input or (opset 7-8) attribute; null after a problem. */
    private static float[] scales(NodeProto n, Shape in, boolean resize, OnnxImport onnx) throws Unreadable {
        int scalesInput = resize ? onnx.opset() >= 11 ? 2 : 1 : 1;
        if (present(n, scalesInput)) {
            TensorProto t = onnx.constant(n, scalesInput, "scales");
            return t == null ? null : OnnxTensors.floats(t);
        }
        if (resize && present(n, 3)) {
            TensorProto t = onnx.constant(n, 3, "sizes");
            if (t == null) {
                return null;
            }
            long[] sizes = OnnxTensors.longs(t);
            if (sizes.length != 4 || in.rank() != 3) {
                onnx.problem(n, "sizes " + Arrays.toString(sizes) + " of sample shape " + in);
                return null;
            }
            return new float[] {1, (float) sizes[1] / in.dim(0), (float) sizes[2] / in.dim(1), (float) sizes[3] / in.dim(2)};
        }
        if (!resize && attribute(n, "scales") != null) {
            List<Float> given = attribute(n, "scales").getFloatsList();
            float[] scales = new float[given.size()];
            for (int i = 0; i < scales.length; i++) {
                scales[i] = given.get(i);
            }
            return scales;
        }
        onnx.problem(n, "it has neither scales nor sizes");
        return null;
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), x = torch.variable(in.get(0));
        int[] s = c.getPair("size");
        if (bilinear(c)) {
            torch.line(torch.variable(id) + " = F.interpolate(" + x + ", scale_factor=(" + s[0] + ", " + s[1] + "), mode=\"bilinear\", align_corners=False)",
                    PythonNames.shape(torch.shape(id)) + ", UpSampling2D (bilinear)");
        } else {
            torch.line(torch.variable(id) + " = " + x + ".repeat_interleave(" + s[0] + ", dim=2).repeat_interleave(" + s[1] + ", dim=3)",
                    PythonNames.shape(torch.shape(id)) + ", UpSampling2D (nearest)");
        }
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        int[] s = c.getPair("size");
        Shape o = keras.shape(id);
        keras.output(id, keras.layer("UpSampling2D", keras.layerNameOf(id), KerasModel.config("size", List.of(s[0], s[1]), "interpolation", c.getString("interpolation"),
                "data_format", "channels_last"), List.of(keras.channelsLast(in.get(0))),
                "[N, " + o.dim(1) + ", " + o.dim(2) + ", " + o.dim(0) + "], channels-last"), true);
    }
}
