package org.layercanvas.engine.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A named graph of layers. Immutable; edits produce a new network. */
public record Network(String name, List<Node> nodes, List<Edge> edges) {
    public Network {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The network with {@code node} in place of the node of the same id. */
    public Network withNode(Node node) {
        return new Network(name, nodes.stream().map(n -> n.id().equals(node.id()) ? node : n).toList(), edges);
    }

    public Optional<Node> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The edges into {@code id}, ordered by port. */
    public List<Edge> inputsOf(String id) {
        List<Edge> in = new ArrayList<>();
        for (Edge e : edges) {
            if (e.to().equals(id)) {
                in.add(e);
            }
        }
        in.sort(Comparator.comparingInt(Edge::port));
        return in;
    }

    public List<Edge> outputsOf(String id) {
        return edges.stream().filter(e -> e.from().equals(id)).toList();
    }
}
