package org.layercanvas.editor.help;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;

/**
 * The text of Help ▸ Layer Reference: every layer type, grouped by palette category, with its
 * parameters (type, default, range, choices, description), how many inputs it takes, and one worked
 * shape example computed by the layer's own shape rule (the SPI states the rule only as code).
 */
final class LayerReference {
    private LayerReference() {
    }

    static String html(Collection<LayerType> types) {
        Map<String, List<LayerType>> byCategory = new TreeMap<>();
        types.forEach(t -> byCategory.computeIfAbsent(t.category(), c -> new ArrayList<>()).add(t));
        StringBuilder toc = new StringBuilder("<h1>Layer reference</h1><p>");
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, List<LayerType>> e : byCategory.entrySet()) {
            toc.append("<b>").append(esc(e.getKey())).append(":</b> ");
            body.append("<h2>").append(esc(e.getKey())).append("</h2>");
            for (LayerType t : e.getValue()) {
                toc.append("<a href='#").append(esc(t.name())).append("'>").append(esc(t.name())).append("</a> ");
                layer(t, body);
            }
            toc.append("<br>");
        }
        return "<html><body style='font-family:sans-serif;margin:8px'>" + toc.append("</p>") + body + "</body></html>";
    }

    private static void layer(LayerType t, StringBuilder out) {
        out.append("<h3><a name='").append(esc(t.name())).append("'>").append(esc(t.name())).append("</a></h3>");
        out.append("<p>").append(esc(t.description())).append("</p><p><b>Inputs:</b> ").append(inputs(t));
        String example = example(t);
        if (example != null) {
            out.append("<br><b>Shape:</b> ").append(esc(example));
        }
        out.append("</p>");
        if (t.params().isEmpty()) {
            out.append("<p>No parameters.</p>");
            return;
        }
        out.append("<table border='1' cellspacing='0' cellpadding='3'><tr><th>parameter</th><th>type</th><th>default</th><th>description</th></tr>");
        for (ParamSpec p : t.params()) {
            out.append("<tr><td><code>").append(esc(p.name())).append("</code></td><td>").append(esc(type(p)))
                    .append("</td><td>").append(p.required() ? "<i>required</i>" : esc(String.valueOf(p.defaultValue())))
                    .append("</td><td>").append(esc(p.description())).append("</td></tr>");
        }
        out.append("</table>");
    }

    private static String inputs(LayerType t) {
        if (t.minInputs() == t.maxInputs()) {
            return t.minInputs() == 0 ? "none (a network starts here)" : Integer.toString(t.minInputs());
        }
        return t.minInputs() + " to " + (t.maxInputs() == Integer.MAX_VALUE ? "any number" : Integer.toString(t.maxInputs()));
    }

    static String type(ParamSpec p) {
        String range = p.min() == null && p.max() == null ? ""
                : " in [" + (p.min() == null ? "−∞" : num(p.min())) + ", " + (p.max() == null ? "∞" : num(p.max())) + "]";
        return switch (p.kind()) {
            case INT -> "integer" + range;
            case FLOAT -> "number" + range;
            case BOOLEAN -> "true / false";
            case CHOICE -> "one of " + String.join(", ", p.choices());
            case INT_OR_CHOICE -> "integer or one of " + String.join(", ", p.choices());
            case INT_OR_PAIR -> "integer" + range + ", or a pair [rows, columns]";
            case SIDES -> "pixels: an integer for every side, [rows, columns] or [top, bottom, left, right]";
            case SHAPE -> "shape, e.g. [1, 28, 28]";
        };
    }

    /**
     * The layer's shape rule applied once: defaults, and for a required parameter 8, [16] or its
     * first choice, fed with a typical input for its category (a vector, then an image, for the others).
     * Null when the rule refuses those inputs.
     */
    static String example(LayerType t) {
        List<Shape> candidates = switch (t.category()) {
            case "Convolution", "Pooling" -> List.of(Shape.of(1, 28, 28));
            case "Recurrent" -> List.of(Shape.of(20, 4));
            default -> List.of(Shape.of(16), Shape.of(1, 28, 28));
        };
        for (Shape input : candidates) {
            String example = example(t, input);
            if (example != null) {
                return example;
            }
        }
        return null;
    }

    private static String example(LayerType t, Shape input) {
        List<Shape> inputs = new ArrayList<>();
        for (int i = 0; i < Math.max(t.minInputs(), Math.min(2, t.maxInputs())); i++) {
            inputs.add(input);
        }
        try {
            Map<String, Object> values = new HashMap<>();
            for (ParamSpec p : t.params()) {
                values.put(p.name(), p.coerce(p.required() ? sample(p) : p.defaultValue()));
            }
            Shape out = t.outputShape(new LayerConfig("example", t.name(), values, inputs.stream().map(s -> "in").toList()), inputs);
            String with = t.params().stream().filter(ParamSpec::required).map(p -> p.name() + " " + values.get(p.name()))
                    .reduce((a, b) -> a + ", " + b).map(s -> " with " + s).orElse("");
            return (inputs.isEmpty() ? "" : inputs.size() == 1 ? input + " → " : inputs.size() + " × " + input + " → ") + out + with;
        } catch (RuntimeException | ShapeException e) {
            return null;
        }
    }

    private static Object sample(ParamSpec p) {
        return switch (p.kind()) {
            case INT, INT_OR_PAIR -> 8;
            case SIDES -> 1;
            case FLOAT -> p.min() != null ? p.min() : 0.5;
            case BOOLEAN -> false;
            case CHOICE, INT_OR_CHOICE -> p.choices().get(0);
            case SHAPE -> List.of(16);
        };
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
