package org.layercanvas.formats.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;

/**
 * One NumPy array in the .npy format (versions 1.0, 2.0 and 3.0): the magic {@code \x93NUMPY}, the version,
 * the header's length, a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 28), }}
 * and the data. Numbers are read as float32 ({@link #values}), strings as text ({@link #texts}).
 *
 * <p>The header is read and checked first (its shape against the most values an array may hold and against
 * the bytes there are), so a file that promises more than it holds fails before anything is allocated. A
 * .npy file's data is then memory-mapped read-only and converted window by window: no copy of the file's
 * bytes is made, and several windows cover files beyond the 2 GB a single mapping can reach. Members of
 * an .npz archive are streamed through a small buffer instead. Fortran-order arrays are transposed to
 * C order on the way.
 */
record NpyArray(Header header, float[] values, String[] texts) {
    /** The bytes one memory mapping covers: a multiple of every element width. */
    static final int WINDOW = 1 << 30;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy writes headers of a few hundred bytes; a longer one is no array we can read. */
    private static final int MAX_HEADER = 1 << 16;
    /** Elements converted per step when transposing Fortran order (the temporary buffer's size). */
    private static final int STEP = 1 << 16;

    /**
     * What the header says.
     *
     * @param where      the array, for messages: "'x.npy'" or "'data.npz' member 'x'"
     * @param dataOffset the bytes before the data
     */
    record Header(String where, String descr, boolean fortranOrder, long[] shape, long dataOffset) {
        /** The elements the shape promises (checked to be at most {@link Shape#MAX_ELEMENTS}). */
        int count() {
            return (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }

        NpyType type() throws DataFormatException {
            return NpyType.of(descr, where);
        }

        /** The data bytes the shape promises (the type must be one we read). */
        long dataBytes() throws DataFormatException {
            return (long) count() * type().bytes();
        }

        /** "float32 [1000, 28]", "<U10 [150]", with the raw descr for types we do not read. */
        String describe() {
            String name;
            try {
                name = type().name();
            } catch (DataFormatException e) {
                name = Quoted.shown(descr);
            }
            return name + " " + Arrays.toString(shape) + (fortranOrder && shape.length > 1 ? " (Fortran order)" : "");
        }

        /** Refuses data that ends before the shape's promise, or goes on after it. */
        void requireBytes(long available, String holder) throws DataFormatException {
            long promised = dataBytes();
            if (available != dataOffset + promised) {
                throw new DataFormatException(where + ": the header's shape " + Arrays.toString(shape) + " of " + type().name() + " promises " + promised
                        + " bytes of data after " + dataOffset + " header bytes, but the " + holder + " has " + (available - dataOffset)
                        + (available < dataOffset + promised ? " (is it truncated?)" : " (is the shape right?)"));
            }
        }
    }

    /** The header of a .npy file. */
    static Header header(Path file) throws IOException {
        FileErrors.requireFile(file);
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return header(in, Quoted.path(file));
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
    }

