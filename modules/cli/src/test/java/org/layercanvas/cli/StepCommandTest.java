package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.formats.SafeTensors;

/** {@code layercanvas step}: the lecture's worked example, stepped with --update, shows the numbers of docs/lecture-backprop.md. */
class StepCommandTest {
    @TempDir
    Path dir;

    @Test
    void theLecturesExampleSteppedWithAnUpdateGivesTheHandComputedForwardPassGradientsAndWeights() throws Exception {
        String project = CliRun.example("lecture-backprop/lecture-backprop.lcproj.json");
        String weights = CliRun.example("lecture-backprop/initial-weights.safetensors");
        CliRun run = CliRun.of("step", project, "--weights", weights, "--update", "--backend", "java", "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("batch 0 (epoch 1, batch 0 of it, 1 sample): loss 0.595750; 19 tensors in ");

        Map<String, float[]> t = SafeTensors.read(dir.resolve("tensors.safetensors")).stream()
                .collect(Collectors.toMap(WeightTensor::name, WeightTensor::values));
        assertThat(t.get("inputs")).containsExactly(0.2f, 0.3f);
        close(t.get("hidden/output"), 0.6411, 0.6637);
        close(t.get("y/output"), 0.7718);
        close(t.get("y/bias.grad"), 0.2718);
        close(t.get("y/weight.grad"), 0.1743, 0.1804);
        close(t.get("hidden/bias.grad"), 0.0313, 0.0364);
        close(t.get("hidden/weight.grad"), 0.0063, 0.0094, 0.0073, 0.0109);
        close(t.get("hidden/weight.next"), 0.0937, 0.1906, 0.2927, 0.3891);
        close(t.get("hidden/bias.next"), 0.4687, 0.4636);
        close(t.get("y/weight.next"), 0.3257, 0.4196);
        close(t.get("y/bias.next"), 0.2282);
        // dL/dy of (y − t)² is 2y; the weights themselves are the ones started from
        close(t.get("y/grad_output"), 1.5437);
        close(t.get("y/weight"), 0.5, 0.6);

        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("loss").asDouble()).isCloseTo(0.5957, within(1e-4));
        JsonNode hidden = summary.get("tensors").get("hidden/weight.grad");
        assertThat(hidden.get("shape").toString()).isEqualTo("[2,2]");
        assertThat(hidden.get("max").asDouble()).isCloseTo(0.0109, within(1e-4));
        assertThat(hidden.get("nan").asInt()).isZero();
    }

    @Test
    void aBatchPastTheEndExitsTwoWithTheRange() {
        String project = CliRun.example("lecture-backprop/lecture-backprop.lcproj.json");
        CliRun run = CliRun.of("step", project, "--batch", "1", "--backend", "java", "--out", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("there is no batch 1: training has batches 0 to 0 (1 epoch of 1 batch)");
    }

    private static void close(float[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("value " + i + " of " + List.of(expected)).isCloseTo(expected[i], within(6e-5));
        }
    }
}
