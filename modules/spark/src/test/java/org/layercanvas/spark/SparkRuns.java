package org.layercanvas.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.formats.SafeTensors;

/**
 * What the Spark tests share: Spark in the test's JVM; reading a safetensors file's tensors by name; stopping a run part
 * way and resuming it.
 */
final class SparkRuns {
    private SparkRuns() {
    }

    /** Spark in this JVM on two cores, named after the test, on the loopback address, without its web UI. */
    static JavaSparkContext local(String name) {
        JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName(name).set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        spark.setLogLevel("WARN");
        return spark;
    }

    /** Closes the executors' workers (they belong to this JVM) and Spark. */
    static void close(JavaSparkContext spark) {
        SliceWorker.closeAll();
        spark.close();
    }

    static Map<String, float[]> weights(Path file) throws IOException {
        return SafeTensors.read(file).stream().collect(Collectors.toMap(WeightTensor::name, WeightTensor::values));
    }

    /**
     * Trains {@code project} with {@code args} into {@code dir}/whole; again into {@code dir}/parts, stopped (as a killed
     * application would leave it, with its checkpoint) once {@code jobs} more Spark jobs have started, then resumed with
     * --resume; checks that the resumed run completed with the uninterrupted run's weights bit for bit, {@code files} of them.
     */
    static void stopAfterJobsAndResume(JavaSparkContext spark, Path project, Path dir, int jobs, List<String> args, String... files) throws Exception {
        Path whole = dir.resolve("whole"), parts = dir.resolve("parts");
        List<String> wholeArgs = new ArrayList<>(List.of(project.toString(), "--out", whole.toString()));
        wholeArgs.addAll(args);
        assertThat(SparkTrain.run(spark, wholeArgs.toArray(String[]::new))).isZero();
        TrainingControl control = new TrainingControl();
        int jobsBefore = spark.statusTracker().getJobIdsForGroup(null).length;
        Thread stopper = new Thread(() -> {
            while (spark.statusTracker().getJobIdsForGroup(null).length < jobsBefore + jobs) {
                Thread.onSpinWait();
            }
            control.stop();
        });
        stopper.start();
        List<String> partArgs = new ArrayList<>(List.of(project.toString(), "--out", parts.toString()));
        partArgs.addAll(args);
        assertThat(SparkTrain.run(new SparkTrain(spark, control), partArgs.toArray(String[]::new))).isZero();
        stopper.join();
        assertThat(Files.readString(parts.resolve("metrics.json"))).contains("\"stopped\"");
        assertThat(SparkTrain.run(spark, "--resume", parts.toString(), "--backend", "cpu")).isZero();
        assertThat(Files.readString(parts.resolve("metrics.json"))).contains("\"completed\"", "\"spark.partitions\" : \"2\"");
        for (String file : files) {
            Map<String, float[]> want = weights(whole.resolve(file)), got = weights(parts.resolve(file));
            assertThat(got.keySet()).as(file).isEqualTo(want.keySet());
            for (var e : want.entrySet()) {
                assertThat(got.get(e.getKey())).as("%s %s", file, e.getKey()).containsExactly(e.getValue());
            }
        }
    }
}
