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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;
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
        return parse(Files.readAllBytes(file), file);
    }

    public static List<WeightTensor> parse(byte[] bytes, Path file) throws DataFormatException {
        JsonNode header = header(bytes, file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dataStart = 8 + (int) buf.getLong(0);
        long dataLength = bytes.length - dataStart;
        List<WeightTensor> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            out.add(tensor(file, e.getKey(), e.getValue(), buf, dataStart, dataLength).toWeights(e.getKey()));
        }
        return out;
    }

    /** A checkpoint file: its tensors as stored (F64 exactly, the rest widened) and its metadata less "format". */
    public static Checkpoint parseCheckpoint(byte[] bytes, Path file) throws DataFormatException {
        JsonNode header = header(bytes, file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dataStart = 8 + (int) buf.getLong(0);
        List<Checkpoint.Values> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("__metadata__")) {
                out.add(tensor(file, e.getKey(), e.getValue(), buf, dataStart, bytes.length - dataStart));
            }
        }
        Map<String, String> metadata = metadata(bytes, file);
        metadata.remove("format");
        return new Checkpoint(out, metadata);
    }

    /** The header's {@code __metadata__} (text values), empty when there is none. */
    public static Map<String, String> metadata(byte[] bytes, Path file) throws DataFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        header(bytes, file).path("__metadata__").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode header(byte[] bytes, Path file) throws DataFormatException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) {
            throw new DataFormatException(file + ": not a safetensors file (" + bytes.length + " bytes, too short for a header)");
        }
        long headerLength = buf.getLong();
        if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8) {
            throw new DataFormatException(file + ": not a safetensors file (header length " + headerLength + " does not fit a "
                    + bytes.length + "-byte file)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DataFormatException(file + ": the safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new DataFormatException(file + ": the safetensors header is not a JSON object");
        }
        return header;
    }

    private static Checkpoint.Values tensor(Path file, String name, JsonNode entry, ByteBuffer buf, int dataStart, long dataLength)
            throws DataFormatException {
        String where = file + ": tensor '" + name + "'";
        JsonNode dtype = entry.get("dtype"), shape = entry.get("shape"), offsets = entry.get("data_offsets");
        if (dtype == null || shape == null || !shape.isArray() || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw new DataFormatException(where + ": needs dtype, shape and data_offsets [begin, end]");
        }
        int[] dims = new int[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).canConvertToInt() || shape.get(i).asInt() <= 0) {
                throw new DataFormatException(where + ": bad shape " + shape);
            }
            dims[i] = shape.get(i).asInt();
            count *= dims[i];
        }
        int width = switch (dtype.asText()) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default -> throw new DataFormatException(where + ": dtype " + dtype.asText() + " is not a floating-point type LayerCanvas reads (F32, F64, F16, BF16)");
        };
        long begin = offsets.get(0).asLong(-1), end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLength) {
            throw new DataFormatException(where + ": data_offsets [" + begin + ", " + end + "] lie outside the " + dataLength + " data bytes");
        }
        if (end - begin != count * width) {
            throw new DataFormatException(where + ": shape " + shape + " of " + dtype.asText() + " needs " + count * width
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
