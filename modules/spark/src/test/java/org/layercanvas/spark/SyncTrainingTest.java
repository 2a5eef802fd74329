package org.layercanvas.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;

/**
 * Synchronous training on Spark in this JVM (local[2]): Iris's weights after two epochs equal training on one machine,
 * for 1, 2 and 3 slices per batch (measured: to 1.2e-7); Fashion-MNIST's MLP trains as on one machine; the run folder is
 * the usual one; a bad project is refused before any job, with exit 2.
 */
class SyncTrainingTest {
    private static JavaSparkContext spark;
    private static final Path IRIS = Path.of("../../examples/iris-mlp/iris-mlp.lcproj.json").toAbsolutePath().normalize();
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkRuns.local("SyncTrainingTest");
    }

    @AfterAll
    static void stop() {
        SparkRuns.close(spark);
    }

    /**
     * Batch normalisation in sync mode: with one slice per batch the run equals one machine's, running statistics included;
     * with two, each slice normalises by its own statistics and the running statistics come back averaged (they move).
     */
    @Test
    void batchNormalisationTrainsSynchronously() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(IRIS.toFile());
        var net = (com.fasterxml.jackson.databind.node.ObjectNode) root.path("networks").get(0);
        net.set("nodes", json.readTree("""
                [{"id": "flower", "type": "Input", "params": {"shape": [4]}},
                 {"id": "hidden", "type": "Dense", "params": {"units": 8}},
                 {"id": "bn", "type": "BatchNormalization", "params": {"momentum": 0.9}},
                 {"id": "act", "type": "Activation", "params": {"activation": "relu"}},
                 {"id": "species", "type": "Dense", "params": {"units": 3, "activation": "softmax"}}]"""));
        net.set("edges", json.readTree("""
                [{"from": "flower", "to": "hidden"}, {"from": "hidden", "to": "bn"}, {"from": "bn", "to": "act"}, {"from": "act", "to": "species"}]"""));
        for (String part : List.of("train", "test")) {
            var source = (com.fasterxml.jackson.databind.node.ObjectNode) root.path("data").path(part);
            source.put("path", IRIS.resolveSibling(source.path("path").asText()).toString());
        }
        Path project = dir.resolve("iris-bn.lcproj.json");
        json.writeValue(project.toFile(), root);
        Path single = dir.resolve("single");
        try (ProjectSession session = ProjectSession.open(project, "cpu", null)) {
            TrainingRun.run(session, session.project().training().withEpochs(2), single, new TrainingListener() { });
        }
        Map<String, float[]> want = SparkRuns.weights(single.resolve("weights.safetensors"));
        for (int slices : new int[] {1, 2}) {
            Path out = dir.resolve("spark" + slices);
            assertThat(SparkTrain.run(spark, project.toString(), "--out", out.toString(), "--epochs", "2", "--partitions", String.valueOf(slices),
                    "--backend", "cpu")).isZero();
            Map<String, float[]> got = SparkRuns.weights(out.resolve("weights.safetensors"));
            assertThat(got.keySet()).isEqualTo(want.keySet());
            if (slices == 1) {
                for (var e : want.entrySet()) {
                    float[] a = e.getValue(), b = got.get(e.getKey());
                    for (int i = 0; i < a.length; i++) {
                        assertThat((double) Math.abs(a[i] - b[i])).as("%s[%d]", e.getKey(), i).isLessThanOrEqualTo(1e-5 * Math.max(1, Math.abs(a[i])));
                    }
                }
            } else {
                assertThat(got.get("bn/running_mean")).as("running mean, moved from its zeros").isNotEqualTo(new float[8]);
                for (float v : got.get("bn/running_var")) {
                    assertThat(v).as("running variance").isPositive();
                }
            }
        }
    }

    /**
     * Data named by URIs of a Hadoop file system (here {@code lcfile:}, this machine's files under another scheme: see
     * HadoopRemoteFilesTest) is copied to each JVM's cache and trains as the same data on local paths does.
     */
    @Test
    void dataOnAHadoopFileSystemTrainsAsLocalData() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(IRIS.toFile());
        for (String part : List.of("train", "test")) {
            var source = (com.fasterxml.jackson.databind.node.ObjectNode) root.path("data").path(part);
            source.put("path", "lcfile://" + IRIS.resolveSibling(source.path("path").asText()));
        }
        Path project = dir.resolve("iris-remote.lcproj.json"), local = dir.resolve("local"), remote = dir.resolve("remote");
        json.writeValue(project.toFile(), root);
        assertThat(SparkTrain.run(spark, IRIS.toString(), "--out", local.toString(), "--epochs", "1", "--partitions", "2", "--backend", "cpu")).isZero();
        assertThat(SparkTrain.run(spark, project.toString(), "--out", remote.toString(), "--epochs", "1", "--partitions", "2", "--backend", "cpu")).isZero();
        Map<String, float[]> want = SparkRuns.weights(local.resolve("weights.safetensors")), got = SparkRuns.weights(remote.resolve("weights.safetensors"));
        for (var e : want.entrySet()) {
            assertThat(got.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
    }

    /** Executors standardize with the statistics the driver fitted and the job carried; they do not read all the data to fit them again. */
    @Test
    void executorsTakeTheDriversStatistics() throws Exception {
        SliceWorker.Statistics driver;
        try (ProjectSession session = ProjectSession.open(IRIS, "cpu", null)) {
            driver = SliceWorker.Statistics.of(session.preprocessing());
        }
        assertThat(driver.mean()).hasSize(4);
        SliceWorker worker = SliceWorker.of(new SliceWorker.Job(IRIS.toString(), IRIS.toString(), null, "cpu", driver));
        assertThat(worker.preprocessing().mean()).containsExactly(driver.mean());
        assertThat(worker.preprocessing().std()).containsExactly(driver.std());
        float[] shifted = driver.mean().clone();
        shifted[0] += 1;
        SliceWorker other = SliceWorker.of(new SliceWorker.Job(IRIS.toString(), IRIS.toString(), null, "cpu", new SliceWorker.Statistics(shifted, driver.std())));
        assertThat(other).isNotSameAs(worker);
        assertThat(other.preprocessing().mean()).containsExactly(shifted);
    }

    @ParameterizedTest(name = "{0} slices")
    @ValueSource(ints = {1, 2, 3})
    void twoEpochsEqualTrainingOnOneMachine(int slices) throws Exception {
        Path single = dir.resolve("single"), distributed = dir.resolve("spark");
        try (ProjectSession session = ProjectSession.open(IRIS, "cpu", null)) {
            TrainingRun.run(session, session.project().training().withEpochs(2), single, new TrainingListener() { });
        }
        int code = SparkTrain.run(spark, IRIS.toString(), "--out", distributed.toString(), "--epochs", "2", "--partitions",
                String.valueOf(slices), "--backend", "cpu");
        assertThat(code).isZero();
        Map<String, float[]> want = SparkRuns.weights(single.resolve("weights.safetensors")), got = SparkRuns.weights(distributed.resolve("weights.safetensors"));
        assertThat(got.keySet()).isEqualTo(want.keySet());
        for (var e : want.entrySet()) {
            float[] a = e.getValue(), b = got.get(e.getKey());
            double worst = 0, scale = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
                scale = Math.max(scale, Math.abs(a[i]));
            }
            assertThat(worst).as(e.getKey()).isLessThanOrEqualTo(1e-5 * Math.max(1, scale));
        }
        String metrics = Files.readString(distributed.resolve("metrics.json"));
        assertThat(metrics).contains("\"spark.master\"", "local[2]", "\"spark.partitions\"", "\"completed\"");
    }

    /**
     * Fashion-MNIST's MLP, one epoch (422 steps) on two slices per batch: the first 20 batches' losses equal one machine's
     * to 1e-6, and the test accuracy is within a point. Not the weights to 1e-5: float sums in another order (two slices
     * added, not one batch) drift apart through training's own dynamics, as they do on one machine between backends
     * (cpu against jtp: batch losses equal to 1e-7 up to batch 100, 1.7e-3 apart at batch 200).
     */
    @Test
    void fashionMlpTrainsAsOnOneMachine() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")), "no Fashion-MNIST");
        Path project = Path.of("../../examples/fashion-mlp/fashion-mlp.lcproj.json").toAbsolutePath().normalize();
        Path single = dir.resolve("single"), distributed = dir.resolve("spark");
        TrainingRun.Result alone;
        try (ProjectSession session = ProjectSession.open(project, "cpu", null)) {
            alone = TrainingRun.run(session, session.project().training().withEpochs(1), single, new TrainingListener() { });
        }
        assertThat(SparkTrain.run(spark, project.toString(), "--out", distributed.toString(), "--epochs", "1", "--partitions", "2",
                "--backend", "cpu")).isZero();
        List<String> a = Files.readAllLines(single.resolve("batches.csv")), b = Files.readAllLines(distributed.resolve("batches.csv"));
        assertThat(b).hasSameSizeAs(a);
        for (int i = 1; i <= 20; i++) {
            double la = Double.parseDouble(a.get(i).split(",")[3]), lb = Double.parseDouble(b.get(i).split(",")[3]);
            assertThat(lb).as("loss of batch %d", i - 1).isCloseTo(la, org.assertj.core.data.Offset.offset(1e-6 * la));
        }
        String metrics = Files.readString(distributed.resolve("metrics.json"));
        double accuracy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(metrics).path("test").path("accuracy").asDouble();
        assertThat(accuracy).isCloseTo(alone.test().get("accuracy"), org.assertj.core.data.Offset.offset(0.01));
    }

    /** Parameter averaging every 16 batches on two slices trains Fashion-MNIST's MLP to 0.85 test accuracy in 3 epochs. */
    @Test
    void averagingTrainsFashionMlp() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")), "no Fashion-MNIST");
        Path project = Path.of("../../examples/fashion-mlp/fashion-mlp.lcproj.json").toAbsolutePath().normalize();
        Path run = dir.resolve("average");
        assertThat(SparkTrain.run(spark, project.toString(), "--out", run.toString(), "--epochs", "3", "--partitions", "2", "--mode", "average",
                "--average-every", "16", "--backend", "cpu")).isZero();
        var metrics = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("metrics.json").toFile());
        assertThat(metrics.path("status").asText()).isEqualTo("completed");
        assertThat(metrics.path("test").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.85);
        assertThat(metrics.path("hyperparameters").path("spark.average_every").asText()).isEqualTo("16");
        // a round's 16 batches come back together; each batch's speed is the round's, not 0 s for all but its first (nor the
        // round's time for its first): the full batches of a round share one speed, in the range of the epoch's. The run's
        // first round is left out of the range: it holds the executors' start (1.9 s against 0.1 s for later rounds)
        double epochRate = metrics.path("train_samples").asDouble() / metrics.path("epochs").get(0).path("seconds").asDouble();
        int batchesPerEpoch = (int) Math.ceil(metrics.path("train_samples").asDouble() / 128); // the project's batch size
        List<String> batches = Files.readAllLines(run.resolve("batches.csv"));
        Map<String, Double> roundSpeed = new HashMap<>();
        for (String line : batches.subList(1, batches.size())) {
            String[] f = line.split(",");
            long step = Long.parseLong(f[0]);
            int batch = Integer.parseInt(f[2]);
            double speed = Double.parseDouble(f[5]);
            if (batch < batchesPerEpoch - 1) { // the epoch's last batch is short: its speed is its rows over the same share
                double mate = roundSpeed.computeIfAbsent(f[1] + "/" + batch / 16, r -> speed);
                assertThat(speed).as(line).isCloseTo(mate, org.assertj.core.data.Offset.offset(1e-9 * mate));
            }
            if (step > 16) {
                assertThat(speed).as(line).isBetween(epochRate / 10, epochRate * 10);
            }
        }
    }

    /**
     * A synchronous run stopped part way (as a killed application would leave it, with its checkpoint) and continued with
     * --resume ends with the weights of the run that was never stopped.
     */
    @Test
    void aStoppedRunResumesToTheUninterruptedResult() throws Exception {
        stopAfterJobsAndResume("sync", 8);
    }

    /**
     * The same in averaging mode (rounds of 3 batches), stopped while its fourth round trains: the run stops at the
     * round's end, as a checkpoint inside it would train the round's later batches again on resuming.
     */
    @Test
    void aStoppedAveragingRunResumesToTheUninterruptedResult() throws Exception {
        stopAfterJobsAndResume("average", 4, "--average-every", "3");
    }

    private void stopAfterJobsAndResume(String mode, int jobs, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--epochs", "3", "--partitions", "2", "--backend", "cpu", "--mode", mode));
        args.addAll(List.of(more));
        SparkRuns.stopAfterJobsAndResume(spark, IRIS, dir.resolve(mode), jobs, args, "weights.safetensors");
    }

    @Test
    void aBadProjectIsRefusedBeforeAnyJobWithExitTwo() throws Exception {
        Path bad = dir.resolve("bad.lcproj.json");
        Files.writeString(bad, "{\"format\": \"layercanvas.project\", \"version\": 1, \"networks\": [");
        int jobs = spark.statusTracker().getJobIdsForGroup(null).length;
        assertThat(SparkTrain.run(spark, bad.toString(), "--out", dir.resolve("out").toString())).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
        assertThat(spark.statusTracker().getJobIdsForGroup(null)).as("jobs run").hasSize(jobs);
        assertThat(SparkTrain.run(spark, IRIS.toString(), "--out", dir.resolve("out2").toString(), "--mode", "gossip")).isEqualTo(2);
    }
}
