package org.layercanvas.editor.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JMenu;
import javax.swing.JMenuItem;
import javax.swing.JPopupMenu;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.layercanvas.engine.project.Project;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.runs.RunFolder;
import org.layercanvas.formats.runs.RunList;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;

/**
 * Compare With… in the editor: the design as it is now against the version saved on disk, another project file, or the
 * snapshot a run took of the project when it started; each opens a {@link DesignComparison}.
 */
final class CompareAction {
    private CompareAction() {
    }

    /** The choices, popped up under the toolbar button that asks for them. */
    static void choose(NetworkEditorTopComponent editor, JComponent button) {
        JPopupMenu menu = new JPopupMenu();
        JMenuItem saved = new JMenuItem("Saved Version on Disk");
        saved.setName("compare.saved");
        saved.addActionListener(e -> compare(editor, editor.file(), "saved on disk"));
        menu.add(saved);
        JMenuItem file = new JMenuItem("Another Project File…");
        file.addActionListener(e -> chooseFile(editor));
        menu.add(file);
        menu.add(runs(editor));
        menu.show(button, 0, button.getHeight());
    }

    /** Runs offered, newest first: a sweep leaves hundreds, and a menu that long helps nobody. */
    private static final int RUNS_LISTED = 30;

    /** One item per run of this project that kept its snapshot, newest first. */
    private static JMenu runs(NetworkEditorTopComponent editor) {
        JMenu runs = new JMenu("A Run's Snapshot");
        runs.setName("compare.runs");
        try {
            for (RunList.Entry run : RunList.of(editor.file())) {
                Path snapshot = run.directory().resolve(RunFolder.PROJECT);
                boolean ours = run.projectFile() == null || run.projectFile().toAbsolutePath().equals(editor.file().toAbsolutePath());
                if (ours && Files.isRegularFile(snapshot) && runs.getItemCount() < RUNS_LISTED) {
                    JMenuItem item = new JMenuItem(run.name() + " (" + run.status() + ", " + run.started() + ")");
                    item.addActionListener(e -> compare(editor, snapshot, "run " + run.name()));
                    runs.add(item);
                }
            }
        } catch (IOException e) {
            runs.setToolTipText("Could not list the runs: " + e.getMessage());
        }
        runs.setEnabled(runs.getItemCount() > 0);
        return runs;
    }

    private static void chooseFile(NetworkEditorTopComponent editor) {
        JFileChooser chooser = new JFileChooser(editor.folder().toFile());
        chooser.setFileFilter(new FileNameExtensionFilter("LayerCanvas projects (*" + ProjectFiles.SUFFIX + ")", "json"));
        if (chooser.showOpenDialog(editor) == JFileChooser.APPROVE_OPTION) {
            Path chosen = chooser.getSelectedFile().toPath();
            compare(editor, chosen, chosen.getFileName().toString());
        }
    }

    /** Opens the comparison of {@code other} (read now) with the editor's design; a file that does not read says why. */
    static void compare(NetworkEditorTopComponent editor, Path other, String otherSource) {
        Project before;
        try {
            before = ProjectFiles.read(other);
        } catch (IOException | RuntimeException e) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Cannot compare with " + other + ":\n" + e.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
            return;
        }
        String now = editor.file().getFileName() + (editor.document().isModified() ? " (not saved)" : "");
        DesignComparison window = new DesignComparison(before, otherSource, editor.document().project(), now,
                editor.document().networkName(), editor.document().registry());
        window.open();
        window.requestActive();
    }
}
