package org.layercanvas.formats.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.layercanvas.engine.Networks.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.onnx.OnnxCheck;

/**
 * The plugin's LayerNormalization in the PyTorch and Keras exports. The generated source is checked
 * always; the PyTorch module also runs in python3 + torch against the reference backend through the
 * formats tests' {@link PythonRunner} (this class sits in its package to reach it), skipped as
 * PyTorchExporterTest skips where Python cannot import torch. The same Keras configuration runs as a TensorFlow.js export
 * in TensorFlow.js (installed in the formats module, as TfjsExporterTest needs it).
 */
class LayerNormalizationPythonTest {
    private static final LayerRegistry REGISTRY = LayerRegistry.standard();

    private static Network network() {
        return chain("x", "Input", Map.of("shape", List.of(3, 6)),
                "ln", "LayerNormalization", Map.of("epsilon", 1e-5),
                "f", "Flatten", Map.of(),
                "out", "Dense", Map.of("units", 2));
    }

    private static List<WeightTensor> weights(Network net) {
        return new Compiler(REGISTRY).compile(net, new ReferenceBackend(), 1).weights();
    }

    @Test
    void pyTorchSourceUsesLayerNormWithItsStateDict() {
        PyTorchExporter.Generated g = new PyTorchExporter().generate(network(), weights(network()), REGISTRY);
        assertThat(g.source()).contains("self.ln = nn.LayerNorm(6, eps=1.0E-5)", "ln = self.ln(x)");
        assertThat(g.stateDict()).extracting(WeightTensor::name).containsExactly("ln.weight", "ln.bias", "out.weight", "out.bias");
    }

    @Test
    void kerasSourceUsesLayerNormalizationOverTheLastAxis() throws IOException {
        Map<String, byte[]> files = new KerasExporter().files(network(), weights(network()), REGISTRY);
        String script = new String(files.get(KerasExporter.SCRIPT), StandardCharsets.UTF_8);
        assertThat(script).contains("layers.LayerNormalization(axis=-1, epsilon=1.0e-5, center=True, scale=True, name=");
    }

    @Test
    void pyTorchAgreesWithLayerCanvas() throws IOException, InterruptedException {
        String torchMissing = PythonRunner.missing("torch");
        assumeTrue(torchMissing == null, () -> "PyTorch check skipped: " + torchMissing + " (install Debian's python3-torch)");
        Path root = Files.createTempDirectory("layercanvas-plugin-pytorch");
        try {
            PythonRunner runner = new PythonRunner(root);
            PythonRunner.Export export = (net, weights, dir) -> new PyTorchExporter().export(net, weights, REGISTRY, dir);
            PythonRunner.Case vectors = runner.prepare("LayerNormalization of vectors",
                    OnnxCheck.single("LayerNormalization", Map.of("epsilon", 0.01), new int[] {7}), 1, export);
            PythonRunner.Case sequences = runner.prepare("LayerNormalization of sequences", network(), 2, export);
            runner.run("run_torch_models.py");
            for (PythonRunner.Case c : List.of(vectors, sequences)) {
                PythonRunner.assertMatches(c);
                System.out.printf("%s: max |difference| PyTorch %.3g%n", c.name(), maxDifference(c));
            }
        } finally {
            PythonRunner.deleteUnlessKept(root);
        }
    }

    @Test
    void tensorFlowJsAgreesWithLayerCanvas() throws IOException, InterruptedException {
        Path modules = PythonRunner.tensorFlowJs(Path.of("../formats"));
        Path root = Files.createTempDirectory("layercanvas-plugin-tfjs");
        try {
            PythonRunner runner = new PythonRunner(root);
            PythonRunner.Export export = (net, weights, dir) -> new org.layercanvas.formats.keras.TfjsExporter().export(net, weights, REGISTRY, dir);
            PythonRunner.Case vectors = runner.prepare("LayerNormalization of vectors",
                    OnnxCheck.single("LayerNormalization", Map.of("epsilon", 0.01), new int[] {7}), 1, export);
            PythonRunner.Case sequences = runner.prepare("LayerNormalization of sequences", network(), 2, export);
            runner.runTensorFlowJs(modules);
            for (PythonRunner.Case c : List.of(vectors, sequences)) {
                PythonRunner.assertMatches(c, "TensorFlow.js");
            }
        } finally {
            PythonRunner.deleteUnlessKept(root);
        }
    }

    private static double maxDifference(PythonRunner.Case c) throws IOException {
        double worst = 0;
        for (int batch : PythonRunner.BATCHES) {
            float[] ours = c.ours().get(batch), theirs = PythonRunner.readFloats(c.dir().resolve("out_" + batch + ".f32"));
            for (int i = 0; i < ours.length; i++) {
                worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
            }
        }
        return worst;
    }
}
