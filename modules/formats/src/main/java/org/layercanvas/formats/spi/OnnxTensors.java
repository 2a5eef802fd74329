package org.layercanvas.formats.spi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.layercanvas.formats.spi.onnx.Onnx.AttributeProto;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;

/** Reads the values of ONNX tensors (raw little-endian data or the typed fields) as floats or longs. */
public final class OnnxTensors {
    private OnnxTensors() {
    }

    /** Thrown for a tensor the importer cannot read; the message says why, without the tensor's name. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    public static long size(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    public static long[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    public static float[] floats(TensorProto t) throws Unreadable {
        external(t);
        int n = count(t);
        float[] out = new float[n];
        switch (t.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> {
                if (!t.getRawData().isEmpty()) {
                    raw(t, n, 4).asFloatBuffer().get(out);
                } else {
                    check(t, t.getFloatDataCount(), n);
                    for (int i = 0; i < n; i++) {
                        out[i] = t.getFloatData(i);
                    }
                }
            }
            case TensorProto.DataType.DOUBLE_VALUE -> {
                if (!t.getRawData().isEmpty()) {
                    var b = raw(t, n, 8).asDoubleBuffer();
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) b.get(i);
                    }
                } else {
                    check(t, t.getDoubleDataCount(), n);
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) t.getDoubleData(i);
                    }
                }
            }
            default -> {
                long[] l = longs(t);
                for (int i = 0; i < n; i++) {
                    out[i] = l[i];
                }
            }
        }
        return out;
    }

    public static long[] longs(TensorProto t) throws Unreadable {
        external(t);
        int n = count(t);
        long[] out = new long[n];
        switch (t.getDataType()) {
            case TensorProto.DataType.INT64_VALUE -> {
                if (!t.getRawData().isEmpty()) {
                    raw(t, n, 8).asLongBuffer().get(out);
                } else {
                    check(t, t.getInt64DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        out[i] = t.getInt64Data(i);
                    }
                }
            }
            case TensorProto.DataType.INT32_VALUE, TensorProto.DataType.INT16_VALUE, TensorProto.DataType.INT8_VALUE,
                 TensorProto.DataType.UINT8_VALUE, TensorProto.DataType.BOOL_VALUE -> {
                int width = t.getDataType() == TensorProto.DataType.INT32_VALUE ? 4 : t.getDataType() == TensorProto.DataType.INT16_VALUE ? 2 : 1;
                if (!t.getRawData().isEmpty()) {
                    ByteBuffer b = raw(t, n, width);
                    for (int i = 0; i < n; i++) {
                        out[i] = switch (width) {
                            case 4 -> b.getInt(4 * i);
                            case 2 -> b.getShort(2 * i);
                            default -> t.getDataType() == TensorProto.DataType.INT8_VALUE ? b.get(i) : b.get(i) & 0xff;
                        };
                    }
                } else {
                    check(t, t.getInt32DataCount(), n);
                    for (int i = 0; i < n; i++) {
                        out[i] = t.getInt32Data(i);
                    }
                }
            }
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.DOUBLE_VALUE -> {
                float[] f = floats(t);
                for (int i = 0; i < n; i++) {
                    out[i] = (long) f[i];
                }
            }
            default -> throw new Unreadable("has data type " + typeName(t.getDataType()) + ", which the importer does not read");
        }
        return out;
    }

    /** The tensor an attribute holds, or one made of its float / int value(s); null for other attributes. */
    public static TensorProto fromAttribute(AttributeProto a) {
        return switch (a.getName()) {
            case "value" -> a.getT();
            case "value_float" -> TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(a.getF()).build();
            case "value_floats" -> TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(a.getFloatsCount())
                    .addAllFloatData(a.getFloatsList()).build();
            case "value_int" -> TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(a.getI()).build();
            case "value_ints" -> TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addDims(a.getIntsCount())
                    .addAllInt64Data(a.getIntsList()).build();
            default -> null;
        };
    }

    public static String typeName(int dataType) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(dataType);
        return t == null ? String.valueOf(dataType) : t.name();
    }

    private static void external(TensorProto t) throws Unreadable {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new Unreadable("is stored in an external data file, which the importer does not read (save the model with its weights inside)");
        }
    }

    private static int count(TensorProto t) throws Unreadable {
        long n = size(t);
        if (n < 0 || n > Integer.MAX_VALUE / 8) {
            throw new Unreadable("has " + n + " values, too many");
        }
        return (int) n;
    }

    private static ByteBuffer raw(TensorProto t, int n, int width) throws Unreadable {
        check(t, t.getRawData().size(), (long) n * width);
        return ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void check(TensorProto t, long have, long need) throws Unreadable {
        if (have != need) {
            throw new Unreadable("has dims " + t.getDimsList() + " but holds " + have + " values (or bytes) instead of " + need);
        }
    }
}
