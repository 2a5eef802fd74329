package org.layercanvas.editor.ui;

import java.io.IOException;
import java.nio.file.Path;
import javax.swing.SwingUtilities;
import org.layercanvas.engine.validate.Problem;
import org.layercanvas.workbench.ModelExports;
import org.layercanvas.workbench.ProjectSession;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.util.RequestProcessor;

/**
 * Step in the editor: saves, opens the project as {@code layercanvas step} does, with the newest run's weights when they
 * still fit the network (the run Export takes them from; else the initial ones), and shows batch 0 in a {@link TensorInspector}. Reading the data and
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
                String from = startingWeights(session, file);
                SwingUtilities.invokeLater(() -> {
                    TensorInspector inspector = new TensorInspector(session, stepped(session, network), from, file.getFileName().toString(), editor);
                    editor.inspectWith(inspector);
                    // under the canvas (where Problems is), so the layers clicked and the tensors shown are in view together
                    org.openide.windows.Mode below = org.openide.windows.WindowManager.getDefault().findMode("output");
                    if (below != null) {
                        below.dockInto(inspector);
                    }
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

    /** The network the session compiled: the one named, else the project's main network. */
    private static org.layercanvas.engine.api.Network stepped(ProjectSession session, String network) {
        return session.project().network(network).orElse(session.project().mainNetwork());
    }

    /** Loads the weights Export would take (the newest completed or stopped run's) when they fit the network; says which were loaded. */
    private static String startingWeights(ProjectSession session, Path file) {
        try {
            Path weights = ModelExports.latestWeights(file);
            if (weights != null) {
                session.loadWeights(weights);
                return "run " + weights.getParent().getFileName();
            }
        } catch (IOException | IllegalArgumentException e) {
            // no runs to read, or the newest run's weights are of an earlier design: the initial ones
        }
        return "initial (seed " + session.project().training().seed() + ")";
    }
}
