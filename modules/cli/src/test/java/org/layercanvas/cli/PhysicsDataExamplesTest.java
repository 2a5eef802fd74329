package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The physics data examples as a user runs them: examples/higgs-hdf5 and examples/root-to-parquet. */
class PhysicsDataExamplesTest {
    @TempDir
    Path dir;

    private JsonNode test(String project, Path run) throws IOException {
        CliRun trained = CliRun.of("train", CliRun.example(project), "--backend", "cpu", "--out", run.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).as("LDA is fitted without planned epochs").doesNotContain("epoch 1/0");
        return new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).get("test");
    }

    /** The signal sits in a window of the dijet mass, which a linear discriminant cannot cut and the MLP can. */
    @Test
    void higgsMlpBeatsLdaOnTheSameHdf5Events() throws IOException {
        double lda = test("higgs-hdf5/higgs-lda.lcproj.json", dir.resolve("lda")).get("auc").asDouble();
        double mlp = test("higgs-hdf5/higgs-mlp.lcproj.json", dir.resolve("mlp")).get("auc").asDouble();
        System.out.printf("higgs-hdf5 test AUC: LDA %.4f, MLP %.4f%n", lda, mlp);
        assertThat(lda).isBetween(0.68, 0.75);
        assertThat(mlp).isGreaterThan(0.88).isGreaterThan(lda + 0.1);
    }

    @Test
    void dataShowsTheHdf5FilesDatasetsAndTakesTheTrainingPart() {
        CliRun shown = CliRun.of("data", CliRun.example("higgs-hdf5/events.h5"));
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("\"features\":\"/train/features\",\"labels\":\"/train/labels\"", "  /test/features float32 [4000, 8]",
                "  /train/labels int64 [10000]", "samples: 10000");
    }

    /** convert.py's output path (no uproot here: --synthetic stands in for the ROOT file) gives a source LayerCanvas reads and trains on. */
    @Test
    void convertedRootEventsTrain() throws Exception {
        String python = System.getProperty("layercanvas.python", "/usr/bin/python3");
        Path h5 = dir.resolve("events.h5");
        Process p = new ProcessBuilder(python, Path.of(CliRun.example("root-to-parquet/convert.py")).toAbsolutePath().toString(),
                "--synthetic", "--out", h5.toString(), "--jagged", "pad:3").redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isZero();
        JsonNode source = new ObjectMapper().readTree(printed);
        assertThat(source.get("type").asText()).isEqualTo("hdf5");
        assertThat(source.get("features")).hasSize(6); // met, lepton_pt, jet_pt_0..2, jet_pt_count
        assertThat(source.get("labels").asText()).isEqualTo("/events/is_signal");

        Path project = dir.resolve("events.lcproj.json");
        CliRun made = CliRun.of("new", "--data", h5.toString(), "--out", project.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(made.out()).contains("task: binary classification", "input [6]");
        Path run = dir.resolve("run");
        CliRun trained = CliRun.of("train", project.toString(), "--epochs", "5", "--backend", "cpu", "--out", run.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        double auc = new ObjectMapper().readTree(run.resolve("metrics.json").toFile()).get("epochs").get(4).get("val_auc").asDouble();
        assertThat(auc).isGreaterThan(0.75);
    }
}
