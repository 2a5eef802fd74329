package org.layercanvas.editor.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.SwingUtilities;
import org.layercanvas.engine.validate.Problem;
import org.layercanvas.formats.runs.RunFolder;
import org.layercanvas.formats.runs.RunList;
import org.layercanvas.workbench.ProjectSession;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.util.RequestProcessor;

/**
 * Step in the editor: saves, opens the project as {@code layercanvas step} does, with the newest run's weights when they
 * still fit the network (else the initial ones), and shows batch 0 in a {@link TensorInspector}. Reading the data and
 * stepping run off the event thread.
 */
final class StepAction {
    private static final RequestProcessor OPENING = new RequestProcessor("LayerCanvas step", 1);

    private StepAction() {
    }

    static void step(NetworkEditorTopComponent editor) {
        if (!editor.document().problems().isEmpty()) {
            Problem first = editor.document().problems().get(0);
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Fix the network before stepping a batch through it:\n"
                    + first.message(), NotifyDescriptor.WARNING_MESSAGE));
            return;
        }
        try {
            editor.save();
        } catch (IOException e) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Could not save before stepping:\n" + e.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
            return;
        }
        Path file = org.openide.filesystems.FileUtil.toFile(editor.dataObject().getPrimaryFile()).toPath();
        String network = editor.document().networkName();
        OPENING.post(() -> {
            try {
                ProjectSession session = ProjectSession.open(file, "auto", network);
                String from = newestWeights(session, file);
                SwingUtilities.invokeLater(() -> {
                    TensorInspector inspector = new TensorInspector(session, from, file.getFileName().toString());
                    inspector.open();
                    inspector.requestActive();
                    inspector.step(0, false);
                });
            } catch (IOException | RuntimeException e) {
                DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Could not step a batch:\n" + e.getMessage(),
                        NotifyDescriptor.ERROR_MESSAGE));
            }
        });
    }

    /** Loads the newest run's weights that fit the network; says where the weights came from. */
    private static String newestWeights(ProjectSession session, Path file) {
        try {
            for (RunList.Entry run : RunList.of(file)) {
                Path weights = run.directory().resolve(RunFolder.WEIGHTS);
                if (Files.exists(weights)) {
                    try {
                        session.loadWeights(weights);
                        return "run " + run.name();
                    } catch (IOException | IllegalArgumentException e) {
                        // a run of an earlier design: try an older one, else start from the initial weights
                    }
                }
            }
        } catch (IOException e) {
            // no runs folder to read: the initial weights
        }
        return "initial (seed " + session.project().training().seed() + ")";
    }
}
