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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.formats.onnx.OnnxExamplesTest;
import org.layercanvas.formats.onnx.OnnxExporterTest;

/**
 * Every layer type alone (the ONNX exporter's cases) and every network of the bundled examples,
 * exported with random weights as a PyTorch module and run by Debian's python3-torch (one Python
 * process for all of them), against LayerCanvas's reference backend for batches of 1 and 3.
 * Skipped, with the reason, where Python cannot import torch.
 */
class PyTorchExporterTest {
    private static final PyTorchExporter EXPORTER = new PyTorchExporter();
    private static final Map<String, PythonRunner.Case> CASES = new HashMap<>();
    private static String torchMissing;
    private static Path root;

    static Stream<Arguments> singleLayers() {
        return OnnxExporterTest.singleLayers();
    }

    static Stream<Arguments> examples() throws IOException {
        return OnnxExamplesTest.networks();
    }

    private static boolean expressible(Network net) {
        return net.nodes().stream().allMatch(n -> new PyTorchExporter().layerTypes().contains(n.type()));
    }

    @BeforeAll
    static void runEveryExportInOnePythonProcess() throws IOException, InterruptedException {
        torchMissing = PythonRunner.missing("torch");
        if (torchMissing != null) {
            return;
        }
        root = Files.createTempDirectory("layercanvas-pytorch-export");
        PythonRunner runner = new PythonRunner(root);
        PythonRunner.Export export = (net, weights, dir) -> EXPORTER.export(net, weights, REGISTRY, dir);
        for (Arguments a : Stream.concat(singleLayers(), examples()).toList()) {
            String name = (String) a.get()[0];
            Network net = (Network) a.get()[1];
            if (expressible(net)) {
                CASES.put(name, runner.prepare(name, net, name.hashCode(), export));
            }
        }
        runner.run("run_torch_models.py");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        PythonRunner.deleteUnlessKept(root);
    }

