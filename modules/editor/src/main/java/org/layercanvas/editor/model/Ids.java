package org.layercanvas.editor.model;

import java.util.Set;

/** Readable node ids: the type in lower case and the first free number, e.g. "dense3". */
public final class Ids {
    private Ids() {
    }

    public static String fresh(String type, Set<String> taken) {
        String base = type.toLowerCase().replaceAll("[^a-z0-9]", "");
        if (base.isEmpty()) {
            base = "node";
        }
        for (int i = 1; ; i++) {
            if (!taken.contains(base + i)) {
                return base + i;
            }
        }
    }
}
