package org.layercanvas.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.spi.LayerRegistry;

/**
 * A validator that reuses its last run must give exactly what a fresh one gives: the same problems
 * in the same order, the same topological order, and the same maps in the same key order. Random
 * branching networks (some with broken layers and cycles) get random parameter edits, moves and
 * rewirings; after each, the reusing validator is compared with a new one.
 */
class IncrementalValidationTest {
    private static final LayerRegistry REGISTRY = LayerRegistry.standard();

    @Test
    void reusingTheLastRunGivesWhatAFullRunGives() {
        Random random = new Random(7);
        for (int trial = 0; trial < 40; trial++) {
            Validator reusing = new Validator(REGISTRY);
            Network net = randomNetwork(random, 6 + random.nextInt(30));
            reusing.validate(net);
            for (int step = 0; step < 25; step++) {
                net = randomEdit(random, net);
                assertSame(reusing.validate(net), new Validator(REGISTRY).validate(net), "trial " + trial + " step " + step);
            }
        }
    }

    @Test
    void aParameterEditReachesTheShapesDownstreamAndStopsWhereTheyStayTheSame() {
        Validator validator = new Validator(REGISTRY);
        Network net = new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(8))),
                new Node("a", "Dense", Map.of("units", 16)),
                new Node("b", "Activation", Map.of("activation", "relu")),
                new Node("c", "Dense", Map.of("units", 4))),
                List.of(new Edge("in", "a"), new Edge("a", "b"), new Edge("b", "c")));
        Validation before = validator.validate(net);
        Validation after = validator.validate(withParam(net, "a", "units", 32));
        assertThat(after.shapes().get("b").size()).isEqualTo(32);
        assertThat(after.parameterCount("c")).isEqualTo(32 * 4 + 4);
        assertThat(after.shapes().get("c")).isEqualTo(before.shapes().get("c"));
        Validation broken = validator.validate(withParam(net, "a", "units", 0));
        assertThat(broken.problemsOf("a")).extracting(Problem::message).containsExactly("Dense 'a': 'units' must be at least 1, not 0");
        assertThat(broken.shapes()).containsOnlyKeys("in");
    }

    private static void assertSame(Validation reused, Validation fresh, String where) {
        assertThat(reused.problems()).as(where).isEqualTo(fresh.problems());
        assertThat(reused.order()).as(where).isEqualTo(fresh.order());
        assertThat(reused).as(where).isEqualTo(fresh);
        keyOrder(reused.types(), fresh.types(), where);
        keyOrder(reused.configs(), fresh.configs(), where);
        keyOrder(reused.shapes(), fresh.shapes(), where);
        keyOrder(reused.parameters(), fresh.parameters(), where);
        keyOrder(reused.flops(), fresh.flops(), where);
    }

    private static void keyOrder(Map<String, ?> reused, Map<String, ?> fresh, String where) {
        assertThat(List.copyOf(reused.keySet())).as(where).isEqualTo(List.copyOf(fresh.keySet()));
    }

    /** Inputs, then layers each fed by one or two earlier layers (Add when two); a few unknown types and bad values. */
    private static Network randomNetwork(Random random, int size) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        nodes.add(new Node("in", "Input", Map.of("shape", List.of(4))));
        for (int i = 1; i < size; i++) {
            String id = "n" + i;
            int from = random.nextInt(i);
            if (random.nextInt(6) == 0 && i > 2) {
                nodes.add(new Node(id, "Add", Map.of()));
                edges.add(new Edge(nodes.get(from).id(), id, 0));
                edges.add(new Edge(nodes.get((from + 1) % i).id(), id, 1));
                continue;
            }
            nodes.add(switch (random.nextInt(5)) {
                case 0 -> new Node(id, "Dense", Map.of("units", 1 + random.nextInt(6)));
                case 1 -> new Node(id, "Activation", Map.of("activation", random.nextInt(8) == 0 ? "relux" : "tanh"));
                case 2 -> new Node(id, "Dropout", Map.of("rate", 0.1));
                case 3 -> new Node(id, random.nextInt(10) == 0 ? "Dnse" : "Dense", Map.of("units", 4));
                default -> new Node(id, "Dense", Map.of("units", 4, "activation", "relu"));
            });
            edges.add(new Edge(nodes.get(from).id(), id, 0));
        }
        if (random.nextInt(5) == 0) {
            edges.add(new Edge(nodes.get(size - 1).id(), nodes.get(size / 2).id(), 1)); // a cycle, or a taken port
        }
        return new Network("main", nodes, edges);
    }

    /** Mostly what the canvas does most: a parameter (sometimes a bad one), a move; now and then a new connection. */
    private static Network randomEdit(Random random, Network net) {
        Node n = net.nodes().get(random.nextInt(net.nodes().size()));
        return switch (random.nextInt(10)) {
            case 0 -> new Network(net.name(), net.nodes().stream().map(x -> x == n ? x.withPosition(random.nextDouble() * 500, 10.0) : x).toList(), net.edges());
            case 1 -> {
                List<Edge> edges = new ArrayList<>(net.edges());
                edges.add(new Edge(net.nodes().get(random.nextInt(net.nodes().size())).id(), n.id(), random.nextInt(2)));
                yield new Network(net.name(), net.nodes(), edges);
            }
            default -> switch (n.type()) {
                case "Dense" -> withParam(net, n.id(), "units", random.nextInt(7)); // 0 is refused
                case "Activation" -> withParam(net, n.id(), "activation", random.nextInt(6) == 0 ? "relux" : random.nextBoolean() ? "relu" : "sigmoid");
                case "Dropout" -> withParam(net, n.id(), "rate", random.nextInt(3) == 0 ? 1.5 : 0.2);
                default -> net;
            };
        };
    }

    private static Network withParam(Network net, String id, String name, Object value) {
        return new Network(net.name(), net.nodes().stream().map(n -> {
            if (!n.id().equals(id)) {
                return n;
            }
            Map<String, Object> params = new LinkedHashMap<>(n.params());
            params.put(name, value);
            return n.withParams(params);
        }).toList(), net.edges());
    }
}
