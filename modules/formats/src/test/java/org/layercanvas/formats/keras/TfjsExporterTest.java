package org.layercanvas.formats.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.layercanvas.formats.onnx.OnnxExporterTest;
import org.layercanvas.formats.python.PythonRunner;

/**
 * The TensorFlow.js export run by TensorFlow.js itself ({@code @tensorflow/tfjs} 4.22.0 on Node, installed by
 * {@code npm ci} in src/test/tfjs, which .ci/run and README's test command do): every single-layer case and every example
 * network is exported with random weights, loaded with {@code tf.loadLayersModel} and run on the same random inputs as
 * LayerCanvas's reference backend, batches of 1 and 3. The model configuration is the one the Keras script renders
 * (both come from {@link KerasGraph}), so this checks the script's configuration by an independent Keras implementation too.
 * Networks with a function TensorFlow.js lacks are refused by name.
 */
class TfjsExporterTest {
    private static final TfjsExporter EXPORTER = new TfjsExporter();
    /** LayerCanvas's activations that TensorFlow.js has no name for: networks using them are refused. */
    private static final Set<String> LACKING = Set.of("step", "sign", "abs", "exponential", "hard_sigmoid", "log_softmax");
    private static final Map<String, PythonRunner.Case> CASES = new HashMap<>();
    private static final Map<String, String> REFUSED = new HashMap<>();
    private static Path root;

    static Stream<Arguments> singleLayers() {
        return OnnxExporterTest.singleLayers();
    }

    static Stream<Arguments> examples() throws IOException {
        return OnnxExamplesTest.networks();
    }

    @BeforeAll
    static void runEveryModelInOneNodeProcess() throws IOException, InterruptedException {
        Path nodeModules = PythonRunner.tensorFlowJs(Path.of(""));
        root = Files.createTempDirectory("layercanvas-tfjs-export");
        PythonRunner runner = new PythonRunner(root);
        for (Arguments a : Stream.concat(singleLayers(), examples()).toList()) {
            String name = (String) a.get()[0];
            Network net = (Network) a.get()[1];
            try {
                CASES.put(name, runner.prepare(name, net, name.hashCode(), (n, weights, dir) -> EXPORTER.export(n, weights, REGISTRY, dir)));
            } catch (IllegalArgumentException e) {
                REFUSED.put(name, e.getMessage());
            }
        }
        runner.runTensorFlowJs(nodeModules);
    }

    @AfterAll
    static void cleanUp() throws IOException {
        PythonRunner.deleteUnlessKept(root);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleLayers")
    void singleLayerAgreesWithTensorFlowJsOrIsRefused(String name, Network net) throws IOException {
        checkOrRefused(name, net);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleAgreesWithTensorFlowJsOrIsRefused(String name, Network net) throws IOException {
        checkOrRefused(name, net);
    }

    /** Runs in TensorFlow.js with LayerCanvas's results, or is refused for what TensorFlow.js lacks, naming the node. */
    private static void checkOrRefused(String name, Network net) throws IOException {
        Node refusable = net.nodes().stream().filter(n -> lacking(n, net)).findFirst().orElse(null);
        if (refusable == null) {
            assertThat(REFUSED.get(name)).as("refused").isNull();
            PythonRunner.assertMatches(CASES.get(name), "TensorFlow.js");
        } else {
            assertThat(REFUSED.get(name)).as("refusal").startsWith("cannot export " + refusable.type() + " '" + refusable.id() + "' to TensorFlow.js: ");
        }
    }

    /**
     * A node TensorFlow.js cannot express: no Keras adapter, an activation it has no name for, leaky ReLU inside a recurrence,
     * Subtract, GRU (TensorFlow.js lacks reset_after), or a Conv2DTranspose whose output size needs Keras's output_padding.
     */
    private static boolean lacking(Node n, Network net) {
        if (n == org.layercanvas.formats.python.KerasExporterTest.kerasLacking(net)) {
            return true;
        }
        if (n.type().equals("Conv2D") && (Integer) n.params().getOrDefault("groups", 1) > 1) { // only depthwise: groups = the Input's channels
            Object groups = n.params().get("groups");
            return net.inputsOf(n.id()).stream().map(e -> net.node(e.from()).orElseThrow()).noneMatch(
                    in -> in.type().equals("Input") && ((List<?>) in.params().get("shape")).get(0).equals(groups));
        }
        if (!EXPORTER.layerTypes().contains(n.type()) || n.type().equals("Subtract") || n.type().equals("GRU")
                || n.type().equals("Bidirectional") && "GRU".equals(n.params().get("layer"))
                || n.type().equals("UpSampling2D") && "bilinear".equals(n.params().get("interpolation"))) {
            return true;
        }
        if (n.type().equals("Conv2DTranspose") && !"same".equals(n.params().get("padding"))) {
            int[] k = pair(n.params().getOrDefault("kernel_size", 1)), s = pair(n.params().getOrDefault("strides", 1));
            int[] op = pair(n.params().getOrDefault("output_padding", 0));
            if (op[0] != 0 || op[1] != 0 || k[0] < s[0] || k[1] < s[1]) {
                return true;
            }
        }
        Object f = n.params().get("activation");
        return f instanceof String s && LACKING.contains(s) || "leaky_relu".equals(f) && (n.type().equals("SimpleRNN") || n.type().equals("LSTM") || n.type().equals("Bidirectional"));
    }

    private static int[] pair(Object v) {
        return v instanceof List<?> l ? new int[] {(Integer) l.get(0), (Integer) l.get(1)} : new int[] {(Integer) v, (Integer) v};
    }

    @Test
    void aFunctionTensorFlowJsLacksIsRefusedByNodeAndNothingIsWritten() throws IOException {
        Network net = single("Dense", Map.of("units", 2, "activation", "step"), new int[] {3});
        Path target = Files.createTempDirectory("tfjs-refused").resolve("model");
        var weights = new org.layercanvas.engine.compile.Compiler(REGISTRY).compile(net, new org.layercanvas.engine.reference.ReferenceBackend(), 1).weights();
        assertThatThrownBy(() -> EXPORTER.export(net, weights, REGISTRY, target)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot export Dense 'layer' to TensorFlow.js: its activation 'step' is not one TensorFlow.js has");
        assertThat(target).doesNotExist();
    }

    @Test
    void isARegisteredModelExporter() {
        assertThat(ModelExporter.find("tfjs")).get().isInstanceOf(TfjsExporter.class)
                .satisfies(e -> assertThat(e.fileNames()).containsExactly("model.json", "group1-shard1of1.bin"));
    }
}
