package org.layercanvas.cli;

import org.layercanvas.workbench.TrainingRun;
import org.layercanvas.workbench.ProjectSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.train.Generation;
import org.layercanvas.formats.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layercanvas train PROJECT}: trains the main network and writes metrics and weights. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a project's network; writes the run folder DIR (metrics, batches, looks inside the network, weights) that the dashboard opens.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT", description = "The *.lcproj.json file.")
    Path project;

    @Option(names = "--epochs", paramLabel = "N", description = "Overrides the project's epoch count.")
    Integer epochs;

    @Option(names = "--init-weights", paramLabel = "FILE", description = "Start from these weights (safetensors) instead of the initializers.")
    Path initWeights;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write results. Default: runs/<time> beside the project.")
    Path out;

    @Option(names = "--samples", paramLabel = "FILE", description = "After training a GAN or a VAE, draw 64 new samples into this PNG grid.")
    Path samples;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (ProjectSession session = ProjectSession.open(project, common.backend)) {
            TrainingConfig config = session.project().training();
            if (epochs != null) {
                if (epochs < 1) {
                    throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs);
                }
                config = config.withEpochs(epochs);
            }
            if (initWeights != null) {
                session.loadWeights(initWeights);
            }
            Path dir = out != null ? out : TrainingRun.defaultDirectory(session.file());
            var backend = session.plan().backend();
            System.out.println("training '" + session.project().name() + "' on " + backend.name() + " backend: " + backend.device()
                    + " (" + session.train().count() + " samples, seed " + config.seed() + ")");
            TrainingRun.Result result = TrainingRun.run(session, config, dir, new ProgressReporter(System.out));
            if (result.test() != null) {
                System.out.println("test: " + ProgressReporter.describe(result.test()));
            }
            System.out.println("wrote the run folder " + dir + " (metrics.json, batches.csv, insights.jsonl, weights.safetensors; open it in the dashboard)");
            if (samples != null) {
                float[] drawn = Generation.draw(session.plan(), session.discriminator() != null, 64, config.seed() + 7);
                ImageGrid.writePng(ImageGrid.of(drawn, 64, session.plan().outputShape(), "samples"), samples);
                System.out.println("wrote 64 samples to " + samples);
            }
            return 0;
        }
    }
}
