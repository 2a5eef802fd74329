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
        description = {"Train a project's network; writes the run folder DIR (metrics, batches, looks inside the network, checkpoint, "
                + "weights) that the dashboard opens.",
                "Exit status: 0 trained; 2 bad input or a refused action (such as a folder another run is writing); "
                        + "3 training diverged (the loss became NaN or infinite; the run folder keeps the last finite weights)."})
final class TrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT", arity = "0..1", description = "The *.lcproj.json file (not with --resume).")
    Path project;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue the interrupted, stopped, failed or diverged run in RUN_DIR from its checkpoint, in the same folder, "
                    + "with the project as it was trained and the run's backend (unless --backend names another).")
    Path resume;

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
        if (resume != null) {
            return resume();
        }
        if (project == null) {
            throw new IllegalArgumentException("train needs a PROJECT file, or --resume RUN_DIR");
        }
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
                    + " (" + session.describeData() + ", seed " + config.seed() + ")");
            TrainingRun.Result result = TrainingRun.run(session, config, dir, new ProgressReporter(System.out));
            report(result);
            if (samples != null) {
                float[] drawn = Generation.draw(session.plan(), session.discriminator() != null, 64, config.seed() + 7);
                ImageGrid.writePng(ImageGrid.of(drawn, 64, session.plan().outputShape(), "samples"), samples);
                System.out.println("wrote 64 samples to " + samples);
            }
            return 0;
        }
    }

    private Integer resume() throws Exception {
        if (project != null || epochs != null || initWeights != null || out != null || samples != null) {
            throw new IllegalArgumentException("--resume continues a run as it was set up: give it no PROJECT, --epochs, --init-weights, --out "
                    + "or --samples");
        }
        System.out.println("resuming the run in " + resume);
        report(TrainingRun.resume(resume, common.backend, new ProgressReporter(System.out), null, new org.layercanvas.engine.insight.TrainingControl()));
        return 0;
    }

    private static void report(TrainingRun.Result result) {
        if (result.test() != null) {
            System.out.println("test: " + ProgressReporter.describe(result.test()));
        }
        System.out.println("wrote the run folder " + result.directory()
                + " (metrics.json, batches.csv, insights.jsonl, weights.safetensors; open it in the dashboard)");
    }
}