    /** Reads the header from {@code in}, leaving it at the first data byte. */
    static Header header(InputStream in, String where) throws IOException {
        byte[] start = in.readNBytes(MAGIC.length + 2);
        if (start.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
            throw new DataFormatException(where + ": not a NumPy .npy array (it does not start with \\x93NUMPY)");
        }
        int major = start[6], minor = start[7];
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataFormatException(where + ": .npy format version " + major + "." + minor + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] l = in.readNBytes(lengthBytes);
        if (l.length < lengthBytes) {
            throw new DataFormatException(where + ": the .npy header is truncated");
        }
        long length = ByteBuffer.wrap(Arrays.copyOf(l, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (length > MAX_HEADER) {
            throw new DataFormatException(where + ": the .npy header claims " + length + " bytes, more than the " + MAX_HEADER + " an array's header needs");
        }
        byte[] text = in.readNBytes((int) length);
        if (text.length < length) {
            throw new DataFormatException(where + ": the .npy header is truncated (" + text.length + " of " + length + " bytes)");
        }
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        long offset = MAGIC.length + 2 + lengthBytes + length;
        return new Header(where, descr(dict, where), fortranOrder(dict, where), shape(dict, where), offset);
    }

    private static String descr(String dict, String where) throws DataFormatException {
        if (entry(dict, "descr", "\\[").find()) {
            throw new DataFormatException(where + ": holds a structured (record) array; save each field as its own array");
        }
        return value(dict, "descr", "'([^']*)'|\"([^\"]*)\"", where);
    }

    private static boolean fortranOrder(String dict, String where) throws DataFormatException {
        return value(dict, "fortran_order", "(True|False)", where).equals("True");
    }

    /** The shape, each dimension checked, and the product at most {@link Shape#MAX_ELEMENTS} (an int array's reach). */
    private static long[] shape(String dict, String where) throws DataFormatException {
        String tuple = value(dict, "shape", "\\(([^)]*)\\)", where).trim();
        String[] parts = tuple.isEmpty() ? new String[0] : tuple.split("\\s*,\\s*", -1);
        int rank = parts.length > 0 && parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
        long[] shape = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            if (!parts[i].matches("[0-9]{1,18}L?")) {
                throw new DataFormatException(where + ": the header's shape (" + Quoted.shown(tuple) + ") has " + Quoted.of(parts[i]) + " for dimension " + i);
            }
            shape[i] = Long.parseLong(parts[i].replace("L", ""));
            count = shape[i] == 0 ? 0 : count <= Shape.MAX_ELEMENTS / shape[i] ? count * shape[i] : Long.MAX_VALUE;
        }
        if (count > Shape.MAX_ELEMENTS) {
            throw new DataFormatException(where + ": the header's shape " + Arrays.toString(shape) + " holds more than " + Shape.MAX_ELEMENTS
                    + " values, more than one array can hold");
        }
        return shape;
    }

    private static Matcher entry(String dict, String key, String value) {
        return Pattern.compile("['\"]" + key + "['\"]\\s*:\\s*(?:" + value + ")").matcher(dict);
    }

    private static String value(String dict, String key, String value, String where) throws DataFormatException {
        Matcher m = entry(dict, key, value);
        if (!m.find()) {
            throw new DataFormatException(where + ": the .npy header has no readable " + Quoted.name(key) + " (header: " + Quoted.of(dict.trim()) + ")");
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /** The array of a .npy file, memory-mapped in windows of {@code window} bytes. */
    static NpyArray read(Path file, Header header, int window) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            header.requireBytes(channel.size(), "file");
            long[] position = {header.dataOffset()};
            return read(header, window, bytes -> {
                ByteBuffer b = channel.map(FileChannel.MapMode.READ_ONLY, position[0], bytes);
                position[0] += bytes;
                return b;
            });
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
    }

    /**
     * The array whose data follows in {@code in} (after {@link #header(InputStream, String)}), streamed through a
     * buffer of 1 MiB (or one element); {@code size} is the whole array's bytes where known (an archive member's size), else -1.
     */
    static NpyArray read(InputStream in, Header header, long size) throws IOException {
        if (size >= 0) {
            header.requireBytes(size, "member");
        }
        long promised = header.dataBytes();
        int window = (int) Math.max(header.type().bytes(), Math.min(1 << 20, promised));
        byte[] buffer = new byte[window];
        long[] read = {0};
        NpyArray array = read(header, window, bytes -> {
            int n = in.readNBytes(buffer, 0, bytes);
            read[0] += n;
            if (n < bytes) {
                header.requireBytes(header.dataOffset() + read[0], "member");
            }
            return ByteBuffer.wrap(buffer, 0, bytes);
        });
        if (in.read() != -1) {
            header.requireBytes(header.dataOffset() + promised + 1, "member");
        }
        return array;
    }

    /** The next {@code bytes} data bytes (never more than the window). */
    private interface Slices {
        ByteBuffer next(int bytes) throws IOException;
    }

    private static NpyArray read(Header header, int window, Slices slices) throws IOException {
        NpyType type = header.type();
        int count = header.count(), perSlice = Math.max(1, window / type.bytes());
        if (type.text()) {
            String[] texts = new String[count];
            for (int at = 0; at < count; ) {
                int n = Math.min(perSlice, count - at);
                ByteBuffer b = slices.next(n * type.bytes());
                for (int end = at + n; at < end; at++) {
                    texts[at] = type.toText(b);
                }
            }
            return new NpyArray(header, null, texts);
        }
        DataMemory.require(count, header.where());
        float[] values = new float[count];
        FortranOrder transpose = header.fortranOrder() && header.shape().length > 1 ? new FortranOrder(header.shape()) : null;
        float[] step = transpose == null ? null : new float[Math.min(STEP, count)];
        for (int at = 0; at < count; ) {
            int n = Math.min(perSlice, count - at);
            ByteBuffer b = slices.next(n * type.bytes());
            if (transpose == null) {
                type.toFloats(b, values, at, n);
            } else {
                for (int done = 0; done < n; ) {
                    int k = Math.min(step.length, n - done);
                    type.toFloats(b, step, 0, k);
                    transpose.scatter(step, k, values);
                    done += k;
                }
            }
            at += n;
        }
        return new NpyArray(header, values, null);
    }

    /** Places elements that arrive in Fortran order (first index fastest) at their C-order positions. */
    private static final class FortranOrder {
        private final int[] dims, strides, index;
        private int target;

        FortranOrder(long[] shape) {
            dims = Arrays.stream(shape).mapToInt(d -> (int) d).toArray();
            strides = new int[dims.length];
            index = new int[dims.length];
            for (int j = dims.length - 1, s = 1; j >= 0; s *= dims[j], j--) {
                strides[j] = s;
            }
        }

        void scatter(float[] from, int n, float[] to) {
            for (int i = 0; i < n; i++) {
                to[target] = from[i];
                for (int j = 0; j < dims.length; j++) {
                    target += strides[j];
                    if (++index[j] < dims[j]) {
                        break;
                    }
                    target -= dims[j] * strides[j];
                    index[j] = 0;
                }
            }
        }
    }
}
