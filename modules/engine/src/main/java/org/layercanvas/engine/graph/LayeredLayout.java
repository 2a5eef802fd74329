package org.layercanvas.engine.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Left-to-right layered layout: a node's column is its longest path from a source, rows follow the
 * order of the nodes in the file (stable, so layout twice gives the same picture). Nodes on a cycle
 * go to a last column of their own. The editor's Layout action and the model importers both use it.
 */
public final class LayeredLayout {
    public static final double COLUMN_WIDTH = 240, ROW_HEIGHT = 150, MARGIN = 40;

    private LayeredLayout() {
    }

    /** Each node's {x, y} canvas position, by id, in the order of the network's nodes. */
    public static Map<String, double[]> positions(Network net) {
        Map<String, Integer> column = new HashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        net.nodes().forEach(n -> pending.put(n.id(), 0));
        for (Edge e : net.edges()) {
            pending.computeIfPresent(e.to(), (k, v) -> v + 1);
        }
        List<String> ready = new ArrayList<>();
        net.nodes().stream().map(Node::id).filter(id -> pending.get(id) == 0).forEach(id -> {
            ready.add(id);
            column.put(id, 0);
        });
        for (int i = 0; i < ready.size(); i++) {
            String id = ready.get(i);
            for (Edge e : net.outputsOf(id)) {
                column.merge(e.to(), column.get(id) + 1, Math::max);
                if (pending.merge(e.to(), -1, Integer::sum) == 0) {
                    ready.add(e.to());
                }
            }
        }
        int last = column.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Node n : net.nodes()) {
            int c = ready.contains(n.id()) ? column.get(n.id()) : last;
            int r = rows.merge(c, 1, Integer::sum) - 1;
            out.put(n.id(), new double[] {MARGIN + c * COLUMN_WIDTH, MARGIN + r * ROW_HEIGHT});
        }
        return out;
    }

    /** The network with every node placed by {@link #positions}. */
    public static Network apply(Network net) {
        Map<String, double[]> at = positions(net);
        return new Network(net.name(), net.nodes().stream().map(n -> n.withPosition(at.get(n.id())[0], at.get(n.id())[1])).toList(), net.edges());
    }
}
