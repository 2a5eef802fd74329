package org.layercanvas.editor.scene;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/** Short texts for the canvas: a node's key parameters, numbers with thousands separators. */
public final class Describe {
    private Describe() {
    }

    /**
     * The parameters the user set in the layer type's order, e.g. "units 256", "relu"; shapes as
     * [1,28,28]. A value equal to the type's default is left out: it tells nothing.
     */
    static List<String> keyParamList(Node node, LayerType type) {
        List<ParamSpec> specs = type == null ? List.of() : type.params();
        List<String> order = specs.stream().map(ParamSpec::name).toList();
        return node.params().entrySet().stream()
                .filter(e -> specs.stream().noneMatch(s -> s.name().equals(e.getKey()) && s.defaultValue() != null && isDefault(s, e.getValue())))
                .sorted(java.util.Comparator.comparingInt(e -> order.contains(e.getKey()) ? order.indexOf(e.getKey()) : order.size()))
                .map(Describe::param).toList();
    }

    private static boolean isDefault(ParamSpec spec, Object value) {
        try {
            return spec.coerce(value).equals(spec.coerce(spec.defaultValue()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The parameters in lines of at most {@code width} characters (a single long one gets a line of its own). */
    static List<String> lines(List<String> params, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String p : params) {
            if (line.length() > 0 && line.length() + 3 + p.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " · ").append(p);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static String param(Map.Entry<String, Object> e) {
        Object v = e.getValue();
        if (v instanceof List<?> list) {
            return e.getKey() + " " + list.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
        }
        return e.getKey().equals("activation") ? String.valueOf(v) : e.getKey() + " " + v;
    }

    public static String count(long n) {
        if (n >= 10_000_000) {
            return String.format("%.1fM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format("%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }
}
