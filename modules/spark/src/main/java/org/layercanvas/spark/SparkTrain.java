package org.layercanvas.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.layercanvas.cli.ProgressReporter;
import org.layercanvas.cli.UserErrors;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.formats.runs.RunFolder;
import org.layercanvas.formats.runs.RunList;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Trains a project on a Spark cluster: {@code spark-submit --class org.layercanvas.spark.SparkTrain layercanvas-spark.jar
 * PROJECT --out DIR}. The driver opens the project as {@code layercanvas train} does (a bad project or data is refused
 * before any job starts, with the command line's messages and exit status 2), writes the usual run folder while training,
 * and takes each batch's gradients from the executors ({@link SyncGradients}), or every few batches their averaged
 * weights ({@link AveragedSteps}); the executors read the data themselves from the project's paths, which must be the
 * same on every machine (a shared mount).
 */
@Command(name = "SparkTrain", mixinStandardHelpOptions = true, description = "Train a LayerCanvas project on Apache Spark, data-parallel.")
public final class SparkTrain implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT", description = "The project file (.lcproj.json), on a path every executor sees.")
    Path project;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder to write (the dashboard opens it).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue a stopped, failed or interrupted run from its checkpoint, "
            + "in its folder, with the mode, slices and averaging interval it recorded.")
    Path resume;

    @Option(names = "--mode", paramLabel = "MODE", description = "sync (default): every batch's gradient from all the executors, training as on "
            + "one machine; average: the executors train on by themselves and their weights are averaged every --average-every batches.")
    String mode;

    @Option(names = "--average-every", paramLabel = "K", description = "Batches between averages in mode average (default 8).")
    Integer averageEvery;

    @Option(names = "--partitions", paramLabel = "N", description = "Slices of each batch, one task each (default: Spark's default parallelism).")
    Integer partitions;

    @Option(names = "--epochs", paramLabel = "N", description = "Train this many epochs instead of the project's.")
    Integer epochs;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME", description = "The backend on the driver and the executors (auto, cpu, java, ...).")
    String backend;

    @Option(names = "--network", paramLabel = "NAME", description = "The network to train (default: main).")
    String network;

    /** A context made elsewhere (tests); null: one from spark-submit's configuration. */
    private final JavaSparkContext given;
    /** Stops the run at its next batch when asked (a test's stand-in for a killed application). */
    private final TrainingControl control;
    /** The context this run started, closed at its end. */
    private JavaSparkContext started;
    private SyncGradients sync;
    private AveragedSteps average;

    public SparkTrain() {
        this(null);
    }

    SparkTrain(JavaSparkContext given) {
        this(given, new TrainingControl());
    }

    SparkTrain(JavaSparkContext given, TrainingControl control) {
        this.given = given;
        this.control = control;
    }

    public static void main(String[] args) {
        System.exit(run(new SparkTrain(), args));
    }

    /** Runs with the command line's exit codes: 0 trained, 2 bad input, 3 diverged, 1 a bug. */
    static int run(JavaSparkContext spark, String... args) {
        return run(new SparkTrain(spark), args);
    }

    static int run(SparkTrain command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(new UserErrors());
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        ProgressReporter progress = new ProgressReporter(System.out);
        Map<String, String> cluster = new LinkedHashMap<>(); // filled when Spark starts, recorded with the run's hyperparameters
        try {
            TrainingRun.Result result;
            if (resume != null) {
                Map<String, String> recorded = RunList.entry(resume.toAbsolutePath()).hyperparameters();
                mode = mode != null ? mode : recorded.getOrDefault("spark.mode", "sync");
                if (partitions == null && recorded.containsKey("spark.partitions")) {
                    partitions = Integer.valueOf(recorded.get("spark.partitions"));
                }
                if (averageEvery == null) {
                    averageEvery = Integer.valueOf(recorded.getOrDefault("spark.average_every", "8"));
                }
                System.out.println("resuming the run in " + resume);
                Path snapshot = resume.toAbsolutePath().resolve(RunFolder.PROJECT);
                result = TrainingRun.resume(resume, backend, progress, null, control, cluster,
                        session -> gradients(session, snapshot, session.project().training(), cluster));
            } else {
                Path file = project.toAbsolutePath();
                try (ProjectSession session = ProjectSession.open(file, backend, network)) { // bad input ends here, before Spark starts
                    TrainingConfig config = epochs == null ? session.project().training() : session.project().training().withEpochs(epochs);
                    result = TrainingRun.run(session, config, out, progress, null, control, cluster,
                            gradients(session, file, config, cluster));
                }
            }
            if (result.test() != null) {
                System.out.println("test: " + ProgressReporter.describe(result.test()));
            }
            if (sync != null) {
                System.out.printf("%d synchronised steps, %.3f s each from broadcast to summed gradients%n", sync.steps(), sync.secondsPerStep());
            } else {
                System.out.printf("%d rounds of up to %d batches, %.3f s each from broadcast to averaged weights%n", average.rounds(), averageEvery,
                        average.secondsPerRound());
            }
            System.out.println("wrote the run folder " + result.directory());
            return 0;
        } finally {
            if (started != null) {
                started.close();
            }
        }
    }

    private void checkOptions() {
        if (resume != null && (project != null || out != null || epochs != null || network != null)) {
            throw new IllegalArgumentException("--resume continues a run as it was set up: give it no PROJECT, --out, --epochs or --network");
        }
        if (resume == null && (project == null || out == null)) {
            throw new IllegalArgumentException("SparkTrain needs a PROJECT file and --out DIR, or --resume RUN_DIR");
        }
        if (mode != null && !mode.equals("sync") && !mode.equals("average")) {
            throw new IllegalArgumentException("--mode must be sync or average, not '" + mode + "'");
        }
        mode = mode == null && resume == null ? "sync" : mode;
        if (averageEvery != null && averageEvery < 1) {
            throw new IllegalArgumentException("--average-every must be at least 1, not " + averageEvery);
        }
        if (averageEvery == null && resume == null) {
            averageEvery = 8;
        }
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs);
        }
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        }
    }

    /**
     * Starts Spark (the project and its data have been read without a fault by now) and makes the mode's source of each
     * batch's gradients for {@code session}, its executors training as {@code projectToTrain} says; {@code cluster} gets
     * what the run records about Spark.
     */
    private org.layercanvas.engine.train.BatchGradients gradients(ProjectSession session, Path projectToTrain, TrainingConfig config,
                                                                  Map<String, String> cluster) {
        if (session.discriminator() != null && mode.equals("average")) {
            throw new IllegalArgumentException("a GAN trains on Spark in --mode sync: averaging the weights of two networks trained against "
                    + "each other apart is not supported");
        }
        JavaSparkContext spark = given != null ? given : (started = new JavaSparkContext(conf(session.file())));
        int slices = partitions != null ? partitions : spark.defaultParallelism();
        SliceWorker.Job job = new SliceWorker.Job(projectToTrain.toString(), session.file().toAbsolutePath().toString(), network, backend,
                SliceWorker.Statistics.of(session.preprocessing()));
        cluster.put("spark.master", spark.master());
        cluster.put("spark.mode", mode);
        cluster.put("spark.partitions", String.valueOf(slices));
        // executors registered when training starts (in local mode the driver is the one executor)
        cluster.put("spark.executors", String.valueOf(Math.max(1, spark.sc().statusTracker().getExecutorInfos().length - 1)));
        System.out.println("training '" + session.project().name() + "' on Spark " + spark.master() + ", mode " + mode + ", " + slices
                + " slices per batch (" + session.describeData() + ", seed " + config.seed() + ")");
        if (mode.equals("sync")) {
            return sync = new SyncGradients(spark, session.plan(), session.discriminator(), job, slices);
        }
        cluster.put("spark.average_every", String.valueOf(averageEvery));
        int trainRows = session.train().count() - config.validationRows(session.train().count());
        return average = new AveragedSteps(spark, session.plan(), job, slices, averageEvery, config.batchSize(), trainRows);
    }

    /** spark-submit's configuration; run without it (plain java), Spark in this JVM on every core. */
    private static SparkConf conf(Path project) {
        SparkConf conf = new SparkConf().setAppName("LayerCanvas: " + project.getFileName());
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        return conf;
    }
}
