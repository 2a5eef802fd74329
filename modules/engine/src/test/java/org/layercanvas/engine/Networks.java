package org.layercanvas.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;

/** Builds small networks for tests: {@code chain("in", "Input", Map.of("shape", List.of(4)), "d", "Dense", …)}. */
public final class Networks {
    private Networks() {
    }

    /** A chain of nodes given as (id, type, params) triples, each feeding the next. */
    public static Network chain(Object... idTypeParams) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < idTypeParams.length; i += 3) {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) idTypeParams[i + 2];
            nodes.add(new Node((String) idTypeParams[i], (String) idTypeParams[i + 1], new LinkedHashMap<>(params)));
            if (i > 0) {
                edges.add(new Edge((String) idTypeParams[i - 3], (String) idTypeParams[i]));
            }
        }
        return new Network("main", nodes, edges);
    }
}
