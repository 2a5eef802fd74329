package org.layercanvas.formats.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;

/**
 * The element type of a NumPy array, from its header's {@code descr} ("<f4", ">i8", "|u1", "<U10"):
 * numbers and booleans become float32, fixed-width strings ("<U", "|S") become text. Object arrays
 * ("|O") are refused: their data is a Python pickle, and unpickling a file runs code from it.
 */
record NpyType(char kind, int width, ByteOrder order, String descr) {
    /** The types {@link #of} accepts, for messages. */
    static final String SUPPORTED = "float32/64, int8..64, uint8..64, bool and <U/|S strings";
    private static final Charset UTF_32LE = Charset.forName("UTF-32LE"), UTF_32BE = Charset.forName("UTF-32BE");

    static NpyType of(String descr, String where) throws DataFormatException {
        if (descr.length() >= 2 && (descr.charAt(1) == 'O' || descr.charAt(0) == 'O')) {
            throw new DataFormatException(where + ": holds Python objects (dtype " + Quoted.of(descr)
                    + "), stored as a pickle, which is never loaded (it can run code); save numbers or strings instead");
        }
        if (descr.length() < 3 || "<>|=".indexOf(descr.charAt(0)) < 0 || !descr.substring(2).matches("[0-9]{1,6}")) {
            throw unsupported(descr, where);
        }
        char kind = descr.charAt(1);
        int width = Integer.parseInt(descr.substring(2));
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        boolean known = switch (kind) {
            case 'f' -> width == 4 || width == 8;
            case 'i', 'u' -> width == 1 || width == 2 || width == 4 || width == 8;
            case 'b' -> width == 1;
            case 'U', 'S' -> width > 0;
            default -> false;
        };
        if (!known) {
            throw unsupported(descr, where);
        }
        return new NpyType(kind, width, order, descr);
    }

    private static DataFormatException unsupported(String descr, String where) {
        return new DataFormatException(where + ": dtype " + Quoted.of(descr) + " is not supported (" + SUPPORTED + ")");
    }

    boolean text() {
        return kind == 'U' || kind == 'S';
    }

    /** Bytes of one element: a "<U10" string holds 10 UTF-32 code units. */
    int bytes() {
        return kind == 'U' ? 4 * width : width;
    }

    /** The NumPy name, for listings: "float32", "uint8", "bool", "<U10". */
    String name() {
        return switch (kind) {
            case 'f' -> "float" + 8 * width;
            case 'i' -> "int" + 8 * width;
            case 'u' -> "uint" + 8 * width;
            case 'b' -> "bool";
            default -> descr;
        };
    }

    /** {@code n} elements from {@code src} (in this type's byte order) as float32 into {@code dst} from {@code at}. */
    void toFloats(ByteBuffer src, float[] dst, int at, int n) {
        src.order(order);
        if (kind == 'f' && width == 4) {
            src.asFloatBuffer().get(dst, at, n); // the common case, a bulk copy
            src.position(src.position() + 4 * n);
            return;
        }
        for (int i = at; i < at + n; i++) {
            dst[i] = switch (kind) {
                case 'f' -> (float) src.getDouble();
                case 'b' -> src.get() != 0 ? 1 : 0;
                case 'i' -> switch (width) {
                    case 1 -> src.get();
                    case 2 -> src.getShort();
                    case 4 -> src.getInt();
                    default -> src.getLong();
                };
                default -> switch (width) {
                    case 1 -> src.get() & 0xFF;
                    case 2 -> src.getShort() & 0xFFFF;
                    case 4 -> src.getInt() & 0xFFFFFFFFL;
                    default -> unsigned(src.getLong());
                };
            };
        }
    }

    /** One string element from {@code src}, without NumPy's trailing NUL padding. */
    String toText(ByteBuffer src) {
        byte[] b = new byte[bytes()];
        src.get(b);
        String s = kind == 'U' ? new String(b, order == ByteOrder.BIG_ENDIAN ? UTF_32BE : UTF_32LE) : new String(b, StandardCharsets.UTF_8);
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }

    /** A uint64 as float, rounded once: halved with the lost bit kept as a sticky bit, converted, doubled (the Parquet reader's too). */
    static float unsigned(long v) {
        return v >= 0 ? v : (float) (v >>> 1 | v & 1) * 2f;
    }
}
