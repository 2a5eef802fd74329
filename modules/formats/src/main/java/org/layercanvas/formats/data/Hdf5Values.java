package org.layercanvas.formats.data;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values of HDF5 datasets as the HDF5 reader needs them: numbers of any of h5py's numeric types
 * decoded straight from the file's bytes into floats, slice by slice. jHDF's own arrays would first
 * build a {@code double[]}/{@code long[]} (or {@code float[][]}) copy of the whole dataset.
 */
final class Hdf5Values {
    /** Bytes read from the file at a time: large enough for few calls, small beside the floats they fill. */
    static final int SLICE_BYTES = 16 << 20;

    private Hdf5Values() {
    }

    /** One number at a byte index of a slice whose byte order is already set. */
    @FunctionalInterface
    interface Number {
        float get(ByteBuffer slice, int at);
    }

    /** How numbers of {@code type} are decoded, or null when {@code type} holds no numbers (strings, compounds, opaque bytes). */
    static Number number(DataType type) {
        if (type instanceof FloatingPoint) {
            return switch (type.getSize()) {
                case 2 -> (b, at) -> FloatingPoint.toFloat(b.getShort(at));
                case 4 -> ByteBuffer::getFloat;
                case 8 -> (b, at) -> (float) b.getDouble(at);
                default -> null;
            };
        }
        if (type instanceof FixedPoint f) {
            boolean signed = f.isSigned();
            return switch (type.getSize()) {
                case 1 -> signed ? ByteBuffer::get : (b, at) -> b.get(at) & 0xFF;
                case 2 -> signed ? ByteBuffer::getShort : (b, at) -> b.getShort(at) & 0xFFFF;
                case 4 -> signed ? ByteBuffer::getInt : (b, at) -> b.getInt(at) & 0xFFFFFFFFL;
                case 8 -> signed ? ByteBuffer::getLong : (b, at) -> unsigned(b.getLong(at));
                default -> null;
            };
        }
        // h5py's bool is an enum over int8 (FALSE = 0, TRUE = 1): its integer values are the numbers
        if (type instanceof EnumDataType e) {
            return number(e.getBaseType());
        }
        return null;
    }

    private static float unsigned(long v) {
        return v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2f;
    }

    /** The byte order of {@code type}'s numbers (an enum's are its base type's). */
    private static java.nio.ByteOrder order(DataType type) {
        DataType base = type instanceof EnumDataType e ? e.getBaseType() : type;
        return ((io.jhdf.object.datatype.OrderedDataType) base).getByteOrder();
    }

