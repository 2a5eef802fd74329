package org.layercanvas.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.engine.train.Checkpoint;

/**
 * Weights files in the safetensors format: an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to {dtype, shape, data_offsets}, then the raw little-endian data. We
 * write F32; we read F32, F64, F16 and BF16 (converted to float).
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A header larger than this is not a weights file (the format's own limit is 100 MB). */
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    public static void write(Path file, List<WeightTensor> tensors) throws IOException {
        AtomicFiles.write(file, toBytes(tensors));
    }

    public static byte[] toBytes(List<WeightTensor> tensors) throws IOException {
        return toBytes(tensors, Map.of());
    }

    /** With {@code metadata} (text, as the format allows) in the header's {@code __metadata__} besides its "format". */
    public static byte[] toBytes(List<WeightTensor> tensors, Map<String, String> metadata) throws IOException {
        return encode(tensors.stream().map(t -> new Stored(t.name(), t.shape(), false, buf -> {
            buf.asFloatBuffer().put(t.values());
            buf.position(buf.position() + 4 * t.values().length);
        })).toList(), metadata);
    }

    /**
     * A checkpoint's tensors with its metadata: those a backend holds in double precision as F64, so they
     * come back bit for bit; the others as F32 (their values are floats).
     */
    public static byte[] toBytes(Checkpoint checkpoint) throws IOException {
        return encode(checkpoint.tensors().stream().map(t -> new Stored(t.name(), t.shape(), t.doublePrecision(), buf -> {
            for (double v : t.values()) {
                if (t.doublePrecision()) {
                    buf.putDouble(v);
                } else {
                    buf.putFloat((float) v);
                }
            }
        })).toList(), checkpoint.metadata());
    }

    /** A tensor to encode: F64 or F32, {@code put} writing its values at the buffer's position and advancing it. */
    private record Stored(String name, Shape shape, boolean f64, java.util.function.Consumer<ByteBuffer> put) {
        long bytes() {
            return (f64 ? 8L : 4L) * shape.size();
        }
    }

    private static byte[] encode(List<Stored> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.putAll(metadata);
        header.put("__metadata__", meta);
        long offset = 0;
        for (Stored t : tensors) {
            long end = offset + t.bytes();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.f64() ? "F64" : "F32");
            entry.put("shape", t.shape().dims());
            entry.put("data_offsets", new long[] {offset, end});
            if (header.put(t.name(), entry) != null) {
                throw new IllegalArgumentException("two tensors are named '" + t.name() + "'");
            }
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // the spec pads the header with spaces to 8-byte alignment
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (Stored t : tensors) {
            t.put().accept(buf);
        }
        return buf.array();
    }

    public static List<WeightTensor> read(Path file) throws IOException {
        return parse(FileErrors.readAllBytes(file), file);
    }

    /**
     * @throws DataFormatException anything but a well-formed file, naming the file and the tensor: among others,
     *                             tensors whose data overlap, or data bytes no tensor claims (the format forbids
     *                             both, so that one file cannot be read two ways)
     */
    public static List<WeightTensor> parse(byte[] bytes, Path file) throws DataFormatException {
        List<WeightTensor> out = new ArrayList<>();
        for (Checkpoint.Values v : tensors(bytes, file)) {
            out.add(v.toWeights(v.name()));
        }
        return out;
    }

    /** A checkpoint file: its tensors as stored (F64 exactly, the rest widened) and its metadata less "format". */
    public static Checkpoint parseCheckpoint(byte[] bytes, Path file) throws DataFormatException {
        List<Checkpoint.Values> tensors = tensors(bytes, file);
        Map<String, String> metadata = metadata(bytes, file);
        metadata.remove("format");
        return new Checkpoint(tensors, metadata);
    }

    /** The header's {@code __metadata__} (text values), empty when there is none. */
    public static Map<String, String> metadata(byte[] bytes, Path file) throws DataFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        header(bytes, file).path("__metadata__").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Every tensor of a well-formed file, as stored. */
    private static List<Checkpoint.Values> tensors(byte[] bytes, Path file) throws DataFormatException {
        String name = Quoted.path(file);
        JsonNode header = header(bytes, file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dataStart = 8 + (int) buf.getLong(0);
        long dataLength = bytes.length - dataStart;
        List<Checkpoint.Values> out = new ArrayList<>();
        TreeMap<Long, String> byBegin = new TreeMap<>();
        Map<String, Long> ends = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            String where = name + ": tensor " + Quoted.name(e.getKey());
            long[] range = range(where, e.getValue(), dataLength);
            String before = byBegin.put(range[0], e.getKey());
            if (before != null && (range[1] > range[0] || ends.get(before) > range[0])) {
                throw new DataFormatException(where + ": its data overlap those of tensor " + Quoted.name(before));
            }
            ends.put(e.getKey(), range[1]);
            out.add(tensor(where, e.getKey(), e.getValue(), range, buf, dataStart));
        }
        requireCovered(name, byBegin, ends, dataLength);
        return out;
    }

    private static JsonNode header(byte[] bytes, Path file) throws DataFormatException {
        String name = Quoted.path(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) {
            throw new DataFormatException(name + ": not a safetensors file (" + bytes.length + " bytes, too short for a header)");
        }
        long headerLength = buf.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8) {
            throw new DataFormatException(name + ": not a safetensors file (header length " + headerLength + " does not fit a "
                    + bytes.length + "-byte file)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new DataFormatException(name + ": the safetensors header is not valid JSON: " + Quoted.shown(why), e);
        }
        if (header == null || !header.isObject()) {
            throw new DataFormatException(name + ": the safetensors header is not a JSON object");
        }
        return header;
    }

    /** Refuses overlaps and holes: in offset order each tensor's data start where the previous one's end, and the last end the file. */
    private static void requireCovered(String file, TreeMap<Long, String> byBegin, Map<String, Long> ends, long dataLength)
            throws DataFormatException {
        long at = 0;
        String previous = null;
        for (Map.Entry<Long, String> t : byBegin.entrySet()) {
            if (t.getKey() < at) {
                throw new DataFormatException(file + ": tensor " + Quoted.name(t.getValue()) + ": its data overlap those of tensor " + Quoted.name(previous)
                        + " (data_offsets begin at " + t.getKey() + ", before " + at + ")");
            }
            if (t.getKey() > at) {
                throw new DataFormatException(file + ": data bytes " + at + " to " + t.getKey() + " belong to no tensor (the next is "
                        + Quoted.name(t.getValue()) + ")");
            }
            at = ends.get(t.getValue());
            previous = t.getValue();
        }
        if (at != dataLength) {
            throw new DataFormatException(file + ": data bytes " + at + " to " + dataLength + " belong to no tensor");
        }
    }

    /** A tensor's [begin, end) in the data bytes, checked to lie within them. */
    private static long[] range(String where, JsonNode entry, long dataLength) throws DataFormatException {
        JsonNode offsets = entry.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new DataFormatException(where + ": needs dtype, shape and data_offsets [begin, end]");
        }
        long begin = offsets.get(0).asLong(), end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > dataLength) {
            throw new DataFormatException(where + ": data_offsets [" + begin + ", " + end + "] lie outside the " + dataLength + " data bytes");
        }
        return new long[] {begin, end};
    }

    private static Checkpoint.Values tensor(String where, String name, JsonNode entry, long[] range, ByteBuffer buf, int dataStart)
            throws DataFormatException {
        JsonNode dtype = entry.get("dtype"), shape = entry.get("shape");
        if (dtype == null || shape == null || !shape.isArray()) {
            throw new DataFormatException(where + ": needs dtype, shape and data_offsets [begin, end]");
        }
        int[] dims = new int[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).canConvertToInt() || shape.get(i).asInt() <= 0) {
                throw new DataFormatException(where + ": bad shape " + Quoted.shown(shape));
            }
            dims[i] = shape.get(i).asInt();
            count *= dims[i];
            if (count > Integer.MAX_VALUE) {
                throw new DataFormatException(where + ": shape " + Quoted.shown(shape) + " holds more values than one tensor may");
            }
        }
        int width = switch (dtype.asText()) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default -> throw new DataFormatException(where + ": dtype " + Quoted.of(dtype.asText()) + " is not a floating-point type LayerCanvas reads (F32, F64, F16, BF16)");
        };
        long begin = range[0], end = range[1];
        if (end - begin != count * width) {
            throw new DataFormatException(where + ": shape " + Quoted.shown(shape) + " of " + dtype.asText() + " needs " + count * width
                    + " bytes but data_offsets give " + (end - begin));
        }
        double[] values = new double[(int) count];
        int at = dataStart + (int) begin;
        for (int i = 0; i < values.length; i++, at += width) {
            values[i] = switch (width) {
                case 4 -> buf.getFloat(at);
                case 8 -> buf.getDouble(at);
                default -> dtype.asText().equals("BF16") ? Float.intBitsToFloat((buf.getShort(at) & 0xFFFF) << 16)
                        : halfToFloat(buf.getShort(at));
            };
        }
        return new Checkpoint.Values(name, dims.length == 0 ? Shape.of(1) : Shape.of(dims), values, width == 8);
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat exists only from Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF, sign = bits >>> 15, exp = (bits >>> 10) & 0x1F, mant = bits & 0x3FF;
        float v = exp == 0 ? mant * 0x1p-24f : exp == 31 ? (mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN)
                : Float.intBitsToFloat(((exp + 112) << 23) | (mant << 13));
        return sign == 1 ? -v : v;
    }
}
