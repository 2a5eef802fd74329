package org.layercanvas.formats.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.layercanvas.formats.onnx.OnnxCheck.REGISTRY;
import static org.layercanvas.formats.onnx.OnnxCheck.single;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.formats.onnx.OnnxExamplesTest;
import org.layercanvas.formats.onnx.OnnxCheck;
import org.layercanvas.formats.onnx.OnnxExporterTest;

/**
 * The Keras export, checked without TensorFlow (neither Debian nor this build has it): every script
 * (each single-layer case and example) compiles and imports with numpy alone, its weight conversion
 * runs, and for single Dense, Conv2D, BatchNormalization, SimpleRNN and LSTM layers a numpy evaluation
 * of Keras's documented formulas on the converted weights agrees with LayerCanvas. Whether Keras
 * itself builds and runs the model is not tested here. Skipped where Python has no numpy.
 */
public class KerasExporterTest {
    private static final KerasExporter EXPORTER = new KerasExporter();
    private static final Set<String> EMULATED = Set.of("Dense", "Conv2D", "BatchNormalization", "SimpleRNN", "LSTM", "GRU");
    private static final Map<String, PythonRunner.Case> CASES = new HashMap<>();
    private static String numpyMissing;
    private static Path root;

    static Stream<Arguments> singleLayers() {
        return OnnxExporterTest.singleLayers();
    }

    static Stream<Arguments> examples() throws IOException {
        return OnnxExamplesTest.networks();
    }

    @BeforeAll
    static void checkEveryScriptInOnePythonProcess() throws IOException, InterruptedException {
        numpyMissing = PythonRunner.missing("numpy");
        if (numpyMissing != null) {
            return;
        }
        root = Files.createTempDirectory("layercanvas-keras-export");
        PythonRunner runner = new PythonRunner(root);
        PythonRunner.Export export = (net, weights, dir) -> EXPORTER.export(net, weights, REGISTRY, dir);
        for (Arguments a : Stream.concat(singleLayers(), examples()).toList()) {
            String name = (String) a.get()[0];
            Network net = (Network) a.get()[1];
            if (net.nodes().stream().allMatch(n -> new PyTorchExporter().layerTypes().contains(n.type())) && kerasLacking(net) == null) {
                Node layer = net.node("layer").orElse(null);
                Map<String, Object> info = layer != null && EMULATED.contains(layer.type()) && net.nodes().size() == 2
                        ? Map.of("type", layer.type(), "params", layer.params()) : Map.of();
                CASES.put(name, runner.prepare(name, net, name.hashCode(), export, info));
            }
        }
        runner.run("check_keras_scripts.py");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        PythonRunner.deleteUnlessKept(root);
    }

    private static void assumeNumpy() {
        assumeTrue(numpyMissing == null, () -> "Keras script check skipped: " + numpyMissing + " (install Debian's python3-numpy)");
    }

