package org.layercanvas.workbench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.insight.Diagnostics;
import org.layercanvas.engine.insight.InsightCollector;
import org.layercanvas.engine.insight.RunEvents;
import org.layercanvas.engine.insight.RunInfo;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.train.GanTrainer;
import org.layercanvas.engine.train.History;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.formats.SafeTensors;
import org.layercanvas.formats.runs.RunFolder;
import org.layercanvas.formats.runs.RunFolderWriter;

/**
 * One training run of a project, as the command line and the application both do it: train,
 * evaluate on the test data, and keep everything in the run's folder (see {@link RunFolder}) as it
 * happens: metrics per batch and epoch, looks inside the network, diagnostics, the project snapshot
 * and the final weights. The dashboard opens the same folder later, or watches the same events live.
 */
public final class TrainingRun {
    /** What a run produced; {@code test} is null without test data. */
    public record Result(History history, Map<String, Double> test, Path directory) {
    }

    private TrainingRun() {
    }

    /**
     * {@code runs/<yyyyMMdd-HHmmss>} beside the project file, with {@code -2}, {@code -3}, … when a run of the
     * same second exists: a run never writes into another's folder.
     */
    public static Path defaultDirectory(Path projectFile) {
        Path runs = projectFile.toAbsolutePath().getParent().resolve("runs");
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = runs.resolve(name);
        for (int k = 2; java.nio.file.Files.exists(dir); k++) {
            dir = runs.resolve(name + "-" + k);
        }
        return dir;
    }

    public static Result run(ProjectSession session, TrainingConfig config, Path dir, TrainingListener listener) throws IOException {
        return run(session, config, dir, listener, null, new TrainingControl());
    }

    /**
     * @param watcher also receives every event (the dashboard's live view), or null
     * @param control pause, resume and stop from other threads
     */
    public static Result run(ProjectSession session, TrainingConfig config, Path dir, TrainingListener listener,
                             RunEvents watcher, TrainingControl control) throws IOException {
        return run(session, config, dir, listener, watcher, control, Map.of());
    }

    /**
     * As above, recording {@code varied} (a sweep's fields and values, e.g. {@code nodes.hidden.units})
     * with the run's hyperparameters, so that the Runs tab can compare runs by them.
     */
    public static Result run(ProjectSession session, TrainingConfig config, Path dir, TrainingListener listener,
                             RunEvents watcher, TrainingControl control, Map<String, String> varied) throws IOException {
        Backend backend = session.plan().backend();
        boolean gan = session.discriminator() != null;
        // constructed first: a configuration they refuse leaves no run folder behind
        Trainer trainer = gan ? null : new Trainer(session.plan(), config);
        GanTrainer ganTrainer = gan ? new GanTrainer(session.plan(), session.discriminator(), config) : null;
        if (RunFolder.isRun(dir)) {
            throw new IllegalArgumentException(dir + " already holds a training run: choose another folder, or delete that one first");
        }
        try (RunFolderWriter writer = new RunFolderWriter(dir, session.file())) {
            RunEvents events = watcher == null ? writer : RunEvents.all(writer, watcher);
            Dataset train = session.train();
            int trainRows = train.count() - config.validationRows(train.count());
            int batches = gan ? train.count() / config.batchSize() : (trainRows + config.batchSize() - 1) / config.batchSize();
            events.started(new RunInfo(session.project().name(), config.scheme(), backend.device(), backend.name(), config.seed(),
                    config.epochs(), batches, trainRows, hyperparameters(config, varied),
                    LocalDateTime.now().withNano(0).toString(), train.classNames()));
            double learningRate = gan ? ganTrainer.learningRate() : trainer.optimizer().learningRate();
            InsightCollector collector = new InsightCollector(session.plan(), session.discriminator(), config, train,
                    learningRate, events, listener, control);
            try {
                History history;
                Map<String, Double> test = null;
                Diagnostics testFigures = Diagnostics.NONE;
                if (gan) {
                    history = ganTrainer.fit(train, collector);
                    SafeTensors.write(dir.resolve("discriminator.safetensors"), session.discriminator().weights());
                } else {
                    history = trainer.fit(train, collector);
                    if (session.test() != null) {
                        Trainer.Evaluation e = trainer.assess(session.test());
                        test = e.values();
                        testFigures = collector.testFigures(session.test(), e.outputs());
                    }
                }
                SafeTensors.write(dir.resolve(RunFolder.WEIGHTS), session.plan().weights());
                String status = history.stoppedEarly() ? RunOutcome.STOPPED : RunOutcome.COMPLETED;
                events.finished(new RunOutcome(status, null, test, testFigures, collector.trainingSeconds()));
                return new Result(history, test, dir);
            } catch (RuntimeException | IOException | Error e) {
                // whatever ended it, the folder and the dashboard say so instead of "running" forever
                try {
                    events.finished(new RunOutcome(RunOutcome.FAILED, String.valueOf(e.getMessage()), null, null, collector.trainingSeconds()));
                } catch (RuntimeException reporting) {
                    e.addSuppressed(reporting);
                }
                throw e;
            }
        }
    }

    private static Map<String, String> hyperparameters(TrainingConfig config, Map<String, String> varied) {
        Map<String, String> all = new java.util.LinkedHashMap<>(RunInfo.hyperparameters(config));
        all.putAll(varied);
        return all;
    }
}
