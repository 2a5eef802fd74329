package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.formats.SafeTensors;

class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void trainsXorAndWritesMetricsAndWeights() throws IOException {
        CliRun run = CliRun.of("train", CliRun.example("xor/xor.lcproj.json"), "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("on cpu backend", "epoch 300/300", "test: loss");
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(metrics.get("backend").asText()).isEqualTo("cpu");
        assertThat(metrics.get("device").asText()).contains("Vector API");
        assertThat(metrics.get("seed").asLong()).isEqualTo(42);
        assertThat(metrics.get("epochs")).hasSize(300);
        JsonNode last = metrics.get("epochs").get(299);
        assertThat(last.get("epoch").asInt()).isEqualTo(300);
        assertThat(last.has("loss") && last.has("accuracy") && last.has("seconds")).isTrue();
        assertThat(metrics.get("test").get("accuracy").asDouble()).isEqualTo(1.0);
        List<WeightTensor> weights = SafeTensors.read(dir.resolve("weights.safetensors"));
        assertThat(weights).extracting(WeightTensor::name).containsExactly("hidden/weight", "hidden/bias", "y/weight", "y/bias");

        CliRun eval = CliRun.of("evaluate", CliRun.example("xor/xor.lcproj.json"), "--weights", dir.resolve("weights.safetensors").toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        JsonNode test = new ObjectMapper().readTree(eval.out());
        assertThat(test.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(test.get("loss").asDouble()).isCloseTo(metrics.get("test").get("loss").asDouble(), offset(1e-6));
    }

    /** The headless run writes the same run folder the dashboard opens: batches, looks inside, diagnostics, snapshot. */
    @Test
    void trainingWritesTheDashboardsRunFolder() throws IOException {
        String project = CliRun.example("blobs-logistic/blobs-logistic.lcproj.json");
        CliRun run = CliRun.of("train", project, "--out", dir.toString(), "--epochs", "5");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(metrics.get("format").asText()).isEqualTo("layercanvas.run");
        assertThat(metrics.get("status").asText()).isEqualTo("completed");
        assertThat(metrics.get("hyperparameters").get("optimizer").asText()).isEqualTo("sgd");
        // the snapshot is the project as trained (--epochs applied), what train --resume continues
        var original = org.layercanvas.formats.ProjectFiles.read(Path.of(project));
        var snapshot = org.layercanvas.formats.ProjectFiles.read(dir.resolve("project.lcproj.json"));
        assertThat(snapshot.training()).isEqualTo(original.training().withEpochs(5));
        assertThat(snapshot.networks()).isEqualTo(original.networks());
        assertThat(metrics.get("project_file").asText()).isEqualTo(Path.of(project).toAbsolutePath().toString());
        List<String> batches = Files.readAllLines(dir.resolve("batches.csv"));
        assertThat(batches.get(0)).isEqualTo("step,epoch,batch,loss,learning_rate,samples_per_second,seconds");
        assertThat(batches).hasSize(1 + 5 * 8); // 240 training rows in batches of 32
        var history = org.layercanvas.formats.runs.RunFolderReader.read(dir);
        assertThat(history.epochs()).hasSize(5);
        assertThat(history.snapshots()).isNotEmpty();
        assertThat(history.epochs().get(4).diagnostics().roc().auc()).isGreaterThan(0.9);
        assertThat(history.outcome().testDiagnostics().confusion().total()).isEqualTo(100);
        byte[] metricsBefore = Files.readAllBytes(dir.resolve("metrics.json"));
        CliRun again = CliRun.of("train", project, "--out", dir.toString(), "--epochs", "1");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a training run");
        assertThat(Files.readAllBytes(dir.resolve("metrics.json"))).isEqualTo(metricsBefore);
    }

    /**
     * The lecture's vanishing gradient, as the dashboard's Inside tab shows it: six sigmoid layers pass a
     * thousandth of the output layer's gradient norm back to the first; the same stack of ReLUs most of it.
     */
    @Test
    void deepSigmoidGradientsVanishWhereReluGradientsDoNot() throws IOException {
        double sigmoid = firstToLastGradientNorm("vanishing-gradients/deep-sigmoid.lcproj.json", dir.resolve("sigmoid"));
        double relu = firstToLastGradientNorm("vanishing-gradients/deep-relu.lcproj.json", dir.resolve("relu"));
        assertThat(sigmoid).isLessThan(0.01);
        assertThat(relu).isGreaterThan(0.05);
    }

    private static double firstToLastGradientNorm(String example, Path out) throws IOException {
        CliRun run = CliRun.of("train", CliRun.example(example), "--out", out.toString(), "--epochs", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        var first = org.layercanvas.formats.runs.RunFolderReader.read(out).snapshots().get(0);
        Map<String, Double> norms = new HashMap<>();
        first.params().forEach(p -> norms.put(p.name(), p.gradients().l2Norm()));
        return norms.get("h1/weight") / norms.get("p/weight");
    }

    /** The lecture's 2-2-1 network from its initial weights: one SGD step with the correct σ'. */
    @Test
    void lectureExampleTakesTheCorrectGradientStep() throws IOException {
        String project = CliRun.example("lecture-backprop/lecture-backprop.lcproj.json");
        CliRun run = CliRun.of("train", project, "--init-weights", CliRun.example("lecture-backprop/initial-weights.safetensors"),
                "--out", dir.toString(), "--backend", "java");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(metrics.get("epochs").get(0).get("loss").asDouble()).isCloseTo(0.60, offset(0.005));
        Map<String, float[]> w = new HashMap<>();
        SafeTensors.read(dir.resolve("weights.safetensors")).forEach(t -> w.put(t.name(), t.values()));
        double x1a = 1 / (1 + Math.exp(-0.58)), x1b = 1 / (1 + Math.exp(-0.68));
        double y = 1 / (1 + Math.exp(-(0.5 * x1a + 0.6 * x1b + 0.5)));
        double delta = 2 * y * y * (1 - y);
        assertThat((double) w.get("y/bias")[0]).isCloseTo(0.5 - delta, offset(1e-6));
        assertThat((double) w.get("y/weight")[1]).isCloseTo(0.6 - delta * x1b, offset(1e-6));
        assertThat((double) w.get("hidden/weight")[3]).isCloseTo(0.4 - delta * 0.6 * x1b * (1 - x1b) * 0.3, offset(1e-6));
    }

    @Test
    void badInputExitsWith2AndOneClearLine() throws IOException {
        Path cyclic = dir.resolve("cyclic.lcproj.json");
        Files.writeString(cyclic, Files.readString(Path.of(CliRun.example("xor/xor.lcproj.json")))
                .replace("{\"from\": \"x\", \"to\": \"hidden\"}", "{\"from\": \"y\", \"to\": \"hidden\"}")
                .replace("\"path\": \"xor.csv\"", "\"path\": \"" + Path.of(CliRun.example("xor/xor.csv")).toAbsolutePath() + "\""));
        Path broken = dir.resolve("broken.lcproj.json");
        Files.writeString(broken, "{\"format\": \"layercanvas.project\",\n \"version\": 1,, }");
        Path badCsv = dir.resolve("bad.lcproj.json");
        Files.writeString(dir.resolve("bad.csv"), "x1,x2,y\n0,0,0\n0,one,1\n");
        Files.writeString(badCsv, Files.readString(Path.of(CliRun.example("xor/xor.lcproj.json"))).replace("xor.csv", "bad.csv"));
        Map<String[], String> cases = Map.of(
                new String[] {"train", dir.resolve("missing.lcproj.json").toString()}, "file not found: ",
                new String[] {"train", broken.toString()}, "broken.lcproj.json:2:15: Unexpected character (',' (code 44))",
                new String[] {"train", cyclic.toString()}, "'hidden' is part of a cycle: hidden → y → hidden",
                new String[] {"train", badCsv.toString()}, "bad.csv:3: column 'x2' holds \"one\", which is not a number",
                new String[] {"train", CliRun.example("xor/xor.lcproj.json"), "--backend", "tpu"}, "unknown backend 'tpu' (known: auto, ",
                new String[] {"evaluate", CliRun.example("xor/xor.lcproj.json"), "--weights", CliRun.example("lecture-backprop/initial-weights.safetensors")},
                "initial-weights.safetensors: tensor 'hidden/weight' has shape [2,2] but the network needs [8,2]",
                new String[] {"train", CliRun.example("xor/xor.lcproj.json"), "--epochs", "0"}, "--epochs must be at least 1, not 0");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            CliRun run = CliRun.of(c.getKey());
            assertThat(run.exitCode()).as(String.join(" ", c.getKey()) + "\n" + run.err()).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", c.getKey())).startsWith("layercanvas: ").contains(c.getValue()).doesNotContain("\tat ");
        }
        CliRun verbose = CliRun.of("train", broken.toString(), "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(2);
        assertThat(verbose.err()).contains("\tat org.layercanvas");
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".safetensors") || p.toString().endsWith("metrics.json")).count()).isZero();
    }

