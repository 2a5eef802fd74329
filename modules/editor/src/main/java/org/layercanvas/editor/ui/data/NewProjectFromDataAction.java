package org.layercanvas.editor.ui.data;

import java.awt.EventQueue;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.JFileChooser;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.starter.DataPreview;
import org.layercanvas.formats.starter.StarterProject;
import org.openide.DialogDescriptor;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.util.NbBundle.Messages;
import org.openide.util.NbPreferences;
import org.openide.util.RequestProcessor;

/**
 * File ▸ New Project from Data…: pick a data file (CSV, IDX, or any file a registered reader
 * reads), see it previewed, choose the target, and get a project with a starter network that fits
 * the task and trains as it is — the same {@link StarterProject} as {@code layercanvas new}. Reading
 * runs off the event thread; a bad file gets the reader's message.
 */
@ActionID(category = "File", id = "org.layercanvas.editor.ui.NewProjectFromDataAction")
@ActionRegistration(displayName = "#CTL_NewProjectFromData")
@ActionReference(path = "Menu/File", position = 12)
@Messages("CTL_NewProjectFromData=New Project from Data...")
public final class NewProjectFromDataAction implements ActionListener {
    private static final RequestProcessor READER = new RequestProcessor("LayerCanvas data preview", 1);
    private static final String LAST_FOLDER = "newFromDataFolder";

    @Override
    public void actionPerformed(ActionEvent e) {
        String last = NbPreferences.forModule(NewProjectFromDataAction.class).get(LAST_FOLDER,
                org.layercanvas.editor.ui.ProjectFolders.current().getPath());
        JFileChooser chooser = new JFileChooser(new File(last));
        chooser.setDialogTitle("New Project from Data: choose a data file (or a folder of images)");
        chooser.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
        if (chooser.showOpenDialog(org.openide.windows.WindowManager.getDefault().getMainWindow()) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path data = chooser.getSelectedFile().toPath();
        NbPreferences.forModule(NewProjectFromDataAction.class).put(LAST_FOLDER, data.toAbsolutePath().getParent().toString());
        showFor(data);
    }

    /** Previews {@code data} (read in the background) and asks the user how to make a project of it. */
    private static void showFor(Path data) {
        READER.post(() -> {
            try {
                DataPreview preview = DataPreview.read(data);
                EventQueue.invokeLater(() -> ask(data, preview));
            } catch (IOException | RuntimeException ex) {
                fail("Cannot read " + data.getFileName(), ex);
            }
        });
    }

    private static void ask(Path data, DataPreview preview) {
        NewFromDataPanel panel = new NewFromDataPanel(data, preview);
        DialogDescriptor d = new DialogDescriptor(panel, "New Project from " + data.getFileName());
        if (DialogDisplayer.getDefault().notify(d) != DialogDescriptor.OK_OPTION) {
            return;
        }
        Path project = panel.projectFile();
        if (Files.exists(project) && DialogDisplayer.getDefault().notify(new NotifyDescriptor.Confirmation(project.getFileName()
                + " exists. Replace it?", NotifyDescriptor.YES_NO_OPTION)) != NotifyDescriptor.YES_OPTION) {
            return;
        }
        READER.post(() -> {
            try {
                StarterProject made = StarterProject.make(project, data, panel.target(), panel.testFile(), panel.model());
                ProjectFiles.write(made.project(), project);
                EventQueue.invokeLater(() -> {
                    try {
                        ProjectFilesActions.open(project);
                    } catch (IOException ex) {
                        fail("Cannot open " + project, ex);
                    }
                });
            } catch (IOException | RuntimeException ex) {
                fail("Cannot make a project of " + data.getFileName(), ex);
            }
        });
    }

    private static void fail(String what, Exception ex) {
        DialogDisplayer.getDefault().notifyLater(new NotifyDescriptor.Message(what + ":\n" + ex.getMessage(), NotifyDescriptor.ERROR_MESSAGE));
    }
}
