package org.layercanvas.dashboard.api;

import java.nio.file.Path;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.TrainingControl;

/** How other modules open dashboards: for a live run (Train) or for a run folder on disk. */
public final class Dashboards {
    private Dashboards() {
    }

    /**
     * Opens a dashboard following a run as it trains; its Pause, Resume and Stop buttons act on {@code control}.
     *
     * @param run the history the training feeds (see {@code org.layercanvas.workbench.TrainingRun.run(…, watcher, control)})
     */
    public static void watch(RunHistory run, Path runDirectory, TrainingControl control, String project) {
        org.layercanvas.dashboard.DashboardWindows.open(run, runDirectory, control, project);
    }

    /** Opens a past (or still running) run from its folder; problems are shown to the user. */
    public static void open(Path runDirectory) {
        org.layercanvas.dashboard.DashboardWindows.openFolder(runDirectory);
    }
}
