package org.layercanvas.editor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.workbench.DesignDiff;

/** The colours of a comparison's two sides: removed on the old one, added on the new one, changed and reshaped on both. */
class DesignComparisonTest {
    private static Project project(int hiddenUnits, boolean dropout) {
        Node in = new Node("in", "Input", Map.of("shape", List.of(4)), 0.0, 0.0);
        Node hidden = new Node("hidden", "Dense", Map.of("units", hiddenUnits, "activation", "relu"), 200.0, 0.0);
        Node out = new Node("out", "Dense", Map.of("units", 3, "activation", "softmax"), 400.0, 0.0);
        Node drop = new Node("drop", "Dropout", Map.of("rate", 0.2), 300.0, 100.0);
        Network net = dropout
                ? new Network("main", List.of(in, hidden, drop, out), List.of(new Edge("in", "hidden"), new Edge("hidden", "drop"), new Edge("drop", "out")))
                : new Network("main", List.of(in, hidden, out), List.of(new Edge("in", "hidden"), new Edge("hidden", "out")));
        return new Project("p", List.of(net), null, null);
    }

    @Test
    void eachSideIsMarkedWithWhatItHasOfTheChanges() {
        Project before = project(16, false), after = project(32, true);
        DesignDiff diff = DesignDiff.between(before, after, LayerRegistry.standard());
        Map<Object, Color> old = DesignComparison.marks(diff, "main", true, before.networks().get(0));
        Map<Object, Color> now = DesignComparison.marks(diff, "main", false, after.networks().get(0));

        assertThat(old).containsOnly(Map.entry("hidden", DesignComparison.CHANGED), Map.entry("out", DesignComparison.CONSEQUENCE),
                Map.entry(new Edge("hidden", "out"), DesignComparison.REMOVED));
        assertThat(now).containsOnly(Map.entry("hidden", DesignComparison.CHANGED), Map.entry("out", DesignComparison.CONSEQUENCE),
                Map.entry("drop", DesignComparison.ADDED), Map.entry(new Edge("hidden", "drop"), DesignComparison.ADDED),
                Map.entry(new Edge("drop", "out"), DesignComparison.ADDED));
    }

    @Test
    void anotherNetworksChangesMarkNothing() {
        DesignDiff diff = DesignDiff.between(project(16, false), project(32, true), LayerRegistry.standard());
        assertThat(DesignComparison.marks(diff, "other", true, project(16, false).networks().get(0))).isEmpty();
    }
}
