package org.layercanvas.editor.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.validate.Problem;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;

/**
 * Whether a new edge may be drawn, and if not why: the canvas asks while the user drags, so a
 * refused connection shows its reason before the mouse is released.
 */
public final class ConnectRules {
    private final LayerRegistry registry;

    public ConnectRules(LayerRegistry registry) {
        this.registry = registry;
    }

    /** Empty when {@code from → to:port} may be added; otherwise the reason, naming the nodes. */
    public Optional<String> check(Network net, String from, String to, int port) {
        if (from.equals(to)) {
            return Optional.of("a layer cannot feed itself");
        }
        LayerType target = net.node(to).flatMap(n -> registry.find(n.type())).orElse(null);
        if (target != null && port >= target.maxInputs()) {
            return Optional.of(target.maxInputs() == 0 ? target.name() + " '" + to + "' takes no inputs"
                    : target.name() + " '" + to + "' takes " + target.maxInputs() + (target.maxInputs() == 1 ? " input" : " inputs"));
        }
        for (Edge e : net.edges()) {
            if (e.to().equals(to) && e.port() == port) {
                return Optional.of("input " + port + " of '" + to + "' is already fed by '" + e.from() + "'");
            }
        }
        Optional<List<String>> path = path(net, to, from);
        if (path.isPresent()) {
            return Optional.of("this would make a cycle: " + String.join(" → ", path.get()) + " → " + to);
        }
        Validation before = new Validator(registry).validate(net);
        Validation after = new Validator(registry).validate(NetworkEdits.addEdge(net, new Edge(from, to, port)));
        for (Problem p : after.problemsOf(to)) {
            if (!before.problemsOf(to).contains(p) && !p.message().contains("needs 1 input") && before.shapes().containsKey(from)) {
                return Optional.of(p.message());
            }
        }
        return Optional.empty();
    }

    /** The path of node ids from {@code start} to {@code goal} along edges, if any (breadth first). */
    static Optional<List<String>> path(Network net, String start, String goal) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        Map<String, List<String>> next = new LinkedHashMap<>();
        net.edges().forEach(e -> next.computeIfAbsent(e.from(), k -> new java.util.ArrayList<>()).add(e.to()));
        cameFrom.put(start, null);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(goal)) {
                java.util.LinkedList<String> path = new java.util.LinkedList<>();
                for (String n = goal; n != null; n = cameFrom.get(n)) {
                    path.addFirst(n);
                }
                return Optional.of(path);
            }
            for (String n : next.getOrDefault(at, List.of())) {
                if (!cameFrom.containsKey(n)) {
                    cameFrom.put(n, at);
                    queue.add(n);
                }
            }
        }
        return Optional.empty();
    }
}
