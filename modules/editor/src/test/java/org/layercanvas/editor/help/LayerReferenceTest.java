package org.layercanvas.editor.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.junit.jupiter.api.Test;

class LayerReferenceTest {
    @Test
    void everyLayerAndEveryParameterIsListed() {
        var types = LayerRegistry.standard().all();
        assertFalse(types.isEmpty());
        String html = LayerReference.html(types);
        for (LayerType t : types) {
            assertTrue(html.contains("<a name='" + t.name() + "'>"), t.name());
            assertTrue(html.contains("<h2>" + t.category() + "</h2>"), t.category());
            for (ParamSpec p : t.params()) {
                assertTrue(html.contains("<code>" + p.name() + "</code>"), t.name() + "." + p.name());
            }
        }
    }

    @Test
    void theShapeExampleComesFromTheLayersOwnRule() {
        LayerType dense = LayerRegistry.standard().find("Dense").orElseThrow();
        assertEquals("[16] → [8] with units 8", LayerReference.example(dense));
        LayerType conv = LayerRegistry.standard().find("Conv2D").orElseThrow();
        assertTrue(LayerReference.example(conv).startsWith("[1,28,28] → [8,"), LayerReference.example(conv));
    }
}