    private static void assumeTorch() {
        assumeTrue(torchMissing == null, () -> "PyTorch check skipped: " + torchMissing + " (install Debian's python3-torch)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleLayers")
    void singleLayerAgreesWithPyTorch(String name, Network net) throws IOException {
        assumeTorch();
        PythonRunner.assertMatches(CASES.get(name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleAgreesWithPyTorchOrIsRefusedByNode(String name, Network net) throws IOException {
        List<Node> inexpressible = net.nodes().stream().filter(n -> !new PyTorchExporter().layerTypes().contains(n.type())).toList();
        if (inexpressible.isEmpty()) {
            assumeTorch();
            PythonRunner.assertMatches(CASES.get(name));
        } else {
            Node first = inexpressible.get(0);
            assertThatThrownBy(() -> EXPORTER.files(net, List.of(), REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot export " + first.type() + " '" + first.id() + "' to PyTorch");
        }
    }

    @Test
    void everySupportedTypeHasASingleLayerCase() {
        assertThat(singleLayers().map(a -> ((Network) a.get()[1]).node("layer").orElseThrow().type()).distinct())
                .containsAll(new PyTorchExporter().layerTypes().stream().filter(t -> !t.equals("Input")).toList());
    }

    @Test
    void stateDictUsesPyTorchsNames() {
        Network net = new Network("main", List.of(new Node("in", "Input", Map.of("shape", List.of(1, 6, 6))),
                new Node("conv 1", "Conv2D", Map.of("filters", 2, "kernel_size", 3)), new Node("bn", "BatchNormalization", Map.of()),
                new Node("flat", "Flatten", Map.of()), new Node("r", "Reshape", Map.of("target_shape", List.of(4, 8))),
                new Node("lstm", "LSTM", Map.of("units", 3)), new Node("2out", "Dense", Map.of("units", 1))),
                List.of(new org.layercanvas.engine.api.Edge("in", "conv 1", 0), new org.layercanvas.engine.api.Edge("conv 1", "bn", 0),
                        new org.layercanvas.engine.api.Edge("bn", "flat", 0), new org.layercanvas.engine.api.Edge("flat", "r", 0),
                        new org.layercanvas.engine.api.Edge("r", "lstm", 0), new org.layercanvas.engine.api.Edge("lstm", "2out", 0)));
        List<WeightTensor> weights = new org.layercanvas.engine.compile.Compiler(REGISTRY)
                .compile(net, new org.layercanvas.engine.reference.ReferenceBackend(), 1).weights();
        PyTorchExporter.Generated g = EXPORTER.generate(net, weights, REGISTRY);
        assertThat(g.stateDict()).extracting(WeightTensor::name).containsExactly("conv_1.weight", "conv_1.bias", "bn.weight", "bn.bias",
                "bn.running_mean", "bn.running_var", "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
                "n_2out.weight", "n_2out.bias");
        assertThat(g.stateDict().get(0).shape()).isEqualTo(Shape.of(2, 1, 3, 3));
        assertThat(g.source()).contains("def forward(self, in_):", "self.conv_1 = nn.Conv2d(1, 2, 3)  # Conv2D, padding valid",
                "self.bn = nn.BatchNorm2d(2, eps=0.001, momentum=0.01)", "self.lstm = nn.LSTM(8, 3, batch_first=True)",
                "lstm = lstm[:, -1]  # [N, 3], the last step", "return n_2out");
    }

    @Test
    void pythonNamesAreIdentifiersAndUnique() {
        assertThat(PythonNames.of(List.of("in", "x", "a-b", "a_b", "3d", "_private", "forward", "training", "é")).values())
                .containsExactly("in_", "x", "a_b", "a_b_2", "n_3d", "n_private", "forward_", "training_", "n_");
    }

    @Test
    void layersPyTorchCannotExpressAreRefusedByName() {
        Network sampling = single("Sampling", Map.of(), new int[] {3}, new int[] {3});
        assertThatThrownBy(() -> EXPORTER.files(sampling, List.of(), REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot export Sampling 'layer' to PyTorch: it draws random numbers");
        for (String type : List.of("LDA", "QDA")) {
            assertThatThrownBy(() -> EXPORTER.files(single(type, Map.of(), new int[] {2}), List.of(), REGISTRY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot export " + type + " 'layer' to PyTorch");
        }
    }

    @Test
    void weightsMustFitAndARefusedExportWritesNothing(@org.junit.jupiter.api.io.TempDir Path dir) {
        Network dense = single("Dense", Map.of("units", 2), new int[] {3});
        List<WeightTensor> wrong = List.of(new WeightTensor("layer/weight", Shape.of(3, 2), new float[6]));
        Path out = dir.resolve("exported");
        assertThatThrownBy(() -> EXPORTER.export(dense, wrong, REGISTRY, out)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the weights do not fit network 'main': tensor 'layer/weight' has shape [3,2] but the network needs [2,3]; "
                        + "missing tensor 'layer/bias' [2]");
        assertThat(out).doesNotExist();
    }

    @Test
    void writesIntoAnExistingFolderAndLeavesOtherFilesAlone(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Network dense = single("Dense", Map.of("units", 2), new int[] {3});
        List<WeightTensor> weights = List.of(new WeightTensor("layer/weight", Shape.of(2, 3), new float[6]),
                new WeightTensor("layer/bias", Shape.of(2), new float[2]));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("model.py"), "old");
        EXPORTER.export(dense, weights, REGISTRY, dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("notes.txt", "model.py", "weights.safetensors");
        }
        assertThat(Files.readString(dir.resolve("model.py"))).startsWith("\"\"\"LayerCanvas network 'main' as a PyTorch module.");
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void isARegisteredModelExporter() {
        assertThat(ModelExporter.find("pytorch")).get().isInstanceOf(PyTorchExporter.class)
                .satisfies(e -> assertThat(e.fileNames()).containsExactly("model.py", "weights.safetensors"))
                .satisfies(e -> assertThat(e.writesFolder()).isTrue());
    }
}
