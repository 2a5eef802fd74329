package org.layercanvas.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Columns by longest path from a source, rows by file order, the same picture every time. */
class LayeredLayoutTest {
    @Test
    void columnsFollowTheLongestPathAndRowsTheFileOrder() {
        Network net = new Network("main", List.of(new Node("a", "Input", Map.of()), new Node("b", "Input", Map.of()),
                new Node("c", "Dense", Map.of()), new Node("d", "Add", Map.of())),
                List.of(new Edge("a", "c"), new Edge("c", "d", 0), new Edge("b", "d", 1)));
        Map<String, double[]> at = LayeredLayout.positions(net);
        double m = LayeredLayout.MARGIN, w = LayeredLayout.COLUMN_WIDTH, h = LayeredLayout.ROW_HEIGHT;
        assertThat(at.get("a")).containsExactly(m, m);
        assertThat(at.get("b")).containsExactly(m, m + h);
        assertThat(at.get("c")).containsExactly(m + w, m);
        assertThat(at.get("d")).containsExactly(m + 2 * w, m);
        Network placed = LayeredLayout.apply(net);
        assertThat(placed.node("d").orElseThrow().x()).isEqualTo(m + 2 * w);
        assertThat(placed.edges()).isEqualTo(net.edges());
        assertThat(LayeredLayout.apply(placed)).isEqualTo(placed);
    }
}
