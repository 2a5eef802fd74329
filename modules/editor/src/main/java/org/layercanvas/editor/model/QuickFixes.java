package org.layercanvas.editor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.validate.Problem;
import org.layercanvas.engine.validate.Validation;

/**
 * Problems the project has beyond the graph's own validation (no Input, an output that does not
 * match the number of classes or, in an autoencoder, the input), and one-click fixes for the common ones: insert a Flatten, set the
 * last Dense's units to the number of classes, add a missing Input. Each fix is one undoable edit.
 */
public final class QuickFixes {
    /** A fix: what the user sees, and the edit it makes. */
    public record Fix(String label, java.util.function.Consumer<ProjectDocument> apply) {
    }

    private QuickFixes() {
    }

    /** Problems of the whole project that the graph validator cannot see. */
    static List<Problem> projectProblems(Project project, Network net, Validation v) {
        List<Problem> out = new ArrayList<>();
        if (net.nodes().stream().noneMatch(n -> n.type().equals("Input")) && !net.nodes().isEmpty()) {
            out.add(new Problem(null, "the network has no Input layer: add one"));
        }
        Integer classes = project.data() == null || project.data().preprocess() == null ? null : project.data().preprocess().oneHot();
        Optional<Node> output = output(net);
        if (classes != null && output.isPresent()) {
            Shape s = v.shapes().get(output.get().id());
            if (s != null && s.size() != classes) {
                Node o = output.get();
                out.add(new Problem(o.id(), o.type() + " '" + o.id() + "' gives " + s + " but the data has " + classes
                        + " classes (one_hot " + classes + "): its output must have " + classes + " values"));
            }
        }
        Optional<Node> input = net.nodes().stream().filter(n -> n.type().equals("Input")).findFirst();
        boolean autoencoder = project.training() != null && TrainingConfig.AUTOENCODER.equals(project.training().scheme());
        if (autoencoder && output.isPresent() && input.isPresent()) {
            Shape in = v.shapes().get(input.get().id()), s = v.shapes().get(output.get().id());
            if (in != null && s != null && !in.equals(s)) {
                Node o = output.get();
                out.add(new Problem(o.id(), o.type() + " '" + o.id() + "' gives " + s + " but an autoencoder gives back its input: the output must be "
                        + in + ", the shape of '" + input.get().id() + "'"));
            }
        }
        out.addAll(danglingOutputs(net, v));
        return out;
    }

    /**
     * Layers whose output nothing reads while another layer is the network's output: training needs
     * exactly one output, so each extra one is reported with its node (the compiler would refuse the network).
     * A layer without inputs or without a valid shape is left out: that is its problem first, and
     * counting it would flag the real output each time a layer is dropped on the canvas.
     */
    private static List<Problem> danglingOutputs(Network net, Validation v) {
        java.util.Set<String> feeding = new java.util.HashSet<>(), fed = new java.util.HashSet<>();
        net.edges().forEach(e -> {
            feeding.add(e.from());
            fed.add(e.to());
        });
        // sets, not Network.inputsOf per layer: this runs after every edit, and imported models have thousands of layers
        List<Node> sinks = net.nodes().stream().filter(n -> !feeding.contains(n.id()) && fed.contains(n.id())
                && v.shapes().get(n.id()) != null).toList();
        List<Problem> out = new ArrayList<>();
        if (sinks.size() > 1) {
            String all = String.join(", ", sinks.stream().map(Node::id).toList());
            for (Node n : sinks) {
                out.add(new Problem(n.id(), "the output of '" + n.id() + "' goes nowhere: the network has " + sinks.size()
                        + " outputs (" + all + ") and training needs exactly one; " + DANGLING_FIX));
            }
        }
        return out;
    }

    private static final String DANGLING_FIX = "connect it or remove it";

    /** The fixes on offer for {@code problem} (possibly none). */
    public static List<Fix> fixes(ProjectDocument doc, Problem problem) {
        List<Fix> out = new ArrayList<>();
        Network net = doc.network();
        if (problem.message().endsWith("insert a Flatten") && problem.nodeId() != null) {
            out.add(new Fix("Insert a Flatten before '" + problem.nodeId() + "'", d -> d.insertBefore(problem.nodeId(), "Flatten")));
        }
        if (problem.message().contains(" classes (one_hot ") && problem.nodeId() != null
                && net.node(problem.nodeId()).map(n -> n.type().equals("Dense")).orElse(false)) {
            int classes = doc.project().data().preprocess().oneHot();
            out.add(new Fix("Set the units of '" + problem.nodeId() + "' to " + classes, d -> d.setParam(problem.nodeId(), "units", classes)));
        }
        if (problem.message().startsWith("the network has no Input layer")) {
            out.add(new Fix("Add an Input", ProjectDocument::addInput));
        }
        String id = problem.nodeId();
        if (id != null && net.node(id).isPresent() && problem.message().contains(" needs ") && problem.message().endsWith("but has 0")) {
            int port = doc.freePort(id);
            for (Node from : net.nodes()) {
                if (!from.id().equals(id) && port >= 0 && doc.whyNotConnect(from.id(), id, port).isEmpty()) {
                    out.add(new Fix("Connect from '" + from.id() + "'", d -> d.connect(from.id(), id, port)));
                }
            }
        }
        if (id != null && problem.message().contains(" kernel does not fit ") && net.node(id).map(n -> n.type().equals("Conv2D")).orElse(false)) {
            out.add(new Fix("Pad '" + id + "' (padding \"same\")", d -> d.setParam(id, "padding", "same")));
            net.inputsOf(id).stream().findFirst().map(e -> doc.validation().shapes().get(e.from())).filter(s -> s != null && s.rank() == 3)
                    .ifPresent(in -> {
                        int fits = Math.min(in.dim(1), in.dim(2));
                        out.add(new Fix("Set the kernel_size of '" + id + "' to " + fits, d -> d.setParam(id, "kernel_size", fits)));
                    });
        }
        if (id != null && problem.message().endsWith(DANGLING_FIX)) {
            out.add(new Fix("Remove '" + id + "'", d -> d.removeNodes(java.util.Set.of(id))));
            for (Node to : net.nodes()) {
                int port = doc.freePort(to.id());
                if (!to.id().equals(id) && port >= 0 && doc.whyNotConnect(id, to.id(), port).isEmpty()) {
                    out.add(new Fix("Connect to '" + to.id() + "'", d -> d.connect(id, to.id(), port)));
                }
            }
        }
        return out;
    }

    /** The single node nothing consumes, if there is exactly one. */
    static Optional<Node> output(Network net) {
        java.util.Set<String> feeding = new java.util.HashSet<>();
        net.edges().forEach(e -> feeding.add(e.from()));
        List<Node> sinks = net.nodes().stream().filter(n -> !feeding.contains(n.id())).toList();
        return sinks.size() == 1 ? Optional.of(sinks.get(0)) : Optional.empty();
    }

    /** The network with {@code type} inserted on the edge into {@code nodeId}'s first input. */
    static Network insertBefore(Network net, String nodeId, Node inserted) {
        Edge in = net.inputsOf(nodeId).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + nodeId + "' has no input to insert before"));
        Network n = NetworkEdits.addNode(NetworkEdits.removeEdge(net, in), inserted);
        n = NetworkEdits.addEdge(n, new Edge(in.from(), inserted.id(), 0));
        return NetworkEdits.addEdge(n, new Edge(inserted.id(), nodeId, in.port()));
    }
}
