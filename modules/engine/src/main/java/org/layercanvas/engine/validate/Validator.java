package org.layercanvas.engine.validate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.layercanvas.engine.graph.Edge;
import org.layercanvas.engine.graph.Network;
import org.layercanvas.engine.graph.Node;
import org.layercanvas.engine.graph.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;

/**
 * Checks a network and infers every shape without running anything: ids, edges, layer types,
 * parameters, input counts, cycles, then shapes in topological order. Each problem names its node.
 * A node whose inputs have problems gets no shape but is not blamed for them.
 */
public final class Validator {
    private final LayerRegistry registry;

    public Validator(LayerRegistry registry) {
        this.registry = registry;
    }

    public Validation validate(Network net) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Node n : net.nodes()) {
            if (n.id() == null || n.id().isBlank()) {
                problems.add(new Problem(null, "a " + n.type() + " node has no id"));
            } else if (nodes.putIfAbsent(n.id(), n) != null) {
                problems.add(new Problem(n.id(), "two nodes have the id '" + n.id() + "'"));
            }
        }
        Map<String, List<Edge>> inputs = checkEdges(net, nodes, problems);
        Map<String, LayerType> types = new LinkedHashMap<>();
        Map<String, LayerConfig> configs = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            LayerType type = registry.find(n.type()).orElse(null);
            if (type == null) {
                problems.add(new Problem(n.id(), "'" + n.id() + "' has unknown layer type '" + n.type() + "' (known: "
                        + registry.all().stream().map(LayerType::name).collect(Collectors.joining(", ")) + ")"));
                continue;
            }
            types.put(n.id(), type);
            List<String> inputIds = inputs.get(n.id()).stream().map(Edge::from).toList();
            LayerConfig config = configure(n, type, inputIds, problems);
            if (config != null) {
                configs.put(n.id(), config);
            }
            int count = inputIds.size();
            if (count < type.minInputs() || count > type.maxInputs()) {
                problems.add(new Problem(n.id(), describe(n) + " needs " + arity(type) + " but has " + count));
            }
        }
        List<String> order = order(nodes, inputs, net, problems);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        Map<String, List<org.layercanvas.engine.spi.ParamTensor>> parameters = new LinkedHashMap<>();
        Map<String, Long> flops = new LinkedHashMap<>();
        Set<String> broken = problems.stream().map(Problem::nodeId).filter(id -> id != null).collect(Collectors.toSet());
        for (String id : order) {
            LayerConfig config = configs.get(id);
            List<Shape> inShapes = inputs.get(id).stream().map(e -> shapes.get(e.from())).toList();
            if (config == null || broken.contains(id) || inShapes.contains(null)) {
                continue;
            }
            LayerType type = types.get(id);
            try {
                Shape out = type.outputShape(config, inShapes);
                shapes.put(id, out);
                parameters.put(id, type.parameters(config, inShapes));
                flops.put(id, type.flops(config, inShapes, out));
            } catch (ShapeException e) {
                problems.add(new Problem(id, e.getMessage()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(id, describe(nodes.get(id)) + ": " + e.getMessage()));
            }
        }
        return new Validation(List.copyOf(problems), order, types, configs, shapes, parameters, flops);
    }

    private static String describe(Node n) {
        return n.type() + " '" + n.id() + "'";
    }

    private static String arity(LayerType type) {
        if (type.minInputs() == type.maxInputs()) {
            return type.minInputs() == 0 ? "no inputs" : type.minInputs() == 1 ? "1 input" : type.minInputs() + " inputs";
        }
        return type.maxInputs() == Integer.MAX_VALUE ? "at least " + type.minInputs() + " inputs"
                : type.minInputs() + " to " + type.maxInputs() + " inputs";
    }

    private Map<String, List<Edge>> checkEdges(Network net, Map<String, Node> nodes, List<Problem> problems) {
        Map<String, List<Edge>> inputs = new HashMap<>();
        nodes.keySet().forEach(id -> inputs.put(id, new ArrayList<>()));
        Set<String> usedPorts = new HashSet<>();
        for (Edge e : net.edges()) {
            if (!nodes.containsKey(e.from()) || !nodes.containsKey(e.to())) {
                String missing = !nodes.containsKey(e.from()) ? e.from() : e.to();
                String at = nodes.containsKey(e.to()) ? e.to() : nodes.containsKey(e.from()) ? e.from() : null;
                problems.add(new Problem(at, "the edge " + e.from() + " → " + e.to() + " refers to a node '" + missing + "' that does not exist"));
            } else if (e.port() < 0) {
                problems.add(new Problem(e.to(), "the edge " + e.from() + " → " + e.to() + " has a negative port " + e.port()));
            } else if (!usedPorts.add(e.to() + "#" + e.port())) {
                problems.add(new Problem(e.to(), describe(nodes.get(e.to())) + " has two edges into port " + e.port()));
            } else {
                inputs.get(e.to()).add(e);
            }
        }
        for (Map.Entry<String, List<Edge>> in : inputs.entrySet()) {
            in.getValue().sort(java.util.Comparator.comparingInt(Edge::port));
            for (int i = 0; i < in.getValue().size(); i++) {
                if (in.getValue().get(i).port() != i) {
                    problems.add(new Problem(in.getKey(), describe(nodes.get(in.getKey())) + " has no input on port " + i));
                    break;
                }
            }
        }
        return inputs;
    }

    private static LayerConfig configure(Node n, LayerType type, List<String> inputIds, List<Problem> problems) {
        Map<String, ParamSpec> specs = new LinkedHashMap<>();
        type.params().forEach(p -> specs.put(p.name(), p));
        Map<String, Object> values = new HashMap<>();
        boolean ok = true;
        for (String given : n.params().keySet()) {
            if (!specs.containsKey(given)) {
                problems.add(new Problem(n.id(), describe(n) + " has no parameter '" + given + "'"
                        + (specs.isEmpty() ? "" : " (parameters: " + String.join(", ", specs.keySet()) + ")")));
                ok = false;
            }
        }
        for (ParamSpec spec : specs.values()) {
            Object raw = n.params().containsKey(spec.name()) ? n.params().get(spec.name()) : spec.defaultValue();
            if (raw == null) {
                problems.add(new Problem(n.id(), describe(n) + " needs the parameter '" + spec.name() + "': " + spec.description()));
                ok = false;
                continue;
            }
            try {
                values.put(spec.name(), spec.coerce(raw));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(n.id(), describe(n) + ": " + e.getMessage()));
                ok = false;
            }
        }
        return ok ? new LayerConfig(n.id(), n.type(), values, inputIds) : null;
    }

    /** Kahn's algorithm; nodes left over lie on or behind a cycle, which is reported once per cycle node. */
    private static List<String> order(Map<String, Node> nodes, Map<String, List<Edge>> inputs, Network net, List<Problem> problems) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        for (String id : nodes.keySet()) {
            pending.put(id, inputs.get(id).size());
            consumers.put(id, new ArrayList<>());
        }
        inputs.forEach((to, edges) -> edges.forEach(e -> consumers.get(e.from()).add(to)));
        Deque<String> ready = new ArrayDeque<>();
        nodes.keySet().stream().filter(id -> pending.get(id) == 0).forEach(ready::add);
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String c : consumers.get(id)) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (order.size() < nodes.size()) {
            Set<String> left = new HashSet<>(nodes.keySet());
            order.forEach(left::remove);
            for (List<String> cycle : cycles(left, consumers)) {
                String path = String.join(" → ", cycle) + " → " + cycle.get(0);
                for (String id : cycle) {
                    problems.add(new Problem(id, "'" + id + "' is part of a cycle: " + path));
                }
            }
        }
        return order;
    }

    /** The cycles among the left-over nodes, each found by walking consumers until a node repeats. */
    private static List<List<String>> cycles(Set<String> left, Map<String, List<String>> consumers) {
        List<List<String>> found = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (String start : left.stream().sorted().toList()) {
            List<String> path = new ArrayList<>();
            String at = start;
            while (at != null && !path.contains(at) && !reported.contains(at)) {
                path.add(at);
                at = consumers.get(at).stream().filter(left::contains).findFirst().orElse(null);
            }
            if (at != null && path.contains(at)) {
                List<String> cycle = path.subList(path.indexOf(at), path.size());
                reported.addAll(cycle);
                found.add(List.copyOf(cycle));
            }
            reported.addAll(path);
        }
        return found;
    }
}
