package org.layercanvas.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;

/**
 * A GAN trained synchronously on Spark in this JVM (local[2]): a small generator learning points on a ring against a
 * discriminator, two epochs of 8 steps; both networks' weights equal training on one machine for 1, 2 and 3 slices per
 * batch, and with batch normalisation in the generator for one slice (with more, each slice normalises by its own
 * statistics, as on any data-parallel trainer without synchronised batch normalisation).
 */
class GanSyncTrainingTest {
    private static JavaSparkContext spark;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkRuns.local("GanSyncTrainingTest");
    }

    @AfterAll
    static void stop() {
        SparkRuns.close(spark);
    }

    @ParameterizedTest(name = "{0} slices, batch normalisation {1}")
    @CsvSource({"1, false", "2, false", "3, false", "1, true"})
    void twoEpochsEqualTrainingOnOneMachine(int slices, boolean batchNormalisation) throws Exception {
        Path project = ringGan(batchNormalisation), single = dir.resolve("single"), distributed = dir.resolve("spark");
        try (ProjectSession session = ProjectSession.open(project, "cpu", null)) {
            TrainingRun.run(session, session.project().training(), single, new TrainingListener() { });
        }
        assertThat(SparkTrain.run(spark, project.toString(), "--out", distributed.toString(), "--partitions", String.valueOf(slices),
                "--backend", "cpu")).isZero();
        for (String file : new String[] {"weights.safetensors", "discriminator.safetensors"}) {
            Map<String, float[]> want = SparkRuns.weights(single.resolve(file)), got = SparkRuns.weights(distributed.resolve(file));
            assertThat(got.keySet()).as(file).isEqualTo(want.keySet());
            for (var e : want.entrySet()) {
                float[] a = e.getValue(), b = got.get(e.getKey());
                for (int i = 0; i < a.length; i++) {
                    assertThat((double) Math.abs(a[i] - b[i])).as("%s %s[%d]", file, e.getKey(), i).isLessThanOrEqualTo(1e-5 * Math.max(1, Math.abs(a[i])));
                }
            }
        }
        var metrics = new com.fasterxml.jackson.databind.ObjectMapper().readTree(distributed.resolve("metrics.json").toFile());
        assertThat(metrics.path("status").asText()).isEqualTo("completed");
        assertThat(metrics.path("hyperparameters").path("spark.mode").asText()).isEqualTo("sync");
        var wantEpochs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(single.resolve("metrics.json").toFile()).path("epochs");
        for (int e = 0; e < 2; e++) {
            for (String loss : new String[] {"d_loss", "g_loss"}) {
                assertThat(metrics.path("epochs").get(e).path(loss).asDouble()).as("epoch %d %s", e + 1, loss)
                        .isCloseTo(wantEpochs.get(e).path(loss).asDouble(), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    /**
     * A GAN's run stopped part way (after 5 Spark jobs: inside the third step) and continued with --resume ends with the
     * uninterrupted run's weights, both networks', bit for bit.
     */
    @Test
    void aStoppedGanResumesToTheUninterruptedResult() throws Exception {
        SparkRuns.stopAfterJobsAndResume(spark, ringGan(false), dir, 5, List.of("--partitions", "2", "--backend", "cpu"), "weights.safetensors",
                "discriminator.safetensors");
    }

    /** Averaging is refused for a GAN before Spark runs anything, by name, with the command line's exit status 2; no folder is left. */
    @Test
    void averagingAGanIsRefused() throws Exception {
        Path project = ringGan(false), out = dir.resolve("average");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = SparkTrain.run(spark, project.toString(), "--out", out.toString(), "--mode", "average", "--backend", "cpu");
        } finally {
            System.setErr(err);
        }
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("a GAN trains on Spark in --mode sync");
        assertThat(out).doesNotExist();
    }

    /** A project whose generator maps one noise value to a point (fewer values than a sample: its slices of real rows and of noise differ in size) that should lie on the unit circle, 256 such points its data. */
    private Path ringGan(boolean batchNormalisation) throws Exception {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        Random random = new Random(7);
        for (int i = 0; i < 256; i++) {
            double angle = random.nextDouble() * 2 * Math.PI;
            csv.append(Math.cos(angle)).append(',').append(Math.sin(angle)).append(",0\n");
        }
        Files.writeString(dir.resolve("ring.csv"), csv);
        String norm = batchNormalisation ? """
                {"id": "norm", "type": "BatchNormalization", "params": {"momentum": 0.9}},""" : "";
        String normEdges = batchNormalisation ? """
                {"from": "g1", "to": "norm"}, {"from": "norm", "to": "point"}""" : """
                {"from": "g1", "to": "point"}""";
        Path project = dir.resolve("ring-gan.lcproj.json");
        Files.writeString(project, """
                {"format": "layercanvas.project", "version": 1, "name": "ring-gan",
                 "networks": [
                  {"name": "generator",
                   "nodes": [{"id": "noise", "type": "Input", "params": {"shape": [1]}},
                             {"id": "g1", "type": "Dense", "params": {"units": 16, "activation": "leaky_relu"}}, %s
                             {"id": "point", "type": "Dense", "params": {"units": 2}}],
                   "edges": [{"from": "noise", "to": "g1"}, %s]},
                  {"name": "discriminator",
                   "nodes": [{"id": "point", "type": "Input", "params": {"shape": [2]}},
                             {"id": "d1", "type": "Dense", "params": {"units": 16, "activation": "leaky_relu"}},
                             {"id": "real", "type": "Dense", "params": {"units": 1, "activation": "sigmoid"}}],
                   "edges": [{"from": "point", "to": "d1"}, {"from": "d1", "to": "real"}]}],
                 "training": {"scheme": "gan", "loss": "binary_crossentropy", "metrics": [],
                              "optimizer": {"type": "adam", "learning_rate": 0.002, "beta_1": 0.5},
                              "batch_size": 32, "epochs": 2, "seed": 5},
                 "data": {"train": {"type": "csv", "path": "ring.csv", "target": "label"}}}
                """.formatted(norm, normEdges));
        return project;
    }
}
