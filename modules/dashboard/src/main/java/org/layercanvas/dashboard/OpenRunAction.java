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
        JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("Open a training run (its folder under runs/)");
        chooser.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
        if (chooser.showOpenDialog(WindowManager.getDefault().getMainWindow()) == JFileChooser.APPROVE_OPTION) {
            File f = chooser.getSelectedFile();
            DashboardWindows.openFolder((f.isFile() ? f.getParentFile() : f).toPath());
        }
    }
}
