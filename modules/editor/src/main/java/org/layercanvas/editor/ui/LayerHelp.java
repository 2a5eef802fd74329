package org.layercanvas.editor.ui;

import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/** One layer type described for a person: what it does, its inputs and its parameters with defaults, from its spec. */
final class LayerHelp {
    private LayerHelp() {
    }

    static String html(LayerType t) {
        StringBuilder b = new StringBuilder("<html><body style='width:420px'><h2>" + esc(t.name()) + "</h2><p><i>" + esc(t.category())
                + "</i></p><p>" + esc(t.description()) + "</p><p>Inputs: " + inputs(t) + "</p>");
        if (!t.params().isEmpty()) {
            b.append("<table border='0' cellspacing='4'><tr><th align='left'>parameter</th><th align='left'>default</th><th align='left'></th></tr>");
            for (ParamSpec p : t.params()) {
                b.append("<tr><td valign='top'><b>").append(esc(p.name())).append("</b></td><td valign='top'>")
                        .append(p.required() ? "required" : esc(String.valueOf(p.defaultValue()))).append("</td><td>")
                        .append(esc(p.description())).append(p.choices().isEmpty() ? "" : " (" + esc(String.join(", ", p.choices())) + ")")
                        .append("</td></tr>");
            }
            b.append("</table>");
        }
        return b.append("</body></html>").toString();
    }

    private static String inputs(LayerType t) {
        if (t.maxInputs() == 0) {
            return "none (a source of data)";
        }
        if (t.minInputs() == t.maxInputs()) {
            return String.valueOf(t.minInputs());
        }
        return t.minInputs() + (t.maxInputs() == Integer.MAX_VALUE ? " or more" : " to " + t.maxInputs());
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
