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
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;

/**
 * Checks a network and infers every shape without running anything: ids, edges, layer types,
 * parameters, input counts, cycles, then shapes in topological order. Each problem names its node.
 * A node whose inputs have problems gets no shape but is not blamed for them.
 *
 * <p>A validator remembers its last run. When the next network has the same layers (ids and types,
 * in the same order) and the same connections, only parameters or positions changed, as in most
 * editor edits: then it configures just the changed layers and infers shapes downstream of them as
 * far as they change, instead of the whole network (an imported model has thousands of layers).
 * The result is the same as a full run's; where an edit makes a layer gain or lose its config or
 * shape, the validator runs in full, so the maps keep the order a full run gives them.
 */
public final class Validator {
    private final LayerRegistry registry;
    private Run last;

    public Validator(LayerRegistry registry) {
        this.registry = registry;
    }

    /** A layer's parameters as configured, with the outcome (config null when refused). */
    private record Configured(Node node, List<String> inputIds, LayerConfig config, List<Problem> problems) {
    }

    /** A layer's config and input shapes as inferred, with the outcome (problem non-null when refused). */
    private record Inferred(LayerConfig config, List<Shape> inShapes, Shape out, List<ParamTensor> parameters, long flops, Problem problem) {
    }

    /**
     * What a run learned, per layer where it depends on parameters. {@code head}: id and edge problems;
     * {@code structural}: an unknown type or a wrong input count; {@code inferred}: the layers that got
     * as far as shape inference (a layer blocked by a problem no parameter can cause never does);
     * {@code position}: index in {@code order}.
     */
    private record Run(Network net, boolean reusable, List<Problem> head, Map<String, Node> nodes, Map<String, List<Edge>> inputs,
                       Map<String, List<String>> consumers, Map<String, Integer> position, Map<String, Problem> structural,
                       Map<String, Configured> configured, List<Problem> cycles, Map<String, Inferred> inferred, Validation result) {
        Run withResult(Validation v) {
            return new Run(net, reusable, head, nodes, inputs, consumers, position, structural, configured, cycles, inferred, v);
        }
    }

    public synchronized Validation validate(Network net) {
        Run run = last != null && last.reusable() && sameLayersAndEdges(last.net(), net) ? update(last, net) : null;
        last = run != null ? run : full(net);
        return last.result();
    }

    private static boolean sameLayersAndEdges(Network before, Network after) {
        if (before.nodes().size() != after.nodes().size() || !before.edges().equals(after.edges())) {
            return false;
        }
        for (int i = 0; i < after.nodes().size(); i++) {
            Node a = before.nodes().get(i), b = after.nodes().get(i);
            if (!a.id().equals(b.id()) || !a.type().equals(b.type())) {
                return false;
            }
        }
        return true;
    }

