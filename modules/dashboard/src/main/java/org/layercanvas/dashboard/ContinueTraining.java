package org.layercanvas.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import javax.swing.SwingUtilities;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.workbench.TrainingRun;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.util.RequestProcessor;
import org.openide.windows.TopComponent;

/**
 * Continue Training on a run that ended early: trains it on from its checkpoint in its own folder, exactly
 * as {@code layercanvas train --resume} does, with a live dashboard (Pause, Resume, Stop) following the
 * continuation. When it ends, the dashboard is read again from the folder, so it shows the whole run.
 */
final class ContinueTraining {
    private static final RequestProcessor TRAINING = new RequestProcessor("LayerCanvas continued training", 1, true);

    private ContinueTraining() {
    }

    /** Called on the event thread by the run's dashboard, which makes way for the live one. */
    static void start(Path dir, String project) {
        closeDashboardsOf(dir);
        RunHistory history = new RunHistory(dir.getFileName().toString());
        TrainingControl control = new TrainingControl();
        DashboardWindows.open(history, dir, control, project);
        TRAINING.post(() -> {
            try {
                TrainingRun.resume(dir, "auto", TrainingListener.NONE, history, control);
            } catch (IOException | RuntimeException e) {
                if (history.outcome() == null) {
                    history.finished(new RunOutcome(RunOutcome.FAILED, e.getMessage(), null, null, 0));
                }
                DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Continuing the run " + dir + " ended:\n" + e.getMessage(),
                        NotifyDescriptor.WARNING_MESSAGE));
            } finally {
                SwingUtilities.invokeLater(() -> {
                    closeDashboardsOf(dir);
                    DashboardWindows.openFolder(dir);
                });
            }
        });
    }

    private static void closeDashboardsOf(Path dir) {
        for (TopComponent tc : TopComponent.getRegistry().getOpened()) {
            if (tc instanceof DashboardTopComponent d && d.runDirectory().equals(dir)) {
                d.close();
            }
        }
    }
}
