package org.layercanvas.scripting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox, the limits and the messages of a script run, with the lc API on the bundled Iris example. */
class ScriptRunnerTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void copyIris() throws IOException {
        Path iris = Path.of(System.getProperty("examples.dir", "../../examples"), "iris-mlp");
        for (String f : List.of("iris-mlp.lcproj.json", "iris-train.csv", "iris-test.csv")) {
            Files.copy(iris.resolve(f), dir.resolve(f));
        }
    }

    private String run(String code) throws ScriptFailure {
        return run(code, ScriptRunner.Limits.NONE);
    }

    private String run(String code, ScriptRunner.Limits limits) throws ScriptFailure {
        new ScriptRunner(new ScriptAccess(dir, List.of(), List.of()), List.of("first", "2"), limits,
                new PrintStream(output, true, StandardCharsets.UTF_8)).run("t.js", code);
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theSandboxRefusesJavaFilesModulesAndThreads() {
        assertThatThrownBy(() -> run("Java.type('java.io.File')")).isInstanceOf(ScriptFailure.class).hasMessageStartingWith("t.js:1:1: ");
        assertThatThrownBy(() -> run("load('/etc/passwd')")).hasMessageContaining("refused by the sandbox");
        assertThatThrownBy(() -> run("require('fs')")).hasMessageContaining("require is not defined");
        assertThatThrownBy(() -> run("new java.lang.Thread()")).isInstanceOf(ScriptFailure.class);
        assertThatThrownBy(() -> run("lc.getClass()")).isInstanceOf(ScriptFailure.class);
        assertThatThrownBy(() -> run("lc.open('/etc/passwd')")).hasMessageStartingWith("t.js:1:1: refused: the script may not read /etc/passwd")
                .hasMessageContaining("--allow-read");
        assertThatThrownBy(() -> run("lc.open('iris-mlp.lcproj.json').save('../elsewhere')")).hasMessageContaining("may not write");
    }

    @Test
    void runawayScriptsStopAtTheStatementLimitAndAtTheTimeLimit() {
        assertThatThrownBy(() -> run("let i = 0;\nwhile (true) { i++; }", new ScriptRunner.Limits(null, 100_000)))
                .hasMessageStartingWith("t.js:").hasMessageContaining("more than 100000 statements");
        long start = System.nanoTime();
        assertThatThrownBy(() -> run("while (true) {}", new ScriptRunner.Limits(Duration.ofMillis(1500), 0)))
                .hasMessageContaining("ran past its time limit of 1500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void anErrorNamesTheLineAndColumnOfTheScript() {
        assertThatThrownBy(() -> run("const p = lc.open('iris-mlp.lcproj.json');\n\n  p.node('hidden').set('units', 0);"))
                .hasMessageStartingWith("t.js:3:3: ").hasMessageContaining("'units' must be at least 1, not 0");
        assertThatThrownBy(() -> run("let x = null;\nx.y;")).hasMessageStartingWith("t.js:2:1: TypeError");
        assertThatThrownBy(() -> run("lc.open('iris-mlp.lcproj.json').node('nope')")).hasMessageContaining("has no layer 'nope'");
    }

    @Test
    void theApiOpensChangesTrainsEvaluatesExportsAndSaves() throws Exception {
        String out = run("""
                const p = lc.open("iris-mlp.lcproj.json");
                print(lc.args[0], lc.args.length);
                p.node("hidden").set("units", 12);
                p.set("training.optimizer.learning_rate", 0.02);
                const run = p.train({epochs: 3, seed: 1});
                print("epochs", run.epochs.length, "accuracy", run.test.accuracy > 0, "val", run.epochs[2].loss > 0);
                print("evaluated", p.evaluate(run.weights).accuracy === run.test.accuracy);
                print(p.export("onnx", "iris.onnx", run.weights));
                print("saved", p.save("iris-12"));
                print("lr", p.get("training.optimizer.learning_rate"), p.node("hidden").get("units"));
                """);
        assertThat(out).contains("first 2", "epoch 3/3", "epochs 3 accuracy true val true", "evaluated true", "saved", "lr 0.02 12");
        assertThat(dir.resolve("iris.onnx")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("iris-12.lcproj.json"))).contains("\"units\": 12").contains("0.02");
        assertThat(Files.readString(dir.resolve("iris-mlp.lcproj.json"))).doesNotContain("\"units\": 12");
        assertThat(Files.list(dir.resolve("runs")).count()).isEqualTo(1);
    }

    @Test
    void aSweepGivesWhatTheSameRunsTrainedOneByOneGive() throws Exception {
        String out = run("""
                const p = lc.open("iris-mlp.lcproj.json");
                const runs = lc.sweep(p, {"training.optimizer.learning_rate": [0.005, 0.05], "nodes.hidden.units": [4, 8]}, {epochs: 2, seeds: [3]});
                const single = lc.open("iris-mlp.lcproj.json");
                single.set("training.optimizer.learning_rate", 0.05).set("nodes.hidden.units", 8);
                const again = single.train({epochs: 2, seed: 3});
                print("runs", runs.length, runs[3].params["nodes.hidden.units"], runs[3].params["training.optimizer.learning_rate"]);
                print("same", runs[3].final.loss === again.final.loss, runs[3].test.accuracy === again.test.accuracy);
                print("differs", runs[0].final.loss !== runs[3].final.loss);
                """);
        assertThat(out).contains("runs 4 8 0.05", "same true true", "differs true");
        // each sweep run records its combination with its hyperparameters, for the Runs tab
        java.util.List<org.layercanvas.formats.runs.RunList.Entry> runs = org.layercanvas.formats.runs.RunList.in(dir.resolve("runs"));
        assertThat(runs).hasSize(5);
        assertThat(runs.stream().filter(r -> "8".equals(r.hyperparameters().get("nodes.hidden.units"))
                && "0.05".equals(r.hyperparameters().get("training.optimizer.learning_rate")))).hasSize(1);
    }
}
