package org.layercanvas.formats.adapters;

import static org.layercanvas.formats.spi.OnnxNodes.floatAttr;
import static org.layercanvas.formats.spi.OnnxNodes.intsAttr;
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
 * ZeroPadding2D and Cropping2D: ONNX's Pad (constant zeros on the image's rows and columns) and Slice (of rows and
 * columns) both ways; F.pad and slicing in PyTorch; Keras's layers of the same names.
 */
public final class MarginsAdapter implements OnnxAdapter, PyTorchAdapter, KerasAdapter {
    @Override
    public Set<String> layerTypes() {
        return Set.of("ZeroPadding2D", "Cropping2D");
    }

    private static boolean pads(LayerConfig c) {
        return c.typeName().equals("ZeroPadding2D");
    }

    /** {top, bottom, left, right}. */
    private static int[] sides(LayerConfig c) {
        return c.getSides(pads(c) ? "padding" : "cropping");
    }

    /** Sides as LayerCanvas writes them: one number, [rows, columns], or all four. */
    private static Object written(int top, int bottom, int left, int right) {
        if (top == bottom && left == right) {
            return top == left ? (Object) top : List.of(top, left);
        }
        return List.of(top, bottom, left, right);
    }

    @Override
    public void export(LayerConfig c, List<String> in, OnnxExport g) {
        String id = c.nodeId();
        int[] s = sides(c);
        if (pads(c)) {
            g.node("Pad", id, List.of(in.get(0), g.longs(id + "/pads", 0, 0, s[0], s[2], 0, 0, s[1], s[3])), id);
        } else {
            Shape x = g.shape(in.get(0));
            g.node("Slice", id, List.of(in.get(0), g.longs(id + "/starts", s[0], s[2]), g.longs(id + "/ends", x.dim(1) - s[1], x.dim(2) - s[3]),
                    g.longs(id + "/axes", 2, 3)), id);
        }
    }

    @Override
    public Set<String> operators() {
        return Set.of("Pad", "Slice");
    }

    @Override
    public void importNode(NodeProto n, OnnxImport onnx) throws Unreadable {
        ImportedLayer x = onnx.value(n, 0);
        Shape in = x == null ? null : onnx.shapeOrProblem(n, x);
        if (in == null) {
            return;
        }
        if (in.rank() != 3) {
            onnx.problem(n, "its input '" + x.output() + "' has sample shape " + in + " (ZeroPadding2D and Cropping2D take images [C, H, W])");
            return;
        }
        if (n.getOpType().equals("Pad")) {
            importPad(n, x, onnx);
        } else {
            importSlice(n, x, in, onnx);
        }
    }

    private static void importPad(NodeProto n, ImportedLayer x, OnnxImport onnx) throws Unreadable {
        boolean inputs = onnx.opset() >= 11;
        TensorProto padsTensor = inputs ? onnx.constant(n, 1, "pads") : null;
        long[] p = inputs ? padsTensor == null ? null : OnnxTensors.longs(padsTensor) : intsAttr(n, "pads");
        float value = inputs ? 0f : floatAttr(n, "value", 0f);
        if (inputs && present(n, 2)) {
            TensorProto v = onnx.constant(n, 2, "constant_value");
            if (v == null) {
                return;
            }
            value = OnnxTensors.floats(v)[0];
        }
        if (p == null) {
            if (!inputs) {
                onnx.problem(n, "it has no pads");
            }
            return;
        }
        String mode = stringAttr(n, "mode", "constant");
        if (!mode.equals("constant") || value != 0f || present(n, 3) || p.length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0
                || Arrays.stream(p).anyMatch(v -> v < 0 || v > Integer.MAX_VALUE)) {
            onnx.problem(n, "mode '" + mode + "', value " + value + ", pads " + Arrays.toString(p)
                    + " (ZeroPadding2D adds zeros to an image's rows and columns: mode constant, value 0, pads [0, 0, top, left, 0, 0, bottom, right])");
            return;
        }
        onnx.layer("ZeroPadding2D", n, n.getOutput(0)).input(x).param("padding", written((int) p[2], (int) p[6], (int) p[3], (int) p[7]));
    }

