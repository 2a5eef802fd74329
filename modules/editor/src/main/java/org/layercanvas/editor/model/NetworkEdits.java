package org.layercanvas.editor.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;

/** Pure functions from a network to an edited network; the document records them as undoable edits. */
final class NetworkEdits {
    private NetworkEdits() {
    }

    static Network addNode(Network net, Node node) {
        List<Node> nodes = new ArrayList<>(net.nodes());
        nodes.add(node);
        return new Network(net.name(), nodes, net.edges());
    }

    static Network removeNodes(Network net, Set<String> ids) {
        return new Network(net.name(), net.nodes().stream().filter(n -> !ids.contains(n.id())).toList(),
                net.edges().stream().filter(e -> !ids.contains(e.from()) && !ids.contains(e.to())).toList());
    }

    /** The network with node {@code id} called {@code newId}, its connections following. */
    static Network rename(Network net, String id, String newId) {
        return new Network(net.name(),
                net.nodes().stream().map(n -> n.id().equals(id) ? new Node(newId, n.type(), n.params(), n.x(), n.y()) : n).toList(),
                net.edges().stream().map(e -> new Edge(e.from().equals(id) ? newId : e.from(), e.to().equals(id) ? newId : e.to(), e.port())).toList());
    }

    static Network addEdge(Network net, Edge edge) {
        List<Edge> edges = new ArrayList<>(net.edges());
        edges.add(edge);
        return new Network(net.name(), net.nodes(), edges);
    }

    static Network removeEdge(Network net, Edge edge) {
        return removeEdges(net, Set.of(edge));
    }

    static Network removeEdges(Network net, Set<Edge> edges) {
        return new Network(net.name(), net.nodes(), net.edges().stream().filter(e -> !edges.contains(e)).toList());
    }

    static Network move(Network net, Map<String, double[]> positions) {
        return new Network(net.name(), net.nodes().stream().map(n -> {
            double[] p = positions.get(n.id());
            return p == null ? n : n.withPosition(p[0], p[1]);
        }).toList(), net.edges());
    }

    /**
     * Adds copies of {@code nodes} with fresh ids (shifted by dx, dy) and the edges among them;
     * returns the new network and, through {@code newIds}, the old → new id map.
     */
    static Network paste(Network net, List<Node> nodes, List<Edge> edges, double dx, double dy, Map<String, String> newIds) {
        Set<String> taken = new HashSet<>();
        net.nodes().forEach(n -> taken.add(n.id()));
        List<Node> all = new ArrayList<>(net.nodes());
        for (Node n : nodes) {
            String id = Ids.fresh(n.type(), taken);
            taken.add(id);
            newIds.put(n.id(), id);
            all.add(new Node(id, n.type(), n.params(), n.x() == null ? null : n.x() + dx, n.y() == null ? null : n.y() + dy));
        }
        List<Edge> allEdges = new ArrayList<>(net.edges());
        for (Edge e : edges) {
            if (newIds.containsKey(e.from()) && newIds.containsKey(e.to())) {
                allEdges.add(new Edge(newIds.get(e.from()), newIds.get(e.to()), e.port()));
            }
        }
        return new Network(net.name(), all, allEdges);
    }
}