    /** The type as numpy names it ("float32", "uint8", "bool", "string", "compound {pt float32, eta float64}"). */
    static String name(DataType type) {
        if (type instanceof FloatingPoint) {
            return "float" + 8 * type.getSize();
        }
        if (type instanceof FixedPoint f) {
            return (f.isSigned() ? "int" : "uint") + 8 * type.getSize();
        }
        if (type instanceof EnumDataType e) {
            return e.getEnumMapping().equals(Map.of(0, "FALSE", 1, "TRUE")) ? "bool" : "enum " + name(e.getBaseType());
        }
        if (type instanceof StringData || type instanceof VariableLength v && v.isVariableLengthString()) {
            return "string";
        }
        if (type instanceof CompoundDataType c) {
            return c.getMembers().stream().map(m -> m.getName() + " " + name(m.getDataType())).collect(Collectors.joining(", ", "compound {", "}"));
        }
        return type.getClass().getSimpleName().replace("DataType", "").toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isString(DataType type) {
        return name(type).equals("string");
    }

    /** "[1000, 28]", or "scalar". */
    static String shape(Dataset d) {
        return d.isScalar() ? "scalar" : Arrays.toString(d.getDimensionsAsLong());
    }

    /**
     * Numbers of a dataset's rows: each row's {@code width} values sit {@code spacing} bytes apart from byte
     * {@code first} of the row (a compound's member: its offset, and the record's size), and go to
     * {@code into[row * stride + column ...]} when read. A contiguous dataset's bytes are taken once
     * ({@code contiguous}; jHDF maps or copies them anew on each request), null for a chunked one.
     */
    record Part(Dataset d, Number number, DataType numberType, int first, int spacing, int width, int column, ByteBuffer contiguous) {
        Part(Dataset d, Number number, DataType numberType, int first, int spacing, int width, int column) {
            this(d, number, numberType, first, spacing, width, column,
                    d instanceof ContiguousDataset c && !d.isEmpty() && d.getSizeInBytes() <= Integer.MAX_VALUE ? c.getBuffer() : null);
        }

        /**
         * Rows [from, from + count) of the dataset into {@code into}, the first row's values from index {@code at} on (any index, as
         * {@code Samples.copy} places rows) and each next row {@code stride} values further.
         */
        void read(long from, int count, float[] into, int at, int stride) {
            Hdf5Values.read(this, from, count, into, at, stride);
        }

        /** The rows the dataset's chunks hold (0 for a contiguous dataset). */
        int chunkRows() {
            return d instanceof ChunkedDataset c ? c.getChunkDimensions()[0] : 0;
        }
    }

    private static void read(Part p, long from, int count, float[] into, int at, int stride) {
        long[] dims = p.d().getDimensionsAsLong();
        Rows rows = new Rows(p.number(), p.numberType(), p.first(), p.spacing(), p.width(), into, stride, p.column());
        // a contiguous dataset is mapped, not copied (jHDF's slices of one copy it, several times slower)
        if (p.contiguous() != null) {
            ByteBuffer all = p.contiguous().duplicate(); // its own position: the trainer and the read-ahead thread may read at once
            rows.decode(all.position(all.position() + (int) (from * rows.bytes)), at, count);
            return;
        }
        int perSlice = Math.max(1, Math.min(count, SLICE_BYTES / Math.max(1, rows.bytes)));
        // whole chunks per slice, so that no chunk is decompressed twice
        if (p.chunkRows() > 0 && p.chunkRows() <= perSlice) {
            perSlice -= perSlice % p.chunkRows();
        }
        for (int done = 0; done < count; done += perSlice) {
            int n = Math.min(perSlice, count - done);
            long[] offset = new long[dims.length];
            offset[0] = from + done;
            int[] sliceShape = Arrays.stream(dims).mapToInt(x -> (int) x).toArray();
            sliceShape[0] = n;
            rows.decode(((DatasetBase) p.d()).getSliceDataBuffer(offset, sliceShape), at + done * stride, n);
        }
    }

    /** Where each row's numbers are in the file's bytes, and where they go. */
    private record Rows(Number number, DataType numberType, int first, int spacing, int width, float[] into, int stride, int column, int bytes) {
        Rows(Number number, DataType numberType, int first, int spacing, int width, float[] into, int stride, int column) {
            this(number, numberType, first, spacing, width, into, stride, column, spacing * width);
        }

        /** {@code n} rows from {@code buffer}, which holds them from its position on, into {@code into} from index {@code at}. */
        void decode(ByteBuffer buffer, int at, int n) {
            ByteBuffer b = buffer.slice().order(order(numberType));
            // the common case, float32 rows into rows of the same width, copied in bulk (ten times faster)
            if (numberType instanceof FloatingPoint && numberType.getSize() == 4 && spacing == 4 && stride == width) {
                b.asFloatBuffer().get(into, at, n * width);
                return;
            }
            // images are mostly uint8: decoded here directly, as the per-value call below is not inlined where several types are read
            if (numberType instanceof FixedPoint f && !f.isSigned() && numberType.getSize() == 1 && spacing == 1) {
                for (int i = 0; i < n; i++) {
                    int to = at + i * stride + column, from = i * bytes + first;
                    for (int k = 0; k < width; k++) {
                        into[to + k] = b.get(from + k) & 0xFF;
                    }
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                int to = at + i * stride + column, from = i * bytes + first;
                for (int k = 0; k < width; k++) {
                    into[to + k] = number.get(b, from + k * spacing);
                }
            }
        }
    }
}
