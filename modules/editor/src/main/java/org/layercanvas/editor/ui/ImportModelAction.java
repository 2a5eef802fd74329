package org.layercanvas.editor.ui;

import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.swing.JFileChooser;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.layercanvas.workbench.ModelImports;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.awt.ActionRegistration;
import org.openide.util.NbBundle.Messages;
import org.openide.windows.WindowManager;

/**
 * File ▸ Import Model…: an ONNX model, or a Keras model as TensorFlow.js saves it (model.json with its weight files), becomes
 * a project with its weights beside it (exactly what {@code layercanvas import} writes) and opens in the editor, laid out,
 * ready to fine-tune.
 */
@ActionID(category = "File", id = "org.layercanvas.editor.ui.ImportModel")
@ActionRegistration(displayName = "#CTL_ImportModel")
@ActionReference(path = "Menu/File", position = 30)
@Messages("CTL_ImportModel=Import Model...")
public final class ImportModelAction implements ActionListener {
    @Override
    public void actionPerformed(ActionEvent e) {
        JFileChooser open = new JFileChooser(ProjectFolders.current());
        open.setDialogTitle("Import an ONNX model or a TensorFlow.js / Keras model.json");
        open.setFileFilter(new FileNameExtensionFilter("ONNX models (*.onnx), TensorFlow.js Layers models (model.json)", "onnx", "json"));
        if (open.showOpenDialog(WindowManager.getDefault().getMainWindow()) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path model = open.getSelectedFile().toPath();
        JFileChooser save = new JFileChooser(model.toFile().getParentFile());
        save.setDialogTitle("Save the imported project as (its weights go beside it)");
        // a TensorFlow.js model is a folder's model.json: the folder names it
        String name = model.getFileName().toString().endsWith(".json") && model.getParent() != null && model.getParent().getFileName() != null
                ? model.getParent().getFileName().toString() : model.getFileName().toString().replaceFirst("\\.onnx$", "");
        save.setSelectedFile(new File(name + ".lcproj.json"));
        if (save.showSaveDialog(WindowManager.getDefault().getMainWindow()) != JFileChooser.APPROVE_OPTION) {
            return;
        }
        Path project = save.getSelectedFile().toPath();
        if (!project.getFileName().toString().endsWith(".lcproj.json")) {
            project = project.resolveSibling(project.getFileName() + ".lcproj.json");
        }
        importAndOpen(model, project);
    }

    /** Imports {@code model} as {@code project}, asking before replacing files, and opens it. */
    public static void importAndOpen(Path model, Path project) {
        try {
            List<Path> existing = ModelImports.existingFiles(project);
            if (!existing.isEmpty()) {
                NotifyDescriptor.Confirmation ask = new NotifyDescriptor.Confirmation("Replace " + existing + "?",
                        "Import Model", NotifyDescriptor.YES_NO_OPTION);
                if (DialogDisplayer.getDefault().notify(ask) != NotifyDescriptor.YES_OPTION) {
                    return;
                }
            }
            ModelImports.importModel(model, null, project, true);
            ProjectFilesActions.open(project);
        } catch (IOException | RuntimeException ex) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Nothing was imported:\n" + ex.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
        }
    }
}
