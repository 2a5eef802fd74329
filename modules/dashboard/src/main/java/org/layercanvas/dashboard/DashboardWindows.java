package org.layercanvas.dashboard;

import java.io.IOException;
import java.nio.file.Path;
import javax.swing.SwingUtilities;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.formats.runs.RunFolderReader;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.windows.Mode;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;

/** Opens dashboard windows on the event thread; a run already open is brought to front, not opened twice. */
public final class DashboardWindows {
    private DashboardWindows() {
    }

    public static void open(RunHistory run, Path dir, TrainingControl control, String project) {
        SwingUtilities.invokeLater(() -> {
            for (TopComponent tc : TopComponent.getRegistry().getOpened()) {
                if (tc instanceof DashboardTopComponent d && d.runDirectory().equals(dir) && control == null) {
                    d.requestActive();
                    return;
                }
            }
            DashboardTopComponent tc = new DashboardTopComponent(run, dir, control, project);
            Mode editor = WindowManager.getDefault().findMode("editor");
            if (editor != null) {
                editor.dockInto(tc);
            }
            tc.open();
            tc.requestActive();
        });
    }

    /** Reads run folders off the event thread: a long run's files take a while. */
    private static final org.openide.util.RequestProcessor READER = new org.openide.util.RequestProcessor("LayerCanvas run reader", 1);

    /** Reads a run folder (in the background) and opens its dashboard; a folder that is no run is reported, not opened. */
    public static void openFolder(Path dir) {
        READER.post(() -> {
            try {
                RunHistory run = RunFolderReader.read(dir);
                open(run, dir, null, run.info() == null ? "" : run.info().project());
            } catch (IOException | RuntimeException e) {
                DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Cannot open the run:\n" + e.getMessage(),
                        NotifyDescriptor.ERROR_MESSAGE));
            }
        });
    }
}
