package org.layercanvas.editor.ui;

import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javax.swing.JFileChooser;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.cookies.OpenCookie;
import org.openide.filesystems.FileObject;
import org.openide.filesystems.FileUtil;
import org.openide.loaders.DataObject;
import org.openide.util.NbBundle.Messages;
import org.openide.windows.WindowManager;

/** Opening project files: File ▸ Open Project…, and {@link #open(Path)} for the command line and tests. */
public final class ProjectFilesActions {
    private ProjectFilesActions() {
    }

    /** Opens (or activates) the editor of a project file; a file that fails to load opens nowhere and says why. */
    public static void open(Path file) throws IOException {
        FileObject fo = FileUtil.toFileObject(FileUtil.normalizeFile(file.toFile()));
        if (fo == null) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        DataObject dob = DataObject.find(fo);
        OpenCookie open = dob.getLookup().lookup(OpenCookie.class);
        if (open == null) {
            throw new IOException(file + " is not a LayerCanvas project (*.lcproj.json)");
        }
        open.open();
    }

    @ActionID(category = "File", id = "org.layercanvas.editor.ui.OpenProject")
    @ActionRegistration(displayName = "#CTL_OpenProject")
    @ActionReference(path = "Menu/File", position = 100)
    @Messages("CTL_OpenProject=Open Project...")
    public static final class OpenProject implements ActionListener {
        @Override
        public void actionPerformed(ActionEvent e) {
            JFileChooser chooser = new JFileChooser(ProjectFolders.current());
            chooser.setFileFilter(new FileNameExtensionFilter("LayerCanvas projects (*.lcproj.json)", "json"));
            if (chooser.showOpenDialog(WindowManager.getDefault().getMainWindow()) == JFileChooser.APPROVE_OPTION) {
                File f = chooser.getSelectedFile();
                try {
                    open(f.toPath());
                } catch (IOException ex) {
                    DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Cannot open " + f + ":\n" + ex.getMessage(),
                            NotifyDescriptor.ERROR_MESSAGE));
                }
            }
        }
    }
}