    /** A node Keras cannot express though LayerCanvas exports its type: a pool padded by pixels (Keras's pools take valid or same); or null. */
    public static Node kerasLacking(Network net) {
        return net.nodes().stream().filter(n -> n.type().endsWith("Pooling2D") && n.params().get("padding") instanceof Integer).findFirst().orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleLayers")
    void singleLayerScriptCompilesAndItsWeightsFitKerassFormulas(String name, Network net) throws IOException {
        Node lacking = kerasLacking(net);
        if (lacking != null) {
            assertThatThrownBy(() -> EXPORTER.files(net, OnnxCheck.randomWeights(new org.layercanvas.engine.compile.Compiler(REGISTRY).compile(net,
                    new org.layercanvas.engine.reference.ReferenceBackend(), 1), new java.util.Random(1)), REGISTRY))
                    .hasMessageStartingWith("cannot export " + lacking.type() + " '" + lacking.id() + "' to Keras: ");
            return;
        }
        assumeNumpy();
        PythonRunner.Case c = CASES.get(name);
        if (c.info().isEmpty()) {
            PythonRunner.assertRan(c);
        } else {
            PythonRunner.assertMatches(c);
        }
    }

    /** Node ids Python and TensorFlow would choke on become valid layer names, and the script still compiles. */
    @Test
    void oddNodeIdsGiveValidLayerNamesAndAScriptThatCompiles() throws IOException, InterruptedException {
        assertThat(org.layercanvas.formats.keras.KerasGraph.kerasName("conv 1")).isEqualTo("conv_1");
        assertThat(org.layercanvas.formats.keras.KerasGraph.kerasName("_hidden")).isEqualTo("n_hidden");
        assertThat(org.layercanvas.formats.keras.KerasGraph.kerasName("c:\\users\"\"\"x")).isEqualTo("c__users___x");
        var net = new Network("main", List.of(
                new Node("in put", "Input", Map.of("shape", List.of(3))),
                new Node("c:\\users\"\"\"x", "Dense", Map.of("units", 2))),
                List.of(new org.layercanvas.engine.api.Edge("in put", "c:\\users\"\"\"x", 0)));
        var weights = List.of(new org.layercanvas.engine.api.WeightTensor("c:\\users\"\"\"x/weight", org.layercanvas.engine.api.Shape.of(2, 3), new float[6]),
                new org.layercanvas.engine.api.WeightTensor("c:\\users\"\"\"x/bias", org.layercanvas.engine.api.Shape.of(2), new float[2]));
        Path script = Files.createTempFile("odd-ids", ".py");
        Files.write(script, EXPORTER.files(net, weights, REGISTRY).get(KerasExporter.SCRIPT));
        assertThat(Files.readString(script)).contains("c__users___x").doesNotContain("\"\"\"x");
        assumeTrue(new java.io.File(PythonRunner.PYTHON).canExecute(), "no python3 to compile the script");
        Process p = new ProcessBuilder(PythonRunner.PYTHON, "-m", "py_compile", script.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        Files.deleteIfExists(script);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleScriptCompilesOrIsRefusedByNode(String name, Network net) throws IOException {
        List<Node> inexpressible = net.nodes().stream().filter(n -> !new PyTorchExporter().layerTypes().contains(n.type())).toList();
        if (inexpressible.isEmpty()) {
            assumeNumpy();
            PythonRunner.assertRan(CASES.get(name));
        } else {
            Node first = inexpressible.get(0);
            assertThatThrownBy(() -> EXPORTER.files(net, List.of(), REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot export " + first.type() + " '" + first.id() + "' to Keras");
        }
    }

    @Test
    void convolutionRunsChannelsLastBetweenPermutesAndLeakyReluIsALayer() throws IOException {
        Network net = single("Conv2D", Map.of("filters", 2, "kernel_size", 3, "padding", 1, "activation", "leaky_relu"), new int[] {1, 5, 5});
        var weights = new org.layercanvas.engine.compile.Compiler(REGISTRY).compile(net, new org.layercanvas.engine.reference.ReferenceBackend(), 1).weights();
        String script = EXPORTER.script(net, weights, REGISTRY);
        assertThat(script).contains(
                "x_nhwc = layers.Permute(dims=(2, 3, 1), name=\"x_nhwc\")(x)",
                "layer_pad = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), data_format=\"channels_last\", name=\"layer_pad\")(x_nhwc)",
                "layer = layers.Conv2D(filters=2, kernel_size=(3, 3), strides=(1, 1), padding=\"valid\", data_format=\"channels_last\", "
                        + "dilation_rate=(1, 1), activation=\"linear\", use_bias=True, kernel_initializer=\"glorot_uniform\", name=\"layer\")(layer_pad)",
                "layer_leaky_relu = layers.LeakyReLU(alpha=0.01, name=\"layer_leaky_relu\")(layer)",
                "layer_nchw = layers.Permute(dims=(3, 1, 2), name=\"layer_nchw\")(layer_leaky_relu)",
                "\"layer\": [\"kernel\", \"bias\"],  # kernel [3, 3, 1, 2], bias [2]",
                "return keras.Model(inputs=[x], outputs=[layer_nchw], name=\"main\")");
    }

    @Test
    void isARegisteredModelExporter() {
        assertThat(ModelExporter.find("keras")).get().isInstanceOf(KerasExporter.class)
                .satisfies(e -> assertThat(e.fileNames()).containsExactly("keras_model.py", "weights.safetensors"));
    }
}
