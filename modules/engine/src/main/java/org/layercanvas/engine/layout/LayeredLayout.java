package org.layercanvas.engine.layout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Edge;
import org.eclipse.elk.alg.layered.LayeredLayoutProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.PortAlignment;
import org.eclipse.elk.core.options.PortConstraints;
import org.eclipse.elk.core.options.PortSide;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.ElkPort;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Left-to-right layered layout by the Eclipse Layout Kernel's "layered" algorithm: layers in
 * columns, fewer crossings, nodes of any size, edges routed orthogonally. Each node has its inputs
 * on the left in port order (input 0 on top, as the canvas draws its pins) and its output on the
 * right. ELK ignores the nodes' current positions and uses a fixed random seed, so the same
 * network always gets the same picture and laying out a laid-out network changes nothing. The
 * editor's Layout action and the model importers both use it.
 */
public final class LayeredLayout {
    /** Free space around the drawing: every node's x and y is at least this. */
    public static final double MARGIN = 40;
    /** The node size assumed when the caller knows none (about a layer widget on the canvas). */
    public static final double NODE_WIDTH = 200, NODE_HEIGHT = 110;
    /** The canvas stacks input pins (12 px) 8 px apart around the middle of the side; ports do the same. */
    private static final double PIN_SPACING = 20;
    /** Twice the measured need (8 MB for a 10,000-layer chain, cold JIT included), plus a floor. */
    private static final long STACK_BYTES = 16L << 20, STACK_BYTES_PER_ELEMENT = 2048;

    /**
     * A layout: each node's top-left {x, y} by id, in the order of the network's nodes, and each
     * edge's orthogonal route as points {x, y} from the source's output pin through the bends to
     * the target's input pin.
     */
    public record Routes(Map<String, double[]> positions, Map<Edge, List<double[]>> paths) {
    }

    static {
        // registers ELK's option types (ElkReflect) and the layered options, which the algorithm clones and reads
        LayoutMetaDataService.getInstance();
    }

    private LayeredLayout() {
    }

    /** Each node's top-left {x, y} by id, every node taken as {@link #NODE_WIDTH} × {@link #NODE_HEIGHT}. */
    public static Map<String, double[]> positions(Network net) {
        return positions(net, id -> new double[] {NODE_WIDTH, NODE_HEIGHT});
    }

    /** Each node's top-left {x, y} by id; {@code sizeOf} gives a node's {width, height} by id. */
    public static Map<String, double[]> positions(Network net, Function<String, double[]> sizeOf) {
        return routes(net, sizeOf).positions();
    }

    /** Node positions and edge routes; {@code sizeOf} gives a node's {width, height} by id. */
    public static Routes routes(Network net, Function<String, double[]> sizeOf) {
        // ELK searches the graph recursively, one frame per node along a path: a 10,000-layer chain
        // overflows a default stack (needs about 8 MB), so the layout runs on a thread sized to the network
        FutureTask<Routes> task = new FutureTask<>(() -> layout(net, sizeOf));
        long stack = STACK_BYTES + STACK_BYTES_PER_ELEMENT * (net.nodes().size() + (long) net.edges().size());
        new Thread(null, task, "LayeredLayout", stack).start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            // the layout throws nothing checked: its failure is the caller's, unwrapped
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while laying out " + net.name(), e);
        }
    }

    private static Routes layout(Network net, Function<String, double[]> sizeOf) {
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(LayeredOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(LayeredOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(LayeredOptions.PADDING, new ElkPadding(MARGIN));
        root.setProperty(LayeredOptions.SPACING_NODE_NODE, 40.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 60.0);
        root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 20.0);
        root.setProperty(LayeredOptions.SPACING_PORT_PORT, PIN_SPACING);
        Map<String, ElkNode> nodes = new LinkedHashMap<>();
        for (Node n : net.nodes()) {
            nodes.put(n.id(), node(root, n.id(), sizeOf.apply(n.id())));
        }
        Map<String, ElkPort> outputs = new HashMap<>();
        Map<String, List<ElkPort>> inputs = new HashMap<>();
        Map<ElkEdge, Edge> edges = new LinkedHashMap<>();
        for (Edge e : net.edges()) {
            ElkNode from = nodes.get(e.from()), to = nodes.get(e.to());
            // a network being edited may hold an edge to a node it no longer has: nothing to route
            if (from != null && to != null) {
                ElkPort out = outputs.computeIfAbsent(e.from(), id -> port(from, PortSide.EAST));
                edges.put(ElkGraphUtil.createSimpleEdge(out, input(inputs.computeIfAbsent(e.to(), id -> new ArrayList<>()), to, e.port())), e);
            }
        }
        // FIXED_ORDER counts clockwise from the top-left corner, so up the west side: input 0 gets the highest index
        inputs.values().forEach(ports -> {
            for (int i = 0; i < ports.size(); i++) {
                ports.get(i).setProperty(LayeredOptions.PORT_INDEX, ports.size() - 1 - i);
            }
        });
        new LayeredLayoutProvider().layout(root, new BasicProgressMonitor());

        Map<String, double[]> at = new LinkedHashMap<>();
        nodes.forEach((id, n) -> at.put(id, new double[] {n.getX(), n.getY()}));
        Map<Edge, List<double[]>> paths = new LinkedHashMap<>();
        edges.forEach((elk, e) -> paths.put(e, path(elk)));
        return new Routes(at, paths);
    }

    /** The network with every node placed by {@link #positions(Network)}. */
    public static Network apply(Network net) {
        Map<String, double[]> at = positions(net);
        return new Network(net.name(), net.nodes().stream().map(n -> n.withPosition(at.get(n.id())[0], at.get(n.id())[1])).toList(), net.edges());
    }

    private static ElkNode node(ElkNode root, String id, double[] size) {
        ElkNode n = ElkGraphUtil.createNode(root);
        n.setIdentifier(id);
        n.setDimensions(size[0], size[1]);
        n.setProperty(LayeredOptions.NODE_SIZE_CONSTRAINTS, EnumSet.noneOf(SizeConstraint.class));
        n.setProperty(LayeredOptions.PORT_CONSTRAINTS, PortConstraints.FIXED_ORDER);
        n.setProperty(LayeredOptions.PORT_ALIGNMENT_DEFAULT, PortAlignment.CENTER);
        return n;
    }

    private static ElkPort port(ElkNode node, PortSide side) {
        ElkPort p = ElkGraphUtil.createPort(node);
        p.setProperty(LayeredOptions.PORT_SIDE, side);
        return p;
    }

    /** Input {@code index} of {@code node}, with the inputs below it created so the order has no holes. */
    private static ElkPort input(List<ElkPort> ports, ElkNode node, int index) {
        while (ports.size() <= index) {
            ports.add(port(node, PortSide.WEST));
        }
        return ports.get(index);
    }

    private static List<double[]> path(ElkEdge edge) {
        List<double[]> points = new ArrayList<>();
        for (ElkEdgeSection s : edge.getSections()) {
            points.add(new double[] {s.getStartX(), s.getStartY()});
            for (ElkBendPoint b : s.getBendPoints()) {
                points.add(new double[] {b.getX(), b.getY()});
            }
            points.add(new double[] {s.getEndX(), s.getEndY()});
        }
        return points;
    }
}
