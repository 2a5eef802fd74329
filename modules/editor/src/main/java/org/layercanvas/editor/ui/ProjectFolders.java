package org.layercanvas.editor.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/** Where file choosers start: beside the project being edited, else beside the most recent one, else the working folder. */
public final class ProjectFolders {
    private ProjectFolders() {
    }

    /** The file of the project being edited, or null when no editor is open. */
    public static Path currentProject() {
        NetworkEditorTopComponent editor = NetworkEditorTopComponent.forMenu();
        return editor == null ? null : editor.file();
    }

    public static File current() {
        NetworkEditorTopComponent editor = NetworkEditorTopComponent.forMenu();
        if (editor != null) {
            return editor.folder().toFile();
        }
        List<Path> recent = RecentProjects.list();
        Path parent = recent.isEmpty() ? null : recent.get(0).toAbsolutePath().getParent();
        return parent != null && parent.toFile().isDirectory() ? parent.toFile() : new File(System.getProperty("user.dir"));
    }
}
