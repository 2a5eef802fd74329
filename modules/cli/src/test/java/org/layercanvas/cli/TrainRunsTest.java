package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.formats.SafeTensors;
import org.layercanvas.formats.runs.RunFolder;
import org.layercanvas.formats.runs.RunFolderReader;
import org.layercanvas.formats.runs.RunList;
import org.layercanvas.formats.runs.RunLock;

/** Training runs from the command line: the divergence guard, one writer per folder, interrupted runs and resuming them. */
class TrainRunsTest {
    @TempDir
    Path dir;

    /** The Iris example in {@link #dir}, its optimizer replaced by {@code optimizer} (JSON) when not null. */
    Path iris(String optimizer) throws IOException {
        for (String f : List.of("iris-mlp.lcproj.json", "iris-train.csv", "iris-test.csv")) {
            Files.copy(Path.of(CliRun.example("iris-mlp")).resolve(f), dir.resolve(f));
        }
        Path project = dir.resolve("iris-mlp.lcproj.json");
        if (optimizer != null) {
            String json = Files.readString(project);
            Files.writeString(project, json.replace("{\"type\": \"adam\", \"learning_rate\": 0.01}", optimizer));
            assertThat(Files.readString(project)).contains(optimizer);
        }
        return project;
    }

    static JsonNode metrics(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve(RunFolder.METRICS).toFile());
    }

    @Test
    void irisWithLearningRate1e30StopsInTheFirstEpochWithExit3NamingATensor() throws IOException {
        Path project = iris("{\"type\": \"sgd\", \"learning_rate\": 1e30}");
        Path run = dir.resolve("run");
        CliRun r = CliRun.of("train", project.toString(), "--out", run.toString(), "--backend", "cpu");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err().strip()).matches("layercanvas: training diverged at epoch 1, batch \\d+: loss is \\S+; first non-finite value in "
                + "(node|parameter|the gradient of parameter) '[^']+'.* — lower the learning rate or clip gradients "
                + "\\(training.optimizer.clipnorm / clipvalue\\)").doesNotContain("\n");
        JsonNode m = metrics(run);
        assertThat(m.get("status").asText()).isEqualTo(RunOutcome.DIVERGED);
        assertThat(m.get("message").asText()).startsWith("training diverged at epoch 1");
        List<WeightTensor> weights = SafeTensors.read(run.resolve(RunFolder.WEIGHTS));
        assertThat(weights).isNotEmpty();
        for (WeightTensor w : weights) {
            for (float v : w.values()) {
                assertThat(Float.isFinite(v)).as(w.name()).isTrue();
            }
        }
    }

    @Test
    void aSecondWriterOnTheSameFolderIsRefusedWithExit2() throws IOException {
        Path project = iris(null);
        Path run = dir.resolve("run");
        try (RunLock first = RunLock.acquire(run)) {
            CliRun second = CliRun.of("train", project.toString(), "--out", run.toString(), "--epochs", "1", "--backend", "java");
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.err()).contains(run.toString()).contains("being written by another training run");
            CliRun resume = CliRun.of("train", "--resume", run.toString());
            assertThat(resume.exitCode()).isEqualTo(2);
            assertThat(resume.err()).contains(run.toString());
        }
        assertThat(RunFolder.isRun(run)).as("the refused run wrote nothing").isFalse();
    }

    @Test
    void aFolderLeftRunningWithoutALockHolderReadsAsInterruptedAndResumes() throws IOException {
        Path project = iris(null);
        Path run = dir.resolve("run");
        assertThat(CliRun.of("train", project.toString(), "--out", run.toString(), "--epochs", "2", "--backend", "java").exitCode()).isZero();
        Path metrics = run.resolve(RunFolder.METRICS);
        Files.writeString(metrics, Files.readString(metrics).replace("\"completed\"", "\"running\""));
        assertThat(RunList.entry(run).status()).isEqualTo(RunOutcome.INTERRUPTED);
        RunHistory h = RunFolderReader.read(run);
        assertThat(h.outcome().status()).isEqualTo(RunOutcome.INTERRUPTED);
        try (RunLock writer = RunLock.acquire(run)) {
            assertThat(RunList.entry(run).status()).isEqualTo(RunOutcome.RUNNING);
        }
        // a completed run keeps no checkpoint, so the interrupted one starts again and completes
        CliRun resumed = CliRun.of("train", "--resume", run.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(metrics(run).get("status").asText()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(metrics(run).get("epochs").size()).isEqualTo(2);
    }

    /**
     * A real crash: the command line in its own process, killed (SIGKILL) once metrics.json shows an epoch,
     * then resumed; the weights equal those of a run never interrupted, bit for bit on the java backend.
     */
    @Test
    void aKilledRunResumedEqualsTheUninterruptedRun() throws Exception {
        Path project = iris(null);
        String epochs = "400";
        Path whole = dir.resolve("whole");
        assertThat(CliRun.of("train", project.toString(), "--out", whole.toString(), "--epochs", epochs, "--backend", "java").exitCode()).isZero();
        Path killed = dir.resolve("killed");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules=jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", project.toString(), "--out", killed.toString(),
                "--epochs", epochs, "--backend", "java").redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!completedEpochs(killed) && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(10);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
            p.waitFor();
        }
        JsonNode atKill = metrics(killed);
        assertThat(atKill.get("status").asText()).as("killed while training (raise the epochs if this machine is faster)").isEqualTo("running");
        assertThat(RunList.entry(killed).status()).isEqualTo(RunOutcome.INTERRUPTED);
        CliRun resumed = CliRun.of("train", "--resume", killed.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(metrics(killed).get("status").asText()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(metrics(killed).get("epochs").size()).isEqualTo(Integer.parseInt(epochs));
        assertThat(metrics(killed).get("epochs")).isEqualTo(withoutSeconds(metrics(whole).get("epochs"), metrics(killed).get("epochs")));
        List<WeightTensor> a = SafeTensors.read(whole.resolve(RunFolder.WEIGHTS)), b = SafeTensors.read(killed.resolve(RunFolder.WEIGHTS));
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).values()).as(a.get(i).name()).containsExactly(a.get(i).values());
        }
        List<String> batches = Files.readAllLines(killed.resolve(RunFolder.BATCHES));
        assertThat(batches).hasSameSizeAs(Files.readAllLines(whole.resolve(RunFolder.BATCHES)));
    }

    private static boolean completedEpochs(Path run) {
        try {
            return Files.exists(run.resolve(RunFolder.METRICS)) && metrics(run).path("epochs").size() >= 1;
        } catch (IOException e) {
            return false; // being replaced: look again
        }
    }

    /** {@code expected}'s epochs with {@code actual}'s seconds, which are times and differ between runs. */
    private static JsonNode withoutSeconds(JsonNode expected, JsonNode actual) {
        var copy = expected.deepCopy();
        for (int i = 0; i < copy.size() && i < actual.size(); i++) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get(i)).set("seconds", actual.get(i).get("seconds"));
        }
        return copy;
    }
}