    /** Rosenblatt's perceptron (sign unit, ±1 targets) separates the two Gaussian classes about as well as the data allows. */
    @Test
    void perceptronSeparatesTheTwoGaussians() throws IOException {
        CliRun run = CliRun.of("train", CliRun.example("perceptron/perceptron.lcproj.json"), "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(metrics.get("test").get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.80);
    }

    /** LDA and QDA, fitted in closed form, separate the two Gaussian classes as well as logistic regression does. */
    @Test
    void ldaAndQdaSeparateTheTwoGaussians() throws IOException {
        for (String model : new String[] {"lda", "qda"}) {
            Path out = dir.resolve(model);
            CliRun run = CliRun.of("train", CliRun.example("blobs-logistic/" + model + ".lcproj.json"), "--out", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode test = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("test");
            assertThat(test.get("accuracy").asDouble()).as(model).isGreaterThanOrEqualTo(0.85);
            assertThat(test.get("auc").asDouble()).as(model).isGreaterThanOrEqualTo(0.95);
            assertThat(SafeTensors.read(out.resolve("weights.safetensors"))).extracting(WeightTensor::name).contains(model + "/weight", model + "/bias");
        }
    }

    /** The LSTM predicts the next value of noisy sine waves far better than repeating the last value or the mean. */
    @Test
    void lstmBeatsTheTrivialBaselinesOnTheSequenceTask() throws IOException {
        CliRun run = CliRun.of("train", CliRun.example("lstm-sine/lstm-sine.lcproj.json"), "--out", dir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        double lstm = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile()).get("test").get("loss").asDouble();
        org.layercanvas.engine.api.Dataset test = org.layercanvas.engine.data.DataSources.load(new org.layercanvas.engine.api.DataSource(
                "sine_waves", Map.of("count", 1000, "steps", 20, "noise", 0.1, "seed", 2)), dir);
        double last = 0, mean = 0;
        for (int i = 0; i < test.count(); i++) {
            double window = 0;
            for (int t = 0; t < 20; t++) {
                window += test.features()[i * 20 + t] / 20;
            }
            last += Math.pow(test.features()[i * 20 + 19] - test.targets()[i], 2) / test.count();
            mean += Math.pow(window - test.targets()[i], 2) / test.count();
        }
        assertThat(lstm).as("LSTM mse %s vs last value %s and window mean %s", lstm, last, mean).isLessThan(last / 4).isLessThan(mean / 4);
    }

    @Test
    void devicesListsEveryBackendAndTheAutomaticChoice() {
        CliRun run = CliRun.of("devices");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("cpu: ", "opencl: ", "jtp: ", "java: ", "auto: ");
    }
}
