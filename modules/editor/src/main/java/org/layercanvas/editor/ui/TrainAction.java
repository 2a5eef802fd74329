package org.layercanvas.editor.ui;

import java.io.IOException;
import java.nio.file.Path;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;
import org.layercanvas.dashboard.api.Dashboards;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.engine.validate.Problem;
import org.netbeans.api.progress.ProgressHandle;
import org.openide.DialogDisplayer;
import org.openide.NotifyDescriptor;
import org.openide.util.RequestProcessor;
import org.openide.windows.IOProvider;
import org.openide.windows.InputOutput;
import org.openide.windows.OutputWriter;

/**
 * Trains the editor's project in the background exactly as {@code layercanvas train} does (same
 * session, same run folder beside the project), with a dashboard following the run live, a cancellable
 * progress handle with the time left, and one Output-window line per epoch. Nothing runs on the event thread.
 */
final class TrainAction {
    private static final RequestProcessor TRAINING = new RequestProcessor("LayerCanvas training", 1, true);

    private TrainAction() {
    }

    static void train(NetworkEditorTopComponent editor) {
        if (!editor.document().problems().isEmpty()) {
            Problem first = editor.document().problems().get(0);
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Fix the network before training:\n" + first.message(),
                    NotifyDescriptor.WARNING_MESSAGE));
            return;
        }
        try {
            editor.save();
        } catch (IOException e) {
            DialogDisplayer.getDefault().notify(new NotifyDescriptor.Message("Could not save before training:\n" + e.getMessage(),
                    NotifyDescriptor.ERROR_MESSAGE));
            return;
        }
        Path file = org.openide.filesystems.FileUtil.toFile(editor.dataObject().getPrimaryFile()).toPath();
        String name = file.getFileName().toString();
        InputOutput io = IOProvider.getDefault().getIO("Training " + name, false);
        io.select();
        TrainingControl control = new TrainingControl();
        ProgressHandle handle = ProgressHandle.createHandle("Training " + name, () -> {
            control.stop();
            return true;
        });
        String network = editor.document().networkName();
        TRAINING.post(() -> run(file, network, io, handle, control));
    }

    /** Trains the network shown in the editor (a GAN: both of its networks, as its scheme says). */
    private static void run(Path file, String network, InputOutput io, ProgressHandle handle, TrainingControl control) {
        OutputWriter out = io.getOut();
        handle.start();
        RunHistory history = null;
        try (ProjectSession session = ProjectSession.open(file, "auto", network)) {
            TrainingConfig config = session.project().training();
            out.println("Training on " + session.plan().backend().name() + ": " + session.plan().backend().device()
                    + " (" + session.describeData() + ", seed " + config.seed() + ")");
            Path dir = TrainingRun.defaultDirectory(file);
            history = new RunHistory(dir.getFileName().toString());
            Dashboards.watch(history, dir, control, session.project().name());
            long start = System.nanoTime();
            TrainingRun.Result result = TrainingRun.run(session, config, dir, new TrainingListener() {
                private int batches, total;
                private long lastProgress;

                @Override
                public void started(int epochs, int batchesPerEpoch) {
                    batches = batchesPerEpoch;
                    total = epochs * batchesPerEpoch;
                    handle.switchToDeterminate(total);
                }

                /** The status line's progress, a few times per second at most, with the time left. */
                @Override
                public void batchEnd(int epoch, int batch, double loss) {
                    long now = System.nanoTime();
                    if (now - lastProgress < 250_000_000L) {
                        return;
                    }
                    lastProgress = now;
                    int done = (epoch - 1) * batches + batch + 1;
                    long eta = Math.round((now - start - control.pausedNanos()) / 1e9 / done * (total - done));
                    handle.progress(String.format("epoch %d, loss %.4f, ETA %d:%02d", epoch, loss, eta / 60, eta % 60), done);
                }

                @Override
                public void epochEnd(EpochResult r) {
                    StringBuilder line = new StringBuilder("epoch " + r.epoch() + ":");
                    r.values().forEach((k, v) -> line.append(String.format(" %s %.4f", k, v)));
                    out.println(line.append(String.format(" (%.2f s)", r.seconds())));
                }

            }, history, control);
            if (control.stopped() && result.history().stoppedEarly()) {
                out.println("Stopped by the user after " + result.history().epochs().size() + " epochs.");
            }
            if (result.test() != null) {
                StringBuilder line = new StringBuilder("test:");
                result.test().forEach((k, v) -> line.append(String.format(" %s %.4f", k, v)));
                out.println(line);
            }
            out.println("Wrote the run folder " + dir + " (its dashboard is open; File > Open Training Run... reopens it)");
        } catch (IOException | RuntimeException e) {
            io.getErr().println("Training failed: " + e.getMessage());
            if (history != null && history.outcome() == null) {
                history.finished(new RunOutcome(RunOutcome.FAILED, e.getMessage(), null, null, 0));
            }
        } finally {
            if (history != null && history.outcome() == null) {
                // refused before it started (a setting the trainer rejects): the dashboard must not look live
                history.finished(new RunOutcome(RunOutcome.FAILED, "training did not start or ended unexpectedly; see the Output window",
                        null, null, 0));
            }
            handle.finish();
            out.close();
        }
    }
}
