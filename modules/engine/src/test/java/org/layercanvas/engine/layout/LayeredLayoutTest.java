package org.layercanvas.engine.layout;

import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Edge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Sources left of targets, no overlaps at the nodes' real sizes, inputs in port order, the same picture every time. */
class LayeredLayoutTest {
    /** in → conv → relu → add(port 0), in → add(port 1) as a skip, add → out; plus a lone node. */
    private static Network residual() {
        List<Node> nodes = new ArrayList<>();
        for (String id : List.of("in", "conv", "relu", "add", "out", "lone")) {
            nodes.add(new Node(id, id.equals("add") ? "Add" : "Dense", Map.of()));
        }
        return new Network("main", nodes, List.of(new Edge("in", "conv"), new Edge("conv", "relu"), new Edge("relu", "add", 0),
                new Edge("in", "add", 1), new Edge("add", "out")));
    }

    /** Sizes differ per node, as the canvas's widgets do. */
    private static final Function<String, double[]> SIZES = id -> new double[] {150 + 10 * id.length(), 60 + 15 * id.length()};

    @Test
    void everyEdgeRunsLeftToRightAndNodesStayInsideTheMargin() {
        Network net = residual();
        Map<String, double[]> at = LayeredLayout.positions(net, SIZES);
        assertThat(at.keySet()).containsExactly("in", "conv", "relu", "add", "out", "lone");
        for (Edge e : net.edges()) {
            assertThat(at.get(e.from())[0] + SIZES.apply(e.from())[0]).as(e.toString()).isLessThan(at.get(e.to())[0]);
        }
        at.values().forEach(p -> assertThat(Math.min(p[0], p[1])).isGreaterThanOrEqualTo(LayeredLayout.MARGIN));
    }

    @Test
    void nodesOfDifferentSizesDoNotOverlap() {
        Network net = residual();
        Map<String, double[]> at = LayeredLayout.positions(net, SIZES);
        List<String> ids = List.copyOf(at.keySet());
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                double[] a = at.get(ids.get(i)), b = at.get(ids.get(j));
                double[] sa = SIZES.apply(ids.get(i)), sb = SIZES.apply(ids.get(j));
                boolean apart = a[0] + sa[0] <= b[0] || b[0] + sb[0] <= a[0] || a[1] + sa[1] <= b[1] || b[1] + sb[1] <= a[1];
                assertThat(apart).as(ids.get(i) + " and " + ids.get(j)).isTrue();
            }
        }
    }

    @Test
    void sameNetworkSamePictureAndLayingOutAgainChangesNothing() {
        Network net = residual();
        LayeredLayout.Routes first = LayeredLayout.routes(net, SIZES), second = LayeredLayout.routes(net, SIZES);
        first.positions().forEach((id, p) -> assertThat(second.positions().get(id)).as(id).containsExactly(p));
        first.paths().forEach((e, path) -> assertThat(second.paths().get(e)).as(e.toString()).containsExactlyElementsOf(path));
        Network placed = LayeredLayout.apply(net);
        assertThat(placed.edges()).isEqualTo(net.edges());
        assertThat(placed.node("add").orElseThrow().x()).isGreaterThan(placed.node("relu").orElseThrow().x());
        assertThat(LayeredLayout.apply(placed)).isEqualTo(placed);
    }

    @Test
    void inputZeroEntersAboveInputOneWhateverTheFileOrder() {
        // "b" comes first in the file but feeds input 1, so the layout must follow the ports, not the file
        Network net = new Network("main", List.of(new Node("b", "Input", Map.of()), new Node("a", "Input", Map.of()),
                new Node("cat", "Concatenate", Map.of())), List.of(new Edge("b", "cat", 1), new Edge("a", "cat", 0)));
        LayeredLayout.Routes r = LayeredLayout.routes(net, id -> new double[] {LayeredLayout.NODE_WIDTH, LayeredLayout.NODE_HEIGHT});
        List<double[]> zero = r.paths().get(new Edge("a", "cat", 0)), one = r.paths().get(new Edge("b", "cat", 1));
        assertThat(zero.get(zero.size() - 1)[1]).isLessThan(one.get(one.size() - 1)[1]);
        assertThat(r.positions().get("a")[1]).isLessThan(r.positions().get("b")[1]);
    }

    @Test
    void aDisconnectedNodeIsPlacedClearOfTheRest() {
        Map<String, double[]> at = LayeredLayout.positions(residual());
        double[] lone = at.get("lone");
        assertThat(Math.min(lone[0], lone[1])).isGreaterThanOrEqualTo(LayeredLayout.MARGIN);
        at.forEach((id, p) -> {
            if (!id.equals("lone")) {
                assertThat(Math.abs(p[0] - lone[0]) >= LayeredLayout.NODE_WIDTH || Math.abs(p[1] - lone[1]) >= LayeredLayout.NODE_HEIGHT).as(id).isTrue();
            }
        });
    }

    @Test
    void routesLeaveTheSourcesRightSideAndEnterTheTargetsLeftSideAtRightAngles() {
        Network net = residual();
        LayeredLayout.Routes r = LayeredLayout.routes(net, SIZES);
        assertThat(r.paths()).containsOnlyKeys(net.edges());
        r.paths().forEach((e, path) -> {
            double[] from = r.positions().get(e.from()), to = r.positions().get(e.to());
            double[] fromSize = SIZES.apply(e.from()), toSize = SIZES.apply(e.to());
            double[] start = path.get(0), end = path.get(path.size() - 1);
            assertThat(start[0]).as(e + " start").isCloseTo(from[0] + fromSize[0], within(1.0));
            assertThat(start[1]).as(e + " start").isBetween(from[1], from[1] + fromSize[1]);
            assertThat(end[0]).as(e + " end").isCloseTo(to[0], within(1.0));
            assertThat(end[1]).as(e + " end").isBetween(to[1], to[1] + toSize[1]);
            for (int i = 1; i < path.size(); i++) {
                double[] p = path.get(i - 1), q = path.get(i);
                assertThat(p[0] == q[0] || p[1] == q[1]).as(e + " segment " + i).isTrue();
            }
        });
    }
}