    private static void importSlice(NodeProto n, ImportedLayer x, Shape in, OnnxImport onnx) throws Unreadable {
        TensorProto startsT = onnx.constant(n, 1, "starts"), endsT = onnx.constant(n, 2, "ends");
        TensorProto axesT = present(n, 3) ? onnx.constant(n, 3, "axes") : null, stepsT = present(n, 4) ? onnx.constant(n, 4, "steps") : null;
        if (startsT == null || endsT == null || present(n, 3) && axesT == null || present(n, 4) && stepsT == null) {
            return;
        }
        long[] starts = OnnxTensors.longs(startsT), ends = OnnxTensors.longs(endsT);
        long[] axes = axesT == null ? null : OnnxTensors.longs(axesT), steps = stepsT == null ? null : OnnxTensors.longs(stepsT);
        int[] keep = {0, in.dim(1), 0, in.dim(2)}; // [from, to) of the rows, then of the columns
        String why = starts.length != ends.length || axes != null && axes.length != starts.length ? "starts, ends and axes differ in length" : null;
        for (int i = 0; why == null && i < starts.length; i++) {
            long axis = axes == null ? i : axes[i] < 0 ? axes[i] + 4 : axes[i];
            if (axis < 0 || axis > 3) {
                why = "axis " + (axes == null ? i : axes[i]) + " of a 4-D tensor";
            } else if (steps != null && steps[i] != 1) {
                why = "step " + steps[i] + " (Cropping2D keeps every pixel)";
            } else if (axis == 2 || axis == 3) {
                int size = in.dim((int) axis - 1), k = (int) (axis - 2) * 2;
                keep[k] = clamp(starts[i], size);
                keep[k + 1] = clamp(ends[i], size);
            } else if (clamp(starts[i], axis == 1 ? in.dim(0) : Integer.MAX_VALUE) != 0 || ends[i] < (axis == 1 ? in.dim(0) : Integer.MAX_VALUE)) {
                why = "it slices axis " + axis + " (Cropping2D crops an image's rows and columns)";
            }
        }
        if (why == null && (keep[1] <= keep[0] || keep[3] <= keep[2])) {
            why = "nothing of the " + in + " input is left";
        }
        if (why != null) {
            onnx.problem(n, why);
            return;
        }
        onnx.layer("Cropping2D", n, n.getOutput(0)).input(x).param("cropping", written(keep[0], in.dim(1) - keep[1], keep[2], in.dim(2) - keep[3]));
    }

    /** An ONNX Slice index on an axis of {@code size}: negative counts from the end, clamped into [0, size]. */
    private static int clamp(long index, int size) {
        long i = index < 0 ? index + size : index;
        return (int) Math.max(0, Math.min(size, i));
    }

    @Override
    public void export(LayerConfig c, List<String> in, PyTorchModule torch) {
        String id = c.nodeId(), x = torch.variable(in.get(0));
        int[] s = sides(c);
        Shape o = torch.shape(id);
        String value = pads(c) ? "F.pad(" + x + ", (" + s[2] + ", " + s[3] + ", " + s[0] + ", " + s[1] + "))"
                : x + "[:, :, " + s[0] + ":" + (s[0] + o.dim(1)) + ", " + s[2] + ":" + (s[2] + o.dim(2)) + "]";
        torch.line(torch.variable(id) + " = " + value, PythonNames.shape(o) + ", " + c.typeName());
    }

    @Override
    public void export(LayerConfig c, List<String> in, KerasModel keras) {
        String id = c.nodeId();
        int[] s = sides(c);
        Shape o = keras.shape(id);
        keras.output(id, keras.layer(c.typeName(), keras.layerNameOf(id), KerasModel.config(pads(c) ? "padding" : "cropping",
                List.of(List.of(s[0], s[1]), List.of(s[2], s[3])), "data_format", "channels_last"), List.of(keras.channelsLast(in.get(0))),
                "[N, " + o.dim(1) + ", " + o.dim(2) + ", " + o.dim(0) + "], channels-last"), true);
    }
}
