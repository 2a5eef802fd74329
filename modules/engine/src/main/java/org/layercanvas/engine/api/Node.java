package org.layercanvas.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One layer of a network as the user wrote it: an id unique in its network, a layer type name,
 * the parameters given explicitly (defaults are not stored), and an optional canvas position.
 * Parameter values are JSON-like: Integer, Long, Double, Boolean, String, or List of those.
 */
public record Node(String id, String type, Map<String, Object> params, Double x, Double y) {
    public Node {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    }

    public Node(String id, String type, Map<String, Object> params) {
        this(id, type, params, null, null);
    }

    public Node withParams(Map<String, Object> newParams) {
        return new Node(id, type, newParams, x, y);
    }

    /** The node with parameter {@code name} set to {@code value} (the others, and their order, kept). */
    public Node withParam(String name, Object value) {
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put(name, value);
        return withParams(p);
    }

    public Node withPosition(Double newX, Double newY) {
        return new Node(id, type, params, newX, newY);
    }
}
