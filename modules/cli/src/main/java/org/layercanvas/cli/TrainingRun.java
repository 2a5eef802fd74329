package org.layercanvas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.train.History;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.formats.SafeTensors;

/**
 * One training run of a project, as the command line and the application both do it: train,
 * evaluate on the test data, write {@code metrics.json} and {@code weights.safetensors} into the
 * run's folder.
 */
public final class TrainingRun {
    /** What a run produced; {@code test} is null without test data. */
    public record Result(History history, Map<String, Double> test, Path directory) {
    }

    private TrainingRun() {
    }

    /** {@code runs/<yyyyMMdd-HHmmss>} beside the project file. */
    public static Path defaultDirectory(Path projectFile) {
        return projectFile.toAbsolutePath().getParent().resolve("runs")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    public static Result run(ProjectSession session, TrainingConfig config, Path dir, TrainingListener listener) throws IOException {
        Files.createDirectories(dir);
        Backend backend = session.plan().backend();
        if (session.discriminator() != null) {
            History history = new org.layercanvas.engine.train.GanTrainer(session.plan(), session.discriminator(), config).fit(session.train(), listener);
            RunResults.write(RunResults.toJson(backend.device(), backend.name(), config.seed(), history.epochs(), null), dir.resolve("metrics.json"));
            SafeTensors.write(dir.resolve("weights.safetensors"), session.plan().weights());
            SafeTensors.write(dir.resolve("discriminator.safetensors"), session.discriminator().weights());
            return new Result(history, null, dir);
        }
        Trainer trainer = new Trainer(session.plan(), config);
        History history = trainer.fit(session.train(), listener);
        Map<String, Double> test = session.test() == null ? null : trainer.evaluate(session.test());
        RunResults.write(RunResults.toJson(backend.device(), backend.name(), config.seed(), history.epochs(), test), dir.resolve("metrics.json"));
        SafeTensors.write(dir.resolve("weights.safetensors"), session.plan().weights());
        return new Result(history, test, dir);
    }
}