    private Run full(Network net) {
        List<Problem> head = new ArrayList<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (Node n : net.nodes()) {
            if (n.id() == null || n.id().isBlank()) {
                head.add(new Problem(null, "a " + n.type() + " node has no id"));
            } else if (nodes.putIfAbsent(n.id(), n) != null) {
                head.add(new Problem(n.id(), "two nodes have the id " + Quoted.name(n.id())));
            }
        }
        boolean uniqueIds = head.isEmpty();
        Map<String, List<Edge>> inputs = checkEdges(net, nodes, head);
        Map<String, LayerType> types = new LinkedHashMap<>();
        Map<String, Configured> configured = new HashMap<>();
        Map<String, Problem> structural = new HashMap<>();
        for (Node n : nodes.values()) {
            LayerType type = registry.find(n.type()).orElse(null);
            if (type == null) {
                List<String> meant = registry.closest(n.type());
                structural.put(n.id(), new Problem(n.id(), Quoted.name(n.id()) + " has unknown layer type " + Quoted.name(n.type()) + " ("
                        + (meant.isEmpty() ? "" : "did you mean " + String.join(" or ", meant) + "? ") + "the " + registry.all().size()
                        + " known types are listed in docs/project-format.md and the application's Help ▸ Layer Reference)"));
                continue;
            }
            types.put(n.id(), type);
            List<Edge> in = inputs.get(n.id());
            List<String> inputIds = new ArrayList<>(in.size());
            for (Edge e : in) {
                inputIds.add(e.from());
            }
            configured.put(n.id(), configure(n, type, List.copyOf(inputIds)));
            int count = inputIds.size();
            if (count < type.minInputs() || count > type.maxInputs()) {
                structural.put(n.id(), new Problem(n.id(), describe(n) + " needs " + arity(type) + " but has " + count));
            }
        }
        Map<String, List<String>> consumers = new HashMap<>();
        List<Problem> cycles = new ArrayList<>();
        List<String> order = order(nodes, inputs, consumers, cycles);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            position.put(order.get(i), i);
        }
        Set<String> blocked = new HashSet<>(structural.keySet());
        for (List<Problem> list : List.of(head, cycles)) {
            list.stream().map(Problem::nodeId).filter(id -> id != null).forEach(blocked::add);
        }
        Map<String, LayerConfig> configs = new LinkedHashMap<>();
        for (String id : nodes.keySet()) {
            Configured c = configured.get(id);
            if (c != null && c.config() != null) {
                configs.put(id, c.config());
            }
        }
        Map<String, Inferred> inferred = new HashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        Map<String, List<ParamTensor>> parameters = new LinkedHashMap<>();
        Map<String, Long> flops = new LinkedHashMap<>();
        for (String id : order) {
            LayerConfig config = configs.get(id);
            List<Shape> inShapes = config == null || blocked.contains(id) ? null : inShapes(inputs.get(id), shapes::get);
            if (inShapes != null) {
                Inferred now = infer(nodes.get(id), types.get(id), config, inShapes);
                inferred.put(id, now);
                if (now.problem() == null) {
                    shapes.put(id, now.out());
                    parameters.put(id, now.parameters());
                    flops.put(id, now.flops());
                }
            }
        }
        Run run = new Run(net, uniqueIds, head, nodes, inputs, consumers, position, structural, configured, cycles, inferred, null);
        return run.withResult(new Validation(problems(run, order), order, types, configs, shapes, parameters, flops));
    }

    /**
     * The last run brought up to {@code net}, which differs from the last network in parameters or
     * positions only; null when a layer gains or loses its config or shape (then a full run follows).
     */
    private Run update(Run last, Network net) {
        Map<String, Configured> configured = last.configured();
        Map<String, LayerConfig> configs = last.result().configs();
        // nodes keeps the last network's layers: their ids and types, all that messages use, are unchanged
        Map<String, Node> nodes = last.nodes();
        java.util.TreeMap<Integer, String> dirty = new java.util.TreeMap<>();
        boolean problemsChanged = false;
        for (int i = 0; i < net.nodes().size(); i++) {
            Node b = net.nodes().get(i);
            Configured before = configured.get(b.id());
            if (before == null || before.node().params().equals(b.params())) {
                continue; // an unknown type has nothing to configure; unchanged parameters configure the same
            }
            Configured now = configure(b, last.result().types().get(b.id()), before.inputIds());
            if ((now.config() == null) != (before.config() == null)) {
                return null;
            }
            if (configured == last.configured()) {
                configured = new HashMap<>(configured);
                configs = new LinkedHashMap<>(configs);
            }
            configured.put(b.id(), now);
            problemsChanged |= !now.problems().equals(before.problems());
            if (now.config() != null) {
                configs.put(b.id(), now.config());
                Integer at = last.position().get(b.id());
                if (at != null) {
                    dirty.put(at, b.id());
                }
            }
        }
        Map<String, Inferred> updates = new HashMap<>();
        java.util.function.Function<String, Shape> shapeOf = id -> {
            Inferred inf = updates.containsKey(id) ? updates.get(id) : last.inferred().get(id);
            return inf == null ? null : inf.out();
        };
        while (!dirty.isEmpty()) {
            String id = dirty.pollFirstEntry().getValue();
            Inferred before = last.inferred().get(id);
            LayerConfig config = configs.get(id);
            if (before == null) {
                // blocked, or an input has no shape: no shape before, none now (an input that gains or loses one returns null below)
                continue;
            }
            Inferred now = infer(nodes.get(id), last.result().types().get(id), config, inShapes(last.inputs().get(id), shapeOf));
            if ((now.problem() == null) != (before.problem() == null)) {
                return null;
            }
            updates.put(id, now);
            problemsChanged |= !java.util.Objects.equals(now.problem(), before.problem());
            if (!java.util.Objects.equals(now.out(), before.out())) {
                for (String c : last.consumers().get(id)) {
                    Integer at = last.position().get(c);
                    if (at != null) {
                        dirty.put(at, c);
                    }
                }
            }
        }
        Map<String, Inferred> inferred = last.inferred();
        Map<String, Shape> shapes = last.result().shapes();
        Map<String, List<ParamTensor>> parameters = last.result().parameters();
        Map<String, Long> flops = last.result().flops();
        if (!updates.isEmpty()) {
            inferred = new HashMap<>(inferred);
            inferred.putAll(updates);
            shapes = new LinkedHashMap<>(shapes);
            parameters = new LinkedHashMap<>(parameters);
            flops = new LinkedHashMap<>(flops);
            for (Map.Entry<String, Inferred> u : updates.entrySet()) {
                if (u.getValue().problem() == null) {
                    shapes.put(u.getKey(), u.getValue().out());
                    parameters.put(u.getKey(), u.getValue().parameters());
                    flops.put(u.getKey(), u.getValue().flops());
                }
            }
        }
        Run run = new Run(net, true, last.head(), nodes, last.inputs(), last.consumers(), last.position(), last.structural(),
                configured, last.cycles(), inferred, null);
        Validation v = last.result();
        List<Problem> problems = problemsChanged ? problems(run, v.order()) : v.problems();
        return run.withResult(new Validation(problems, v.order(), v.types(), configs, shapes, parameters, flops));
    }

    /** Every problem in one order whatever the path: ids and edges, each layer's own, cycles, then shapes in topological order. */
    private static List<Problem> problems(Run run, List<String> order) {
        List<Problem> problems = new ArrayList<>(run.head());
        for (String id : run.nodes().keySet()) {
            Configured c = run.configured().get(id);
            if (c != null) {
                problems.addAll(c.problems());
            }
            Problem p = run.structural().get(id);
            if (p != null) {
                problems.add(p);
            }
        }
        problems.addAll(run.cycles());
        for (String id : order) {
            Inferred inf = run.inferred().get(id);
            if (inf != null && inf.problem() != null) {
                problems.add(inf.problem());
            }
        }
        return List.copyOf(problems);
    }

    /** The shapes flowing into a layer, or null when one of them is unknown. */
    private static List<Shape> inShapes(List<Edge> in, java.util.function.Function<String, Shape> shapeOf) {
        List<Shape> shapes = new ArrayList<>(in.size());
        for (Edge e : in) {
            Shape s = shapeOf.apply(e.from());
            if (s == null) {
                return null;
            }
            shapes.add(s);
        }
        return List.copyOf(shapes);
    }

    private static Inferred infer(Node n, LayerType type, LayerConfig config, List<Shape> inShapes) {
        try {
            Shape out = type.outputShape(config, inShapes);
            return new Inferred(config, inShapes, out, type.parameters(config, inShapes), type.flops(config, inShapes, out), null);
        } catch (ShapeException e) {
            return new Inferred(config, inShapes, null, null, 0, new Problem(n.id(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            return new Inferred(config, inShapes, null, null, 0, new Problem(n.id(), describe(n) + ": " + e.getMessage()));
        }
    }

    private static String describe(Node n) {
        return Quoted.shown(n.type()) + " " + Quoted.name(n.id());
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
        for (Edge e : net.edges()) {
            if (!nodes.containsKey(e.from()) || !nodes.containsKey(e.to())) {
                String missing = !nodes.containsKey(e.from()) ? e.from() : e.to();
                String at = nodes.containsKey(e.to()) ? e.to() : nodes.containsKey(e.from()) ? e.from() : null;
                problems.add(new Problem(at, "the edge " + Quoted.shown(e.from()) + " → " + Quoted.shown(e.to()) + " refers to a node " + Quoted.name(missing) + " that does not exist"));
            } else if (e.port() < 0) {
                problems.add(new Problem(e.to(), "the edge " + Quoted.shown(e.from()) + " → " + Quoted.shown(e.to()) + " has a negative port " + e.port()));
            } else if (inputs.get(e.to()).stream().anyMatch(taken -> taken.port() == e.port())) {
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

    private static Configured configure(Node n, LayerType type, List<String> inputIds) {
        List<Problem> problems = new ArrayList<>();
        List<ParamSpec> specs = type.params();
        Map<String, Object> values = new HashMap<>();
        boolean ok = true;
        for (String given : n.params().keySet()) {
            if (specs.stream().noneMatch(p -> p.name().equals(given))) {
                problems.add(new Problem(n.id(), describe(n) + " has no parameter '" + given + "'"
                        + (specs.isEmpty() ? "" : " (parameters: " + String.join(", ", specs.stream().map(ParamSpec::name).toList()) + ")")));
                ok = false;
            }
        }
        for (ParamSpec spec : specs) {
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
        return new Configured(n, inputIds, ok ? new LayerConfig(n.id(), n.type(), values, inputIds) : null, List.copyOf(problems));
    }

    /** Kahn's algorithm; nodes left over lie on or behind a cycle, which is reported once per cycle node. */
    private static List<String> order(Map<String, Node> nodes, Map<String, List<Edge>> inputs, Map<String, List<String>> consumers,
                                      List<Problem> problems) {
        Map<String, Integer> pending = new HashMap<>();
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
