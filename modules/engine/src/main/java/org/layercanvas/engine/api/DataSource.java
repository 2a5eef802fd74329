package org.layercanvas.engine.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One data source: a reader type ("csv", "idx", …) and that reader's fields as given in the file,
 * e.g. {@code {"type": "csv", "path": "iris.csv", "header": true, "target": "species"}}.
 */
public record DataSource(String type, Map<String, Object> fields) {
    public DataSource {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
