package org.layercanvas.dashboard;

import javax.swing.JComponent;
import org.layercanvas.engine.insight.DecisionBoundary;
import org.layercanvas.engine.insight.LayerSnapshot;
import org.layercanvas.engine.insight.RunHistory;

/** The live decision boundary of a two-input classifier: the latest look inside the network, or the latest epoch's. */
final class BoundaryView implements RunView {
    final BoundaryPanel panel = new BoundaryPanel();

    @Override
    public String title() {
        return "Decision boundary";
    }

    @Override
    public JComponent component() {
        return panel;
    }

    @Override
    public boolean applies(RunHistory run) {
        LayerSnapshot s = run.lastSnapshot();
        return s != null && s.boundary() != null || run.latest(d -> d.boundary()) != null; // two inputs, a classifier
    }

    @Override
    public void show(RunHistory run) {
        LayerSnapshot s = run.lastSnapshot();
        DecisionBoundary b = s != null && s.boundary() != null ? s.boundary() : run.latest(d -> d.boundary());
        if (b != null) {
            panel.show(b, s != null && s.boundary() != null
                    ? "Decision boundary at step " + s.step() + " (epoch " + s.epoch() + "), training points on top"
                    : "Decision boundary, training points on top");
        }
    }
}
