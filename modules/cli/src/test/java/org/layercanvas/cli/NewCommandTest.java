package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewCommandTest {
    @TempDir
    Path dir;

    private JsonNode train(Path project, Path run) throws IOException {
        CliRun trained = CliRun.of("train", project.toString(), "--out", run.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        return new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    }

    /** The iris tables with text labels, as a user would start: new, then train, with nothing edited in between. */
    @Test
    void irisProjectFromDataTrainsToNinetyPercentTestAccuracy() throws IOException {
        Path project = dir.resolve("projects/iris.lcproj.json");
        CliRun made = CliRun.of("new", "--data", CliRun.example("iris-mlp/iris-train.csv"), "--test", CliRun.example("iris-mlp/iris-test.csv"),
                "--out", project.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(made.out()).contains("wrote " + project, "task: multiclass classification of 'species' (3 classes: virginica, setosa, versicolor)",
                "network: input [4] → dense 16 relu → dense 3 softmax", "train it with: layercanvas train " + project);
        assertThat(Files.readString(project)).contains("\"target\": \"species\"").doesNotContain(dir.toString());

        JsonNode metrics = train(project, dir.resolve("run"));
        double accuracy = metrics.get("test").get("accuracy").asDouble();
        System.out.println("layercanvas new on iris: test accuracy " + accuracy);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void regressionProjectTrainsAndItsLossFalls() throws IOException {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder("x1,x2,x3,y\n");
        for (int i = 0; i < 300; i++) {
            double x1 = random.nextGaussian() * 10, x2 = random.nextDouble(), x3 = random.nextGaussian();
            csv.append(x1).append(',').append(x2).append(',').append(x3).append(',').append(0.3 * x1 - 2 * x2 + x3 * x3 + 0.05 * random.nextGaussian()).append('\n');
        }
        Path data = Files.writeString(dir.resolve("quantities.csv"), csv);
        Path project = dir.resolve("q.lcproj.json");
        CliRun made = CliRun.of("new", "--data", data.toString(), "--out", project.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(made.out()).contains("task: regression of 'y'", "training: mse, adam");

        JsonNode epochs = train(project, dir.resolve("run")).get("epochs");
        double first = epochs.get(0).get("loss").asDouble(), last = epochs.get(epochs.size() - 1).get("loss").asDouble();
        assertThat(last).isLessThan(first / 10);
        assertThat(epochs.get(epochs.size() - 1).get("val_loss").asDouble()).isLessThan(first / 10);
    }

    @Test
    void refusesToOverwriteUnlessForced() throws IOException {
        Path project = dir.resolve("iris.lcproj.json");
        Files.writeString(project, "keep me");
        String[] args = {"new", "--data", CliRun.example("iris-mlp/iris-train.csv"), "--model", "logistic", "--out", project.toString()};
        CliRun refused = CliRun.of(args);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("layercanvas: not overwriting " + project + " (use --force to replace it)");
        assertThat(Files.readString(project)).isEqualTo("keep me");

        CliRun forced = CliRun.of(java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--force")).toArray(String[]::new));
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("network: input [4] → dense 3 softmax (15 parameters)");
    }

    @Test
    void badDataExitsWith2NamingTheFileAndWritesNothing() throws IOException {
        Path iris = Path.of(CliRun.example("iris-mlp/iris-train.csv")).toAbsolutePath().normalize();
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b,y\n1,2,0\n3,4\n");
        Path out = dir.resolve("out/p.lcproj.json");
        String[][] cases = {
                {"new", "--data", iris.toString(), "--target", "colour", "--out", out.toString()},
                {"new", "--data", ragged.toString(), "--out", out.toString()},
                {"new", "--data", iris.toString(), "--model", "cnn", "--out", out.toString()},
                {"new", "--data", dir.resolve("none.csv").toString(), "--out", out.toString()},
        };
        String[] messages = {
                iris + ":1: no column named 'colour' (columns: sepal_length, sepal_width, petal_length, petal_width, species)",
                ragged + ":3: has 2 columns but the first row has 3",
                "unknown model 'cnn' (known: logistic, mlp)",
                "file not found: ",
        };
        for (int i = 0; i < cases.length; i++) {
            CliRun run = CliRun.of(cases[i]);
            assertThat(run.exitCode()).as(String.join(" ", cases[i]) + "\n" + run.err()).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", cases[i])).startsWith("layercanvas: ").contains(messages[i]).doesNotContain("\tat ");
            assertThat(run.err().strip().lines()).hasSize(1);
        }
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }
}
