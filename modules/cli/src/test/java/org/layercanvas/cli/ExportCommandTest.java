package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.SafeTensors;

class ExportCommandTest {
    @TempDir
    Path dir;

    /** The lecture's 2-2-1 network with its shipped weights: the exported model computes what LayerCanvas does. */
    @Test
    void exportsTheLectureNetworkToOnnxThatOnnxRuntimeRuns() throws IOException, OrtException {
        String project = CliRun.example("lecture-backprop/lecture-backprop.lcproj.json");
        String weights = CliRun.example("lecture-backprop/initial-weights.safetensors");
        Path model = dir.resolve("models/lecture.onnx");
        CliRun run = CliRun.of("export", project, "--weights", weights, "--format", "onnx", "--out", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + model + " (onnx, network 'main', 3 layers, ");

        float[] x = {1, 2, -0.5f, 0.25f, 0, 3};
        float[] ours;
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(ProjectFiles.read(Path.of(project)).mainNetwork(), new ReferenceBackend(), 3)) {
            plan.loadWeights(SafeTensors.read(Path.of(weights)));
            ours = plan.predict(x, 3);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(Files.readAllBytes(model), new OrtSession.SessionOptions());
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {3, 2})) {
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            feeds.put("x", in);
            try (OrtSession.Result result = session.run(feeds)) {
                float[][] y = (float[][]) result.get("y").orElseThrow().getValue();
                for (int i = 0; i < 3; i++) {
                    assertThat(y[i][0]).as("sample %d", i).isCloseTo(ours[i], org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
        }
    }

    /** A GAN's generator is exported on its own: noise [N, 64] in, images [N, 1, 28, 28] out. */
    @Test
    void exportsTheNamedNetworkOfAProject() throws IOException, OrtException {
        String project = CliRun.example("gan-fashion/gan-fashion.lcproj.json");
        Path weights = dir.resolve("generator.safetensors");
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(ProjectFiles.read(Path.of(project)).network("generator").orElseThrow(),
                new ReferenceBackend(), 1)) {
            plan.initialize(7);
            SafeTensors.write(weights, plan.weights());
        }
        Path model = dir.resolve("generator.onnx");
        CliRun run = CliRun.of("export", project, "--weights", weights.toString(), "--network", "generator", "--out", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(Files.readAllBytes(model), new OrtSession.SessionOptions())) {
            assertThat(session.getInputNames()).containsExactly("noise");
            assertThat(session.getOutputNames()).containsExactly("image");
            assertThat(((ai.onnxruntime.TensorInfo) session.getOutputInfo().get("image").getInfo()).getShape()).containsExactly(-1, 1, 28, 28);
        }
    }

    @Test
    void badInputExitsWith2AndOneClearLine() throws IOException {
        String xor = CliRun.example("xor/xor.lcproj.json"), lecture = CliRun.example("lecture-backprop/initial-weights.safetensors");
        String out = dir.resolve("m.onnx").toString();
        Map<String[], String> cases = Map.of(
                new String[] {"export", xor, "--weights", lecture, "--format", "tflite", "--out", out}, "unknown export format 'tflite' (known: onnx, pytorch, keras, tfjs)",
                new String[] {"export", xor, "--weights", lecture, "--out", out},
                "initial-weights.safetensors: the weights do not fit network 'main': tensor 'hidden/weight' has shape [2,2] but the network needs [8,2]",
                new String[] {"export", CliRun.example("blobs-logistic/lda.lcproj.json"), "--weights", lecture, "--out", out},
                "lda.lcproj.json: cannot export LDA 'lda' to ONNX",
                new String[] {"export", xor, "--weights", dir.resolve("none.safetensors").toString(), "--out", out}, "file not found: ",
                new String[] {"export", xor, "--weights", lecture, "--network", "generator", "--out", out},
                "xor.lcproj.json: the project has no network 'generator' (it has main)");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            CliRun run = CliRun.of(c.getKey());
            assertThat(run.exitCode()).as(String.join(" ", c.getKey()) + "\n" + run.err()).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", c.getKey())).startsWith("layercanvas: ").contains(c.getValue()).doesNotContain("\tat ");
            assertThat(run.err().strip().lines()).as(String.join(" ", c.getKey())).hasSize(1);
        }
        assertThat(Files.exists(Path.of(out))).isFalse();
    }

    @Test
    void aFolderFormatNeedsAFolderAndAFileFormatAFile() throws IOException {
        String xor = CliRun.example("xor/xor.lcproj.json");
        Path weights = dir.resolve("xor.safetensors");
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(ProjectFiles.read(Path.of(xor)).mainNetwork(), new ReferenceBackend(), 1)) {
            plan.initialize(3);
            SafeTensors.write(weights, plan.weights());
        }
        Path file = Files.writeString(dir.resolve("taken.txt"), "mine");
        Map<String[], String> cases = Map.of(
                new String[] {"export", xor, "--weights", weights.toString(), "--format", "pytorch", "--out", file.toString()},
                "taken.txt is a file; the pytorch export writes a folder (model.py, weights.safetensors)",
                new String[] {"export", xor, "--weights", weights.toString(), "--format", "keras", "--out", file.toString()},
                "taken.txt is a file; the keras export writes a folder (keras_model.py, weights.safetensors)",
                new String[] {"export", xor, "--weights", weights.toString(), "--format", "onnx", "--out", dir.toString()},
                "is a folder; the onnx export writes one file, e.g. " + dir.resolve("main.onnx"),
                new String[] {"export", CliRun.example("vae-fashion/vae-fashion.lcproj.json"), "--weights", weights.toString(), "--format", "pytorch",
                        "--out", dir.resolve("vae").toString()},
                "cannot export Sampling");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            CliRun run = CliRun.of(c.getKey());
            assertThat(run.exitCode()).as(String.join(" ", c.getKey()) + "\n" + run.err()).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", c.getKey())).startsWith("layercanvas: ").contains(c.getValue()).doesNotContain("\tat ");
            assertThat(run.err().strip().lines()).as(String.join(" ", c.getKey())).hasSize(1);
        }
        assertThat(Files.readString(file)).isEqualTo("mine");
        assertThat(dir.resolve("vae")).doesNotExist();
    }

    /** An export never replaces what it reads: the weights file, the project, or a training run's folder. */
    @Test
    void anExportNeverReplacesItsOwnInputsOrARunFolder() throws IOException {
        Path project = dir.resolve("xor.lcproj.json");
        Files.copy(Path.of(CliRun.example("xor/xor.lcproj.json")), project);
        Files.copy(Path.of(CliRun.example("xor/xor.csv")), dir.resolve("xor.csv"));
        Path run = dir.resolve("runs/r1");
        assertThat(CliRun.of("train", project.toString(), "--out", run.toString(), "--epochs", "1").exitCode()).isZero();
        Path weights = run.resolve("weights.safetensors");
        byte[] before = Files.readAllBytes(weights);
        Map<String[], String> cases = Map.of(
                new String[] {"export", project.toString(), "--weights", weights.toString(), "--format", "pytorch", "--out", run.toString()},
                "is a training run's folder; the pytorch export would replace its model.py, weights.safetensors",
                new String[] {"export", project.toString(), "--weights", weights.toString(), "--format", "onnx", "--out", weights.toString()},
                "is the weights file being exported",
                new String[] {"export", project.toString(), "--weights", weights.toString(), "--format", "onnx", "--out", project.toString()},
                "is the project being exported");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            CliRun r = CliRun.of(c.getKey());
            assertThat(r.exitCode()).as(String.join(" ", c.getKey()) + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", c.getKey())).contains(c.getValue());
        }
        assertThat(Files.readAllBytes(weights)).isEqualTo(before);
        assertThat(run.resolve("model.py")).doesNotExist();
    }

    /** The lecture's network as a PyTorch module: python3-torch computes what LayerCanvas does (skipped without torch). */
    @Test
    void exportsTheLectureNetworkToPyTorchAndKeras() throws IOException, InterruptedException {
        String project = CliRun.example("lecture-backprop/lecture-backprop.lcproj.json");
        String weights = CliRun.example("lecture-backprop/initial-weights.safetensors");
        Path torchDir = dir.resolve("torch"), kerasDir = dir.resolve("keras");
        CliRun run = CliRun.of("export", project, "--weights", weights, "--format", "pytorch", "--out", torchDir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + torchDir + " (pytorch, network 'main', 3 layers): model.py, weights.safetensors");
        run = CliRun.of("export", project, "--weights", weights, "--format", "keras", "--out", kerasDir.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(kerasDir.resolve("keras_model.py")).content().contains("def build_model():");
        // Keras's layouts under <layer>/<weight>: the kernel is [in, units], LayerCanvas's weight transposed
        var kerasWeights = SafeTensors.read(kerasDir.resolve("weights.safetensors"));
        var torchWeights = SafeTensors.read(torchDir.resolve("weights.safetensors"));
        var kernel = kerasWeights.stream().filter(w -> w.name().equals("hidden/kernel")).findFirst().orElseThrow();
        var weight = torchWeights.stream().filter(w -> w.name().equals("hidden.weight")).findFirst().orElseThrow();
        assertThat(kernel.shape().dims()).containsExactly(weight.shape().dim(1), weight.shape().dim(0));
        assertThat(kernel.values()[1]).isEqualTo(weight.values()[weight.shape().dim(1)]);

        float[] x = {1, 2, -0.5f, 0.25f, 0, 3};
        float[] ours;
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(ProjectFiles.read(Path.of(project)).mainNetwork(), new ReferenceBackend(), 3)) {
            plan.loadWeights(SafeTensors.read(Path.of(weights)));
            ours = plan.predict(x, 3);
        }
        String python = System.getProperty("layercanvas.python", "/usr/bin/python3");
        String script = "import sys; sys.path.insert(0, sys.argv[1]); import torch; from model import Net, load_weights\n"
                + "m = Net(); m.load_state_dict(load_weights(sys.argv[1] + '/weights.safetensors')); m.eval()\n"
                + "x = torch.tensor([[1, 2], [-0.5, 0.25], [0, 3]], dtype=torch.float32)\n"
                + "print(' '.join(repr(v) for v in m(x).detach().flatten().tolist()))\n";
        Process p;
        try {
            p = new ProcessBuilder(python, "-B", "-c", script, torchDir.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no " + python + ": " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        org.junit.jupiter.api.Assumptions.assumeFalse(out.contains("No module named 'torch'"), "PyTorch check skipped: " + python + " has no torch");
        assertThat(p.exitValue()).as(out).isZero();
        String[] values = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        assertThat(values).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(Float.parseFloat(values[i])).as("sample %d", i).isCloseTo(ours[i], org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
