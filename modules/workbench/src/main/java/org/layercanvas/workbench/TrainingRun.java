package org.layercanvas.workbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.train.BatchGradients;
import org.layercanvas.engine.train.Checkpoint;
import org.layercanvas.engine.train.TrainingDiverged;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.runs.CheckpointFile;
import org.layercanvas.formats.runs.RunList;
import org.layercanvas.formats.runs.RunLock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.insight.Diagnostics;
import org.layercanvas.engine.insight.InsightCollector;
import org.layercanvas.engine.insight.RunEvents;
import org.layercanvas.engine.insight.RunInfo;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.train.GanGradients;
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
     * Makes a new folder {@code runs/<yyyyMMdd-HHmmss>} beside the project file, with {@code -2}, {@code -3}, …
     * when one of that name exists: each name is claimed by creating it ({@link Files#createDirectory} fails
     * when it exists), never checked first, so two runs started in the same second never share a folder.
     *
     * @throws UncheckedIOException when the runs folder cannot be written
     */
    public static Path defaultDirectory(Path projectFile) {
        Path runs = RunList.runsDirectory(projectFile);
        String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Files.createDirectories(runs);
            for (int k = 1; ; k++) {
                Path dir = runs.resolve(k == 1 ? name : name + "-" + k);
                try {
                    return Files.createDirectory(dir);
                } catch (FileAlreadyExistsException taken) {
                    // another run has this name: try the next
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(runs + ": " + e.getMessage(), e);
        }
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
     *
     * @throws IllegalStateException naming the folder when another run is writing it
     * @throws TrainingDiverged      when the loss became NaN or infinite (the folder says "diverged")
     */
    public static Result run(ProjectSession session, TrainingConfig config, Path dir, TrainingListener listener,
                             RunEvents watcher, TrainingControl control, Map<String, String> varied) throws IOException {
        return run(session, config, dir, listener, watcher, control, varied, null);
    }

    /**
     * As above, every batch's gradients from {@code gradients} (data-parallel training on other machines) instead of the
     * session's plan, which still takes the optimizer steps and is what the run folder's weights and looks come from.
     *
     * @param gradients null: the session's plan computes them; for a GAN, they must also be {@link GanGradients}
     * @throws IllegalArgumentException for a GAN with {@code gradients} that are not {@link GanGradients}
     */
    public static Result run(ProjectSession session, TrainingConfig config, Path dir, TrainingListener listener, RunEvents watcher,
                             TrainingControl control, Map<String, String> varied, BatchGradients gradients) throws IOException {
        Trainers trainers = new Trainers(session, config).takingGradientsFrom(gradients); // first: a refused configuration leaves no folder
        try (RunLock lock = RunLock.acquire(dir)) {
            if (RunFolder.isRun(dir)) {
                throw new IllegalArgumentException(dir + " already holds a training run: choose another folder, or delete that one first");
            }
            Project asTrained = new Project(session.project().name(), session.project().networks(), config, session.project().data());
            try (RunFolderWriter writer = new RunFolderWriter(dir, ProjectFiles.toJson(asTrained).getBytes(StandardCharsets.UTF_8),
                    session.file())) {
                return train(session, config, trainers, writer, null, 0, listener, watcher, control, varied);
            }
        }
    }

    /**
     * Continues the run in {@code dir} (failed, stopped, diverged or interrupted) from its checkpoint, in the
     * same folder: the project as it was trained, its data from where the run found it, the run's backend
     * unless {@code backendName} names another ("auto" keeps the run's). The result equals the uninterrupted
     * run's: bitwise on the java backend, to rounding on the others. Without a checkpoint (no epoch had ended)
     * it starts again from the beginning.
     *
     * @throws IllegalStateException    naming the folder when another run is writing it
     * @throws IllegalArgumentException when the folder is no run, or one that has completed
     */
    public static Result resume(Path dir, String backendName, TrainingListener listener, RunEvents watcher, TrainingControl control)
            throws IOException {
        return resume(dir, backendName, listener, watcher, control, Map.of(), null);
    }

    /**
     * As above, recording {@code varied} with the hyperparameters, and taking every batch's gradients from what
     * {@code gradients} makes for the session opened here (data-parallel training on other machines; null: the session's plan).
     */
    public static Result resume(Path dir, String backendName, TrainingListener listener, RunEvents watcher, TrainingControl control,
                                Map<String, String> varied, java.util.function.Function<ProjectSession, BatchGradients> gradients)
            throws IOException {
        try (RunLock lock = RunLock.acquire(dir)) {
            if (!RunFolder.isRun(dir) || !Files.exists(dir.resolve(RunFolder.PROJECT))) {
                throw new IllegalArgumentException(dir + " is not a training run that can be resumed: it needs " + RunFolder.METRICS + " and "
                        + RunFolder.PROJECT);
            }
            RunList.Entry entry = RunList.entry(dir);
            if (entry.problem() != null) {
                throw new IllegalArgumentException(entry.problem());
            }
            if (entry.status().equals(RunOutcome.COMPLETED)) {
                throw new IllegalArgumentException(dir + " has completed: there is nothing to resume");
            }
            Path projectFile = entry.projectFile() != null ? entry.projectFile() : dir.resolve(RunFolder.PROJECT);
            Project project = ProjectFiles.read(dir.resolve(RunFolder.PROJECT));
            String backend = backendName == null || backendName.equals("auto") && !entry.backend().isEmpty() ? entry.backend() : backendName;
            try (ProjectSession session = ProjectSession.open(project, projectFile, backend == null ? "auto" : backend, null)) {
                TrainingConfig config = project.training();
                Trainers trainers = new Trainers(session, config).takingGradientsFrom(gradients == null ? null : gradients.apply(session));
                Checkpoint from = CheckpointFile.read(dir);
                long step = from == null ? 0 : from.step();
                int completed = from == null ? 0 : from.completedEpochs();
                try (RunFolderWriter writer = RunFolderWriter.continuing(dir, step, completed)) {
                    double seconds = from == null ? 0 : RunFolderWriter.secondsSoFar(dir);
                    return train(session, config, trainers, writer, from, seconds, listener, watcher, control, varied);
                }
            }
        }
    }

    /** The trainer a project's scheme needs: supervised (and autoencoder) or GAN. */
    private record Trainers(Trainer supervised, GanTrainer gan) {
        Trainers(ProjectSession session, TrainingConfig config) {
            this(session.discriminator() == null ? new Trainer(session.plan(), config) : null,
                    session.discriminator() == null ? null : new GanTrainer(session.plan(), session.discriminator(), config));
        }

        /** These trainers with every batch's gradients from {@code gradients} (null: from their own plan). */
        Trainers takingGradientsFrom(BatchGradients gradients) {
            if (gradients != null && gan != null) {
                if (!(gradients instanceof GanGradients steps)) {
                    throw new IllegalArgumentException("a GAN trains its two networks in turn: this data-parallel training takes supervised networks only");
                }
                gan.gradientsFrom(steps);
            } else if (gradients != null) {
                supervised.gradientsFrom(gradients);
            }
            return this;
        }

        double learningRate() {
            return gan != null ? gan.learningRate() : supervised.optimizer().learningRate();
        }
    }

    private static Result train(ProjectSession session, TrainingConfig config, Trainers trainers, RunFolderWriter writer, Checkpoint from,
                                double secondsBefore, TrainingListener listener, RunEvents watcher, TrainingControl control,
                                Map<String, String> varied) throws IOException {
        Path dir = writer.directory();
        Backend backend = session.plan().backend();
        boolean gan = trainers.gan() != null;
        RunEvents events = watcher == null ? writer : RunEvents.all(writer, watcher);
        Samples train = session.train();
        int trainRows = train.count() - config.validationRows(train.count());
        int batches = gan ? train.count() / config.batchSize() : (trainRows + config.batchSize() - 1) / config.batchSize();
        events.started(new RunInfo(session.project().name(), config.scheme(), backend.device(), backend.name(), config.seed(),
                config.epochs(), batches, trainRows, hyperparameters(config, varied),
                LocalDateTime.now().withNano(0).toString(), train.classNames()));
        InsightCollector collector = new InsightCollector(session.plan(), session.discriminator(), config, train,
                trainers.learningRate(), events, listener, control);
        if (from != null) {
            collector.continueFrom(from.step(), secondsBefore);
        }
        List<WeightTensor> initial = session.plan().weights(); // the last finite weights until a checkpoint is written
        Consumer<Checkpoint> saver = c -> CheckpointFile.write(dir, c);
        try {
            History history;
            Map<String, Double> test = null;
            Diagnostics testFigures = Diagnostics.NONE;
            if (gan) {
                history = trainers.gan().fit(train, collector, saver, from);
                SafeTensors.write(dir.resolve("discriminator.safetensors"), session.discriminator().weights());
            } else {
                history = trainers.supervised().fit(train, collector, saver, from);
                if (session.test() != null) {
                    Trainer.Evaluation e = trainers.supervised().assess(session.test());
                    test = e.values();
                    testFigures = collector.testFigures(session.test(), e);
                }
            }
            SafeTensors.write(dir.resolve(RunFolder.WEIGHTS), session.plan().weights());
            String status = history.stoppedEarly() ? RunOutcome.STOPPED : RunOutcome.COMPLETED;
            events.finished(new RunOutcome(status, null, test, testFigures, collector.trainingSeconds()));
            if (status.equals(RunOutcome.COMPLETED)) {
                Files.deleteIfExists(dir.resolve(RunFolder.CHECKPOINT)); // nothing left to resume; weights.safetensors has the result
            }
            return new Result(history, test, dir);
        } catch (TrainingDiverged e) {
            try {
                SafeTensors.write(dir.resolve(RunFolder.WEIGHTS), lastFiniteWeights(dir, gan, initial));
                events.finished(new RunOutcome(RunOutcome.DIVERGED, e.getMessage(), null, null, collector.trainingSeconds()));
            } catch (RuntimeException | IOException reporting) {
                e.addSuppressed(reporting);
            }
            throw e;
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

    /** The trained network's weights in the folder's checkpoint (written only while finite), else those it started from. */
    private static List<WeightTensor> lastFiniteWeights(Path dir, boolean gan, List<WeightTensor> initial) throws IOException {
        Checkpoint c = CheckpointFile.read(dir);
        if (c == null) {
            return initial;
        }
        Set<String> names = new HashSet<>();
        initial.forEach(w -> names.add(w.name()));
        String prefix = gan ? "generator/" : "";
        List<WeightTensor> out = new ArrayList<>();
        for (Checkpoint.Values t : c.tensors()) {
            String name = t.name().startsWith(prefix) ? t.name().substring(prefix.length()) : null;
            if (name != null && names.contains(name)) {
                out.add(t.toWeights(name));
            }
        }
        return out.size() == initial.size() ? out : initial;
    }

    private static Map<String, String> hyperparameters(TrainingConfig config, Map<String, String> varied) {
        Map<String, String> all = new java.util.LinkedHashMap<>(RunInfo.hyperparameters(config));
        all.putAll(varied);
        return all;
    }
}
