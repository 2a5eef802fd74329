package org.layercanvas.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.engine.train.TrainingListener;

/** Trains a bundled example for real (copied into a temporary project folder) and keeps its live history. */
final class RealRuns {
    static final Path EXAMPLES = Path.of(System.getProperty("layercanvas.examples", "../../examples"));

    private RealRuns() {
    }

    /** The example's folder copied under {@code into}, so runs/ lands there. */
    static Path copyExample(String project, Path into) throws IOException {
        Path source = EXAMPLES.resolve(project).toAbsolutePath().normalize(), dir = source.getParent();
        Path target = into.resolve(dir.getFileName());
        try (var files = Files.walk(dir)) {
            for (Path p : files.filter(f -> !f.toString().contains("/runs/")).toList()) {
                Path t = target.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target.resolve(source.getFileName());
    }

    record Trained(RunHistory history, Path directory) {
    }

    static Trained train(Path projectFile, Integer epochs) throws IOException {
        try (ProjectSession session = ProjectSession.open(projectFile, "cpu")) {
            var config = epochs == null ? session.project().training() : session.project().training().withEpochs(epochs);
            Path dir = TrainingRun.defaultDirectory(projectFile).resolveSibling("run-" + System.nanoTime());
            RunHistory history = new RunHistory(dir.getFileName().toString());
            TrainingRun.run(session, config, dir, TrainingListener.NONE, history, new TrainingControl());
            return new Trained(history, dir);
        }
    }
}
