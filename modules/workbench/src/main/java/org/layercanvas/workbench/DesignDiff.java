package org.layercanvas.workbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.ProjectFiles;

/**
 * What changed from one design to another: networks and nodes added or removed, a node's type or parameters, edges, and
 * every training and data field; then what those changes do, node by node, to output shapes and parameter counts.
 * Nodes are matched by id, as the project names them. A parameter left at its default and the same value written out
 * are equal (both are compared as the layer reads them); canvas positions are not compared, as they change nothing the
 * network computes.
 *
 * @param changes in the order: settings, then per network its nodes, edges and consequences
 */
public record DesignDiff(List<Change> changes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public DesignDiff {
        changes = List.copyOf(changes);
    }

    /** What a change is about. */
    public enum Kind {
        SETTING_CHANGED, NETWORK_ADDED, NETWORK_REMOVED, NODE_ADDED, NODE_REMOVED, NODE_CHANGED, EDGE_ADDED, EDGE_REMOVED,
        SHAPE_CHANGED, PARAMETERS_CHANGED
    }

    /**
     * One difference.
     *
     * @param network the network's name; null for a project setting
     * @param subject a node id, an edge "from -> to", a network name, or the setting's path (training.optimizer.learning_rate)
     * @param field   the node's parameter (or "type") for a changed node; null otherwise
     * @param before  the old value as text; null when added
     * @param after   the new value as text; null when removed
     */
    public record Change(Kind kind, String network, String subject, String field, String before, String after) {
        /** One line for people, e.g. {@code main: node h1 units 128 -> 256}. */
        public String describe() {
            String where = network == null ? "" : network + ": ";
            return switch (kind) {
                case SETTING_CHANGED -> subject + " " + text(before) + " -> " + text(after);
                case NETWORK_ADDED -> "network " + subject + " added";
                case NETWORK_REMOVED -> "network " + subject + " removed";
                case NODE_ADDED -> where + "node " + subject + " added (" + after + ")";
                case NODE_REMOVED -> where + "node " + subject + " removed (" + before + ")";
                case NODE_CHANGED -> where + "node " + subject + " " + field + " " + text(before) + " -> " + text(after);
                case EDGE_ADDED -> where + "edge " + subject + " added";
                case EDGE_REMOVED -> where + "edge " + subject + " removed";
                case SHAPE_CHANGED -> where + "output shape of " + subject + " " + text(before) + " -> " + text(after);
                case PARAMETERS_CHANGED -> where + "parameters of " + subject + " " + text(before) + " -> " + text(after);
            };
        }

        private static String text(String value) {
            return value == null ? "(none)" : value;
        }
    }

    public boolean same() {
        return changes.isEmpty();
    }

    /** The changes from {@code a} to {@code b}, nodes' shapes and parameters as the standard layers (and plugins) give them. */
    public static DesignDiff between(Project a, Project b, LayerRegistry registry) {
        List<Change> out = new ArrayList<>();
        settings(tree(a), tree(b), "", out);
        Map<String, Network> before = byName(a), after = byName(b);
        Validator validator = new Validator(registry);
        for (String name : union(before.keySet(), after.keySet())) {
            Network na = before.get(name), nb = after.get(name);
            if (na == null) {
                out.add(new Change(Kind.NETWORK_ADDED, null, name, null, null, nb.nodes().size() + " nodes"));
            } else if (nb == null) {
                out.add(new Change(Kind.NETWORK_REMOVED, null, name, null, na.nodes().size() + " nodes", null));
            } else {
                network(name, na, nb, validator.validate(na), validator.validate(nb), out);
            }
        }
        return new DesignDiff(out);
    }

    /** The project's name, training and data sections as JSON, the networks left out (compared node by node). */
    private static JsonNode tree(Project p) {
        try {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(ProjectFiles.toJson(p));
            node.remove("networks");
            return node;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // the project's own JSON always parses
        }
    }

    /** Every leaf that differs, named by its path (arrays are compared as one value). */
    private static void settings(JsonNode a, JsonNode b, String path, List<Change> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                settings(a.get(k), b.get(k), path.isEmpty() ? k : path + "." + k, out);
            }
        } else if (!Objects.equals(a, b)) {
            out.add(new Change(Kind.SETTING_CHANGED, null, path, null, a == null || a.isNull() ? null : a.toString(),
                    b == null || b.isNull() ? null : b.toString()));
        }
    }

    private static void network(String name, Network a, Network b, Validation va, Validation vb, List<Change> out) {
        Map<String, Node> nodesA = nodes(a), nodesB = nodes(b);
        for (String id : union(nodesA.keySet(), nodesB.keySet())) {
            Node x = nodesA.get(id), y = nodesB.get(id);
            if (x == null) {
                out.add(new Change(Kind.NODE_ADDED, name, id, null, null, y.type()));
            } else if (y == null) {
                out.add(new Change(Kind.NODE_REMOVED, name, id, null, x.type(), null));
            } else if (!x.type().equals(y.type())) {
                out.add(new Change(Kind.NODE_CHANGED, name, id, "type", x.type(), y.type()));
            } else {
                Map<String, Object> pa = effective(x, va), pb = effective(y, vb);
                for (String p : new TreeSet<>(union(pa.keySet(), pb.keySet()))) {
                    if (!Objects.equals(pa.get(p), pb.get(p))) {
                        out.add(new Change(Kind.NODE_CHANGED, name, id, p, value(pa.get(p)), value(pb.get(p))));
                    }
                }
            }
        }
        Set<String> edgesA = edges(a), edgesB = edges(b);
        edgesB.stream().filter(e -> !edgesA.contains(e)).forEach(e -> out.add(new Change(Kind.EDGE_ADDED, name, e, null, null, null)));
        edgesA.stream().filter(e -> !edgesB.contains(e)).forEach(e -> out.add(new Change(Kind.EDGE_REMOVED, name, e, null, null, null)));
        for (String id : nodesA.keySet()) {
            if (!nodesB.containsKey(id)) {
                continue; // removed: listed above
            }
            String sa = shape(va, id), sb = shape(vb, id);
            if (!Objects.equals(sa, sb)) {
                out.add(new Change(Kind.SHAPE_CHANGED, name, id, null, sa, sb));
            }
            long ca = va.parameterCount(id), cb = vb.parameterCount(id);
            if (ca != cb) {
                out.add(new Change(Kind.PARAMETERS_CHANGED, name, id, null, count(ca), count(cb)));
            }
        }
        long ta = va.totalParameterCount(), tb = vb.totalParameterCount();
        if (ta != tb) {
            out.add(new Change(Kind.PARAMETERS_CHANGED, name, "the network", null, count(ta), count(tb)));
        }
    }

    /** The parameters as the layer reads them (defaults filled in) when the node validated, else as written. */
    private static Map<String, Object> effective(Node n, Validation v) {
        LayerConfig c = v.configs().get(n.id());
        return c != null ? c.values() : n.params();
    }

    private static String shape(Validation v, String id) {
        var s = v.shapes().get(id);
        return s == null ? (v.problemsOf(id).isEmpty() ? null : "invalid") : s.toString();
    }

    /** A parameter count with thousands separated: 61,706. */
    private static String count(long n) {
        return String.format("%,d", n);
    }

    private static String value(Object v) {
        if (v == null) {
            return null;
        }
        try {
            return v instanceof String s ? s : JSON.writeValueAsString(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    private static Map<String, Network> byName(Project p) {
        Map<String, Network> m = new LinkedHashMap<>();
        p.networks().forEach(n -> m.put(n.name(), n));
        return m;
    }

    private static Map<String, Node> nodes(Network n) {
        Map<String, Node> m = new LinkedHashMap<>();
        n.nodes().forEach(x -> m.put(x.id(), x));
        return m;
    }

    private static Set<String> edges(Network n) {
        Set<String> s = new LinkedHashSet<>();
        for (Edge e : n.edges()) {
            s.add(edgeName(e));
        }
        return s;
    }

    /** How a change names an edge (its {@link Change#subject()}): {@code from -> to}, and the input when not the first. */
    public static String edgeName(Edge e) {
        return e.from() + " -> " + e.to() + (e.port() == 0 ? "" : " (input " + e.port() + ")");
    }

    /** a's keys in order, then b's that a lacks. */
    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }
}
