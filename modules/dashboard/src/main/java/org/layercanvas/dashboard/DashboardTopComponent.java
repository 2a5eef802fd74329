package org.layercanvas.dashboard;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JPanel;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.TrainingControl;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.windows.TopComponent;

/** The dashboard of one run in the editor area; not persisted (a run reopens from its folder). */
@TopComponent.Description(preferredID = "DashboardTopComponent", persistenceType = TopComponent.PERSISTENCE_NEVER)
public final class DashboardTopComponent extends TopComponent {
    private final DashboardPanel panel;
    private final Path runDirectory;
    private final TrainingControl control;

    DashboardTopComponent(RunHistory run, Path runDirectory, TrainingControl control, String project) {
        this.runDirectory = runDirectory;
        this.control = control;
        setName("Run " + run.name() + (project == null || project.isEmpty() ? "" : " – " + project));
        setToolTipText(runDirectory.toString());
        setLayout(new BorderLayout());
        panel = new DashboardPanel(run, runDirectory, control, dir -> DashboardWindows.openFolder(dir));
        panel.continueWith(dir -> ContinueTraining.start(dir, project));
        JButton export = new JButton("Export CSV and PNG…");
        export.setName("dashboard.export");
        export.addActionListener(e -> export());
        JPanel top = new JPanel(new FlowLayout(FlowLayout.RIGHT));
        top.add(export);
        add(top, BorderLayout.SOUTH);
        add(panel, BorderLayout.CENTER);
    }

    public DashboardPanel panel() {
        return panel;
    }

    Path runDirectory() {
        return runDirectory;
    }

    private void export() {
        // beside the run, never into it: the run's own batches.csv and metrics.json stay as training wrote them
        JFileChooser chooser = new JFileChooser(runDirectory.toAbsolutePath().getParent().toFile());
        chooser.setSelectedFile(runDirectory.resolveSibling(runDirectory.getFileName() + "-export").toFile());
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        chooser.setDialogTitle("Export the run's metrics (CSV) and charts (PNG) into a folder");
        if (chooser.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path target = chooser.getSelectedFile().toPath();
        if (target.toAbsolutePath().normalize().equals(runDirectory.toAbsolutePath().normalize())) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Choose another folder than the run's own: the export would "
                    + "replace the files training wrote.", NotifyDescriptor.WARNING_MESSAGE));
            return;
        }
        try {
            List<Path> files = panel.exportTo(target);
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Wrote " + files.size() + " files into "
                    + chooser.getSelectedFile()));
        } catch (IOException | RuntimeException ex) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Export failed: " + ex.getMessage(), NotifyDescriptor.ERROR_MESSAGE));
        }
    }

    @Override
    protected void componentOpened() {
        panel.start();
    }

    @Override
    protected void componentClosed() {
        panel.stopRefreshing();
        if (control != null && control.paused()) {
            control.resume(); // its Resume button is gone with the window: a closed dashboard must not hold training
        }
    }
}
