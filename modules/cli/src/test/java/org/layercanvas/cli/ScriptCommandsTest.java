package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layercanvas run} and {@code layercanvas sweep} as a user types them, on a copy of the Iris example. */
class ScriptCommandsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyIris() throws IOException {
        for (String f : List.of("iris-mlp.lcproj.json", "iris-train.csv", "iris-test.csv", "sweep-learning-rate.js")) {
            Files.copy(Path.of(CliRun.example("iris-mlp")).resolve(f), dir.resolve(f));
        }
    }

    @Test
    void theBundledSweepScriptPrintsTheBestLearningRate() {
        CliRun run = CliRun.of("run", dir.resolve("sweep-learning-rate.js").toString(), "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("learning rate 0.001: test accuracy", "learning rate 0.03: test accuracy", "best: learning rate ");
        assertThat(run.out().lines().filter(l -> l.startsWith("epoch 3/3"))).hasSize(4);
    }

    @Test
    void aScriptErrorSaysWhereAndExitsWith2() throws IOException {
        Files.writeString(dir.resolve("bad.js"), "const p = lc.open('iris-mlp.lcproj.json');\np.set('training.epochs', 0);\n");
        CliRun run = CliRun.of("run", dir.resolve("bad.js").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("layercanvas: bad.js:2:1: set(\"training.epochs\", 0): training.epochs: must be at least 1, not 0\n");
        Files.write(dir.resolve("binary.js"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x20});
        CliRun binary = CliRun.of("run", dir.resolve("binary.js").toString());
        assertThat(binary.exitCode()).isEqualTo(2);
        assertThat(binary.err()).isEqualTo("layercanvas: " + dir.resolve("binary.js").toAbsolutePath() + ": not a script: the file is not UTF-8 text\n");
    }

    @Test
    void theSandboxAndTheLimitsHoldOnTheCommandLine() throws IOException {
        Files.writeString(dir.resolve("escape.js"), "lc.open('" + dir.getParent().resolve("other.lcproj.json") + "')");
        CliRun escape = CliRun.of("run", dir.resolve("escape.js").toString());
        assertThat(escape.exitCode()).isEqualTo(2);
        assertThat(escape.err()).contains("refused: the script may not read", "--allow-read");
        Files.writeString(dir.resolve("loop.js"), "while (true) {}");
        CliRun timeout = CliRun.of("run", dir.resolve("loop.js").toString(), "--timeout", "1s", "--max-statements", "0");
        assertThat(timeout.err()).contains("loop.js:1:1: the script ran past its time limit of 1 s");
        CliRun statements = CliRun.of("run", dir.resolve("loop.js").toString(), "--max-statements", "5000");
        assertThat(statements.err()).contains("ran more than 5000 statements");
        assertThat(CliRun.of("run", dir.resolve("loop.js").toString(), "--timeout", "soon").err()).contains("give a time like 90s");
    }

    @Test
    void sweepTrainsEveryCombinationAndPrintsItsMetrics() {
        CliRun run = CliRun.of("sweep", dir.resolve("iris-mlp.lcproj.json").toString(), "--grid", "nodes.hidden.units=4,8",
                "--grid", "training.optimizer.learning_rate=0.01,0.03", "--epochs", "2", "--seeds", "1,2", "--backend", "java");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> table = run.out().lines().filter(l -> l.startsWith("nodes.hidden.units=")).toList();
        assertThat(table).hasSize(8);
        assertThat(table.get(0)).startsWith("nodes.hidden.units=4  training.optimizer.learning_rate=0.01  seed=1  loss ").contains("test_accuracy");
        CliRun bad = CliRun.of("sweep", dir.resolve("iris-mlp.lcproj.json").toString(), "--grid", "nodes.hidden.units");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("give KEY=V1,V2");
    }
}
