package org.layercanvas.editor.scene;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.layercanvas.engine.graph.Node;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/** Short texts for the canvas: a node's key parameters, numbers with thousands separators. */
public final class Describe {
    private Describe() {
    }

    /** The parameters the user set in the layer type's order, e.g. "units 256 · relu"; shapes as [1,28,28]. */
    public static String keyParams(Node node, LayerType type) {
        List<String> order = type == null ? List.of() : type.params().stream().map(ParamSpec::name).toList();
        return node.params().entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> order.contains(e.getKey()) ? order.indexOf(e.getKey()) : order.size()))
                .map(Describe::param).collect(Collectors.joining(" · "));
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
