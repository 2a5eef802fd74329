package org.layercanvas.editor.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/**
 * Values for the required parameters of a layer dropped on the canvas, so a new node is valid
 * where it can be: common sizes for counts, the first choice for choices. The user edits them in
 * the Properties window; optional parameters keep their defaults and are not written.
 */
final class StarterParams {
    private StarterParams() {
    }

    static Map<String, Object> of(LayerType type) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (ParamSpec p : type.params()) {
            if (p.required()) {
                params.put(p.name(), starter(p));
            }
        }
        return params;
    }

    private static Object starter(ParamSpec p) {
        return switch (p.kind()) {
            case SIDES -> 1;
            case INT, INT_OR_PAIR -> p.name().equals("units") || p.name().equals("filters") ? 32 : Math.max(1, p.min() == null ? 1 : p.min().intValue());
            case FLOAT -> p.max() != null && p.max() <= 1 ? 0.5 : 0.1;
            case BOOLEAN -> false;
            case CHOICE, INT_OR_CHOICE -> p.choices().contains("relu") ? "relu" : p.choices().get(0);
            case SHAPE -> List.of(784);
        };
    }
}
