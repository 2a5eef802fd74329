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
import org.layercanvas.engine.train.Optimizers;
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
    @Parameters(index = "0", paramLabel = "PROJECT", description = "The project file (.lcproj.json), on a path every executor sees.")
    Path project;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run folder to write (the dashboard opens it).")
    Path out;

    @Option(names = "--mode", defaultValue = "sync", paramLabel = "MODE", description = "sync: every batch's gradient from all the "
            + "executors, training as on one machine; average: the executors train on by themselves and their weights are averaged "
            + "every --average-every batches.")
    String mode;

    @Option(names = "--average-every", defaultValue = "8", paramLabel = "K", description = "Batches between averages in mode average.")
    int averageEvery;

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

    public SparkTrain() {
        this(null);
    }

    SparkTrain(JavaSparkContext given) {
        this.given = given;
    }

    public static void main(String[] args) {
        System.exit(run(null, args));
    }

    /** Runs with the command line's exit codes: 0 trained, 2 bad input, 3 diverged, 1 a bug. */
    static int run(JavaSparkContext spark, String... args) {
        CommandLine cli = new CommandLine(new SparkTrain(spark));
        cli.setExecutionExceptionHandler(new UserErrors());
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("sync") && !mode.equals("average")) {
            throw new IllegalArgumentException("--mode must be sync or average, not '" + mode + "'");
        }
        if (averageEvery < 1) {
            throw new IllegalArgumentException("--average-every must be at least 1, not " + averageEvery);
        }
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs);
        }
        if (partitions != null && partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        }
        Path file = project.toAbsolutePath();
        try (ProjectSession session = ProjectSession.open(file, backend, network)) { // bad input ends here, before Spark starts
            TrainingConfig config = epochs == null ? session.project().training() : session.project().training().withEpochs(epochs);
            JavaSparkContext spark = given != null ? given : new JavaSparkContext(conf(file));
            try {
                int slices = partitions != null ? partitions : spark.defaultParallelism();
                SliceWorker.Job job = new SliceWorker.Job(file.toString(), network, backend);
                int trainRows = session.train().count() - config.validationRows(session.train().count());
                SyncGradients sync = mode.equals("sync") ? new SyncGradients(spark, session.plan(), job, slices) : null;
                AveragedSteps average = sync != null ? null : new AveragedSteps(spark, session.plan(), Optimizers.create(config.optimizer()), job,
                        slices, averageEvery, config.batchSize(), trainRows);
                Map<String, String> cluster = new LinkedHashMap<>();
                cluster.put("spark.master", spark.master());
                cluster.put("spark.mode", mode);
                cluster.put("spark.partitions", String.valueOf(slices));
                // executors registered when training starts (in local mode the driver is the one executor)
                cluster.put("spark.executors", String.valueOf(Math.max(1, spark.sc().statusTracker().getExecutorInfos().length - 1)));
                if (average != null) {
                    cluster.put("spark.average_every", String.valueOf(averageEvery));
                }
                System.out.println("training '" + session.project().name() + "' on Spark " + spark.master() + ", mode " + mode + ", " + slices
                        + " slices per batch (" + session.describeData() + ", seed " + config.seed() + ")");
                TrainingRun.Result result = TrainingRun.run(session, config, out, new ProgressReporter(System.out), null, new TrainingControl(),
                        cluster, sync != null ? sync : average);
                if (result.test() != null) {
                    System.out.println("test: " + ProgressReporter.describe(result.test()));
                }
                if (sync != null) {
                    System.out.printf("%d synchronised steps, %.3f s each from broadcast to summed gradients%n", sync.steps(), sync.secondsPerStep());
                } else {
                    System.out.printf("%d rounds of %d batches, %.3f s each from broadcast to averaged weights%n", average.rounds(), averageEvery,
                            average.secondsPerRound());
                }
                System.out.println("wrote the run folder " + result.directory());
                return 0;
            } finally {
                if (given == null) {
                    spark.close();
                }
            }
        }
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
