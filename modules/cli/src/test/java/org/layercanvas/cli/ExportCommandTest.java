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
                new String[] {"export", xor, "--weights", lecture, "--format", "tflite", "--out", out}, "unknown export format 'tflite' (known: onnx)",
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
}
