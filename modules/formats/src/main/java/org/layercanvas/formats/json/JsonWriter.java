package org.layercanvas.formats.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import java.util.Map;

/**
 * Writes plain Java values (Map, List, String, Number, Boolean) as stable, diff-friendly JSON:
 * 2-space indents, one field per line, except that an object below the top two levels, or an array,
 * is kept on one line when it fits in {@value #INLINE_WIDTH} characters and holds no array of objects
 * (so each node and edge is one line, and sections stay readable).
 * The same values always give the same bytes.
 */
public final class JsonWriter {
    static final int INLINE_WIDTH = 110;

    private JsonWriter() {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, 0, out);
        return out.append('\n').toString();
    }

    private static void write(Object value, int indent, StringBuilder out) {
        String inline = inline(value);
        boolean fits = inline.length() + indent <= INLINE_WIDTH && !hasObjectArray(value) && (indent >= 2 || value instanceof List);
        if (fits || !(value instanceof Map || value instanceof List)) {
            out.append(inline);
            return;
        }
        String pad = "  ".repeat(indent + 1);
        if (value instanceof Map<?, ?> map) {
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(pad).append(quote((String) e.getKey())).append(": ");
                write(e.getValue(), indent + 1, out);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            out.append("  ".repeat(indent)).append('}');
        } else {
            List<?> list = (List<?>) value;
            out.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                out.append(pad);
                write(list.get(i), indent + 1, out);
                out.append(i + 1 < list.size() ? ",\n" : "\n");
            }
            out.append("  ".repeat(indent)).append(']');
        }
    }

    private static boolean hasObjectArray(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(JsonWriter::hasObjectArray);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(v -> v instanceof Map || hasObjectArray(v));
        }
        return false;
    }

    private static String inline(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                b.append(i++ > 0 ? ", " : "").append(quote((String) e.getKey())).append(": ").append(inline(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                b.append(i > 0 ? ", " : "").append(inline(list.get(i)));
            }
            return b.append(']').toString();
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            return Double.toString(d);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("cannot write " + (value == null ? "null" : value.getClass().getSimpleName()) + " as JSON");
    }

    private static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }
}
