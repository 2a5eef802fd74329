package org.layercanvas.formats.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value that remembers where it started in the file, so every error about it can name the
 * line and column. Objects keep their field order.
 */
public sealed interface Located {
    int line();

    int column();

    record Obj(Map<String, Located> fields, Map<String, int[]> keyPositions, int line, int column) implements Located {
        public Obj {
            fields = new LinkedHashMap<>(fields);
        }
    }

    record Arr(List<Located> items, int line, int column) implements Located {
    }

    /** A string, number (Integer, Long, Double), boolean or null ({@code value == null}). */
    record Scalar(Object value, int line, int column) implements Located {
    }
}
