package org.layercanvas.formats.spi;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.spi.onnx.Onnx.AttributeProto;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;

/** Making the attributes of ONNX nodes for export, and reading nodes' attributes and inputs for import. */
public final class OnnxNodes {
    private OnnxNodes() {
    }

    public static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    public static AttributeProto ints(String name, long... values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS)
                .addAllInts(Arrays.stream(values).boxed().toList()).build();
    }

    public static AttributeProto floatList(String name, List<Float> values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS).addAllFloats(values).build();
    }

    public static AttributeProto strings(String name, List<String> values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS)
                .addAllStrings(values.stream().map(v -> ByteString.copyFrom(v, StandardCharsets.UTF_8)).toList()).build();
    }

    /** Whether the node is of the default ONNX domain: only those are mapped, alone or in patterns. */
    public static boolean standard(NodeProto n) {
        return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
    }

    /** The node as import messages name it: its operator and its name (or, without one, its first output). */
    public static String describe(NodeProto n) {
        String op = standard(n) ? n.getOpType() : n.getDomain() + "." + n.getOpType();
        return Quoted.shown(op) + (n.getName().isEmpty() ? " (output " + Quoted.name(n.getOutputCount() == 0 ? "" : n.getOutput(0)) + ")"
                : " (node " + Quoted.name(n.getName()) + ")");
    }

    /** The node's attribute {@code name}, or null. */
    public static AttributeProto attribute(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public static long intAttr(NodeProto n, String name, long otherwise) {
        AttributeProto a = attribute(n, name);
        return a == null ? otherwise : a.getI();
    }

    public static float floatAttr(NodeProto n, String name, float otherwise) {
        AttributeProto a = attribute(n, name);
        return a == null ? otherwise : a.getF();
    }

    public static String stringAttr(NodeProto n, String name, String otherwise) {
        AttributeProto a = attribute(n, name);
        return a == null ? otherwise : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** An ints attribute, or null. */
    public static long[] intsAttr(NodeProto n, String name) {
        AttributeProto a = attribute(n, name);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A float attribute as the decimal it was written from (0.99f → 0.99, not 0.9900000095367432). */
    public static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /** Input {@code i} of {@code n}, or "" when it has none there (an omitted optional input is "" too). */
    public static String in(NodeProto n, int i) {
        return i < n.getInputCount() ? n.getInput(i) : "";
    }

    /** Whether {@code n} has input {@code i}. */
    public static boolean present(NodeProto n, int i) {
        return !in(n, i).isEmpty();
    }

    /** Whether {@code n} is Transpose with perm [1, 0, 2]: between batch-major [N, T, F] and the time-major [T, N, F] of LSTM and RNN. */
    public static boolean isTimeMajorTranspose(NodeProto n) {
        return n.getOpType().equals("Transpose") && Arrays.equals(intsAttr(n, "perm"), new long[] {1, 0, 2});
    }
}
