package org.layercanvas.dashboard;

import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.io.File;
import javax.swing.JFileChooser;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.windows.WindowManager;

/** File ▸ Open Training Run…: a run folder (or its metrics.json) from any project, e.g. one the command line wrote. */
@ActionID(category = "File", id = "org.layercanvas.dashboard.OpenRunAction")
@ActionRegistration(displayName = "Open Training Run…")
@ActionReference(path = "Menu/File", position = 1350)
public final class OpenRunAction implements ActionListener {
    @Override
    public void actionPerformed(ActionEvent e) {
        JFileChooser chooser = new JFileChooser(startFolder());
        chooser.setDialogTitle("Open a training run (its folder under runs/)");
        chooser.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
        if (chooser.showOpenDialog(WindowManager.getDefault().getMainWindow()) == JFileChooser.APPROVE_OPTION) {
            File f = chooser.getSelectedFile();
            DashboardWindows.openFolder((f.isFile() ? f.getParentFile() : f).toPath());
        }
    }

    /** The runs/ folder beside the project being edited (its file is in the global selection), else the working folder. */
    private static File startFolder() {
        org.openide.filesystems.FileObject project = org.openide.util.Utilities.actionsGlobalContext().lookup(org.openide.filesystems.FileObject.class);
        File file = project == null ? null : org.openide.filesystems.FileUtil.toFile(project);
        if (file == null || file.getParentFile() == null) {
            return new File(System.getProperty("user.dir"));
        }
        File runs = new File(file.getParentFile(), "runs");
        return runs.isDirectory() ? runs : file.getParentFile();
    }
}
