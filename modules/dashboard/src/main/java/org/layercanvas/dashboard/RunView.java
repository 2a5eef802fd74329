package org.layercanvas.dashboard;

import javax.swing.JComponent;
import org.layercanvas.engine.insight.RunHistory;

/** One tab of the dashboard: shows what a run has reported so far. Called on the event thread. */
interface RunView {
    String title();

    JComponent component();

    /** Redraws from {@code run}; called a few times per second at most, and only when the run changed. */
    void show(RunHistory run);

    /** Whether the run has (so far) what this tab shows: a tab that does not apply is hidden. */
    default boolean applies(RunHistory run) {
        return true;
    }
}
