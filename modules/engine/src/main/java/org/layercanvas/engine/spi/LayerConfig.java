package org.layercanvas.engine.spi;

import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Shape;

/**
 * A node's parameters after validation: every declared parameter present (defaults filled in) and
 * coerced to its canonical type. Also knows the node and its input nodes so layers can write
 * messages that name them.
 */
public record LayerConfig(String nodeId, String typeName, Map<String, Object> values, List<String> inputIds) {
    public LayerConfig {
        values = Map.copyOf(values);
        inputIds = List.copyOf(inputIds);
    }

    public int getInt(String name) {
        return ((Number) value(name)).intValue();
    }

    public double getDouble(String name) {
        return ((Number) value(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) value(name);
    }

    public String getString(String name) {
        return (String) value(name);
    }

    /** For {@link ParamKind#INT_OR_CHOICE}: the raw value, an Integer or a String. */
    public Object get(String name) {
        return value(name);
    }

    /** For {@link ParamKind#INT_OR_PAIR}: {rows, columns}, an int standing for both. */
    public int[] getPair(String name) {
        Object v = value(name);
        if (v instanceof List<?> pair) {
            return new int[] {((Number) pair.get(0)).intValue(), ((Number) pair.get(1)).intValue()};
        }
        int n = ((Number) v).intValue();
        return new int[] {n, n};
    }

    /** For {@link ParamKind#SIDES}: {top, bottom, left, right}. */
    public int[] getSides(String name) {
        Object v = value(name);
        if (v instanceof List<?> list) {
            int[] n = list.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
            return n.length == 4 ? n : new int[] {n[0], n[0], n[1], n[1]};
        }
        int n = ((Number) v).intValue();
        return new int[] {n, n, n, n};
    }

    public Shape getShape(String name) {
        @SuppressWarnings("unchecked")
        List<Integer> dims = (List<Integer>) value(name);
        return Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    }

    /** "Dense 'd1'", the way messages name this node. */
    public String describe() {
        return typeName + " '" + nodeId + "'";
    }

    /** "'c1'", the way messages name input {@code i}. */
    public String input(int i) {
        return "'" + inputIds.get(i) + "'";
    }

    private Object value(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException(describe() + " has no parameter '" + name + "'");
        }
        return v;
    }
}
