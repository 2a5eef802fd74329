package org.layercanvas.editor.ui;

import java.awt.EventQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.model.Recovery;
import org.layercanvas.engine.spi.LayerRegistry;
import org.openide.cookies.OpenCookie;
import org.openide.filesystems.FileObject;
import org.openide.loaders.DataObject;
import org.openide.loaders.DataObjectExistsException;
import org.openide.loaders.MultiDataObject;
import org.openide.loaders.MultiFileLoader;
import org.openide.util.NbBundle.Messages;
import org.openide.util.RequestProcessor;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;

/** A {@code *.lcproj.json} file in the IDE's file system; opening it shows the network editor. */
@Messages("LBL_Project_LOADER=LayerCanvas project")
@DataObject.Registration(mimeType = ProjectMimeResolver.MIME, displayName = "#LBL_Project_LOADER", position = 300,
        iconBase = "org/layercanvas/editor/project16.png")
public final class ProjectDataObject extends MultiDataObject {
    private static final RequestProcessor LOAD = new RequestProcessor("LayerCanvas project loading", 2);
    /** Touched on the event thread only: an open while the file is still being read waits for that one. */
    private boolean loading;

    public ProjectDataObject(FileObject fo, MultiFileLoader loader) throws DataObjectExistsException {
        super(fo, loader);
        getCookieSet().add((OpenCookie) this::openEditor);
    }

    @Override
    protected int associateLookup() {
        return 1;
    }

    /**
     * Shows this file's editor, creating it on first use; a file that fails to load opens nowhere and
     * says why. Reading and validating run off the event thread (a 1000-layer project took a second
     * there); only the offer to recover and the window are built on it.
     */
    void openEditor() {
        for (TopComponent tc : WindowManager.getDefault().getRegistry().getOpened()) {
            if (tc instanceof NetworkEditorTopComponent e && e.dataObject() == this) {
                e.requestActive();
                return;
            }
        }
        if (loading) {
            return;
        }
        loading = true;
        Path file = org.openide.filesystems.FileUtil.toFile(getPrimaryFile()).toPath();
        Optional<Recovery> recover = RecoveryOffer.ask(file);
        LOAD.post(() -> {
            try {
                ProjectDocument document = ProjectDocument.open(file, LayerRegistry.standard());
                if (recover.isPresent()) {
                    try {
                        document.recover(recover.get().read());
                    } catch (IOException e) {
                        EventQueue.invokeLater(() -> RecoveryOffer.couldNotRecover(recover.get(), e));
                    }
                }
                RecentProjects.opened(file);
                EventQueue.invokeLater(() -> show(document));
            } catch (IOException e) {
                EventQueue.invokeLater(() -> {
                    loading = false;
                    org.openide.DialogDisplayer.getDefault().notify(new org.openide.NotifyDescriptor.Message(
                            "Cannot open " + getPrimaryFile().getNameExt() + ":\n" + e.getMessage(), org.openide.NotifyDescriptor.ERROR_MESSAGE));
                });
            }
        });
    }

    private void show(ProjectDocument document) {
        loading = false;
        NetworkEditorTopComponent editor = new NetworkEditorTopComponent(this, document);
        editor.open();
        editor.requestActive();
        // the helper windows go to their modes only once the window system has loaded them (not so with --open at startup)
        WindowManager.getDefault().invokeWhenUIReady(() -> openHelperWindows(editor));
    }

    /**
     * Problems docked below the canvas, never as a tab over it. (Properties is opened once per user
     * folder by app-core's DefaultWindows; after that the user's window layout decides.)
     */
    private static void openHelperWindows(NetworkEditorTopComponent editor) {
        ProblemsTopComponent problems = ProblemsTopComponent.find();
        if (problems != null) {
            org.openide.windows.Mode output = WindowManager.getDefault().findMode("output");
            if (output != null && WindowManager.getDefault().findMode(problems) != output) {
                output.dockInto(problems);
            }
            problems.open();
            problems.follow(editor);
        }
        editor.requestActive();
        editor.showTitle(); // after the window system's own title at start-up
    }

    /** Lets the editor put a save action into this file's lookup while it has unsaved changes. */
    void setSaveCookie(org.openide.cookies.SaveCookie save) {
        org.openide.cookies.SaveCookie present = getCookieSet().getCookie(org.openide.cookies.SaveCookie.class);
        if (save == null) {
            if (present != null) {
                getCookieSet().remove(present);
                setModified(false);
            }
        } else if (present == null) {
            getCookieSet().add(save);
            setModified(true);
        }
    }
}
