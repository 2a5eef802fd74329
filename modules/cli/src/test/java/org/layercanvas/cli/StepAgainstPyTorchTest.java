package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.SafeTensors;

/**
 * {@code layercanvas step} against PyTorch: a bundled example's batch, stepped on the reference backend, then run forward
 * and backward in float32 through the same network exported with {@code --format pytorch}; every node's output and
 * output gradient, and every parameter gradient PyTorch names the same way, agree to 1e-5 of the tensor's largest value
 * (step_in_pytorch.py). Skipped where python3-torch or Fashion-MNIST is missing.
 */
class StepAgainstPyTorchTest {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fashion-mlp", "lenet5-fashion", "lstm-sine"})
    void everyActivationAndGradientOfABatchEqualsPyTorchs(String example) throws Exception {
        Assumptions.assumeTrue(example.equals("lstm-sine") || Files.exists(FASHION), "Fashion-MNIST is not installed");
        String project = CliRun.example(example + "/" + example + ".lcproj.json");
        Path step = stepped(project, "java", "--batch", "1");
        Path weights = dir.resolve("weights.safetensors"), model = dir.resolve("model");
        SafeTensors.write(weights, parameters(step));
        CliRun export = CliRun.of("export", project, "--weights", weights.toString(), "--format", "pytorch", "--out", model.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();

        Path script = dir.resolve("step_in_pytorch.py");
        try (InputStream in = StepAgainstPyTorchTest.class.getResourceAsStream("step_in_pytorch.py")) {
            Files.copy(in, script);
        }
        String python = System.getProperty("layercanvas.python", "/usr/bin/python3");
        String loss = ProjectFiles.read(Path.of(project)).training().loss();
        Process p;
        try {
            p = new ProcessBuilder(python, "-B", script.toString(), model.toString(), step.toString(), loss).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no " + python + ": " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        Assumptions.assumeFalse(out.contains("No module named 'torch'"), "PyTorch check skipped: " + python + " has no torch");
        assertThat(p.exitValue()).as(out).isZero();
        // every node but the Input was compared, forward and backward
        long nodes = ProjectFiles.read(Path.of(project)).mainNetwork().nodes().size() - 1;
        assertThat(out.lines().filter(l -> l.contains("/grad_output ")).count()).as(out).isEqualTo(nodes);
    }

    /**
     * The reference backend (double precision) and the cpu backend (float, vectorised) or the OpenCL one (PoCL in CI) step
     * LeNet-5's batch alike: every tensor to 1e-5 of its largest value, the weights after Adam's first step to 1e-4. That
     * step moves each weight by lr·g/(|g| + 1e-7), which turns float rounding in a gradient near 1e-7 into a visible share
     * of lr. Without an OpenCL device the opencl case fails, as CI has one, unless -Dlayercanvas.requireOpenCL=false.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "opencl"})
    void aBackendStepsABatchAsTheReferenceBackendDoes(String backend) throws Exception {
        Assumptions.assumeTrue(Files.exists(FASHION), "Fashion-MNIST is not installed");
        Assumptions.assumeFalse(backend.equals("opencl") && "false".equals(System.getProperty("layercanvas.requireOpenCL")),
                "layercanvas.requireOpenCL=false");
        String project = CliRun.example("lenet5-fashion/lenet5-fashion.lcproj.json");
        Map<String, float[]> reference = tensors(stepped(project, "java", "--update"));
        Map<String, float[]> cpu = tensors(stepped(project, backend, "--update"));
        assertThat(cpu.keySet()).isEqualTo(reference.keySet());
        for (var e : reference.entrySet()) {
            float[] want = e.getValue(), got = cpu.get(e.getKey());
            double scale = 0, worst = 0;
            for (int i = 0; i < want.length; i++) {
                scale = Math.max(scale, Math.abs(want[i]));
                worst = Math.max(worst, Math.abs(want[i] - got[i]));
            }
            double tolerance = e.getKey().endsWith(".next") ? 1e-4 : 1e-5;
            assertThat(worst).as(e.getKey()).isLessThanOrEqualTo(tolerance * Math.max(scale, 1e-30));
        }
    }

    private Path stepped(String project, String backend, String... more) {
        Path out = dir.resolve("step-" + backend);
        List<String> args = new java.util.ArrayList<>(List.of("step", project, "--backend", backend, "--out", out.toString()));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return out.resolve("tensors.safetensors");
    }

    private static Map<String, float[]> tensors(Path file) throws IOException {
        return SafeTensors.read(file).stream().collect(Collectors.toMap(WeightTensor::name, WeightTensor::values));
    }

    /** The network's parameters among a step's tensors: neither batch data, a node's output or gradient, nor a .grad or .next. */
    private static List<WeightTensor> parameters(Path step) throws IOException {
        return SafeTensors.read(step).stream().filter(t -> t.name().contains("/") && !t.name().endsWith("/output")
                && !t.name().endsWith("/grad_output") && !t.name().endsWith(".grad") && !t.name().endsWith(".next")).toList();
    }
}
