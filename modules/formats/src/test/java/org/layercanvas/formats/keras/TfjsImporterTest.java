package org.layercanvas.formats.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layercanvas.formats.onnx.OnnxCheck.REGISTRY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.ModelImporter;
import org.layercanvas.formats.onnx.OnnxCheck;
import org.layercanvas.formats.onnx.OnnxExamplesTest;
import org.layercanvas.formats.onnx.OnnxExporterTest;

/**
 * Keras models built and saved by TensorFlow.js itself (src/test/tfjs/make_keras_models.js wrote them, with an input and
 * TensorFlow.js's output for it) imported and run on the reference backend; refusals named by layer; bad files named; and
 * LayerCanvas's own TensorFlow.js export of every single-layer case and example read back as the same network.
 */
class TfjsImporterTest {
    private static final Path MODELS = Path.of("src/test/resources/org/layercanvas/formats/keras/models");
    private static final TfjsImporter IMPORTER = new TfjsImporter();
    private static final int BATCH = 3;

    static ModelImporter.Imported read(Path modelJson) throws IOException {
        try (InputStream in = Files.newInputStream(modelJson)) {
            return IMPORTER.read(in, modelJson.toString(), REGISTRY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sequential-mlp", "sequential-cnn", "sequential-rnn", "functional-merge", "functional-cnn", "functional-global-pools",
            "sequential-windows", "functional-decoder", "functional-merges",
            "sequential-conv1d", "sequential-repeat", "sequential-prelu", "sequential-depthwise", "sequential-embedding",
            "sequential-bidirectional"})
    void aModelSavedByTensorFlowJsComputesWhatTensorFlowJsComputed(String name) throws IOException {
        Path dir = MODELS.resolve(name);
        ModelImporter.Imported m = read(dir.resolve("model.json"));
        JsonNode shapes = new ObjectMapper().readTree(dir.resolve("out.json").toFile());
        List<String> inputs = m.network().nodes().stream().filter(n -> n.type().equals("Input")).map(Node::id).toList();
        assertThat(inputs).hasSize(shapes.path("inputs").size());
        try (Plan plan = new Compiler(REGISTRY).compile(m.network(), new ReferenceBackend(), BATCH)) {
            plan.loadWeights(m.weights());
            for (int k = 0; k < inputs.size(); k++) {
                float[] x = channelsFirst(floats(dir.resolve("in_" + k + ".f32")), shapes.path("inputs").path(k));
                plan.backend().write(plan.input(inputs.get(k)), x, 0, x.length);
            }
            plan.forward(BATCH, false, 0);
            float[] ours = new float[BATCH * plan.outputShape().size()];
            plan.backend().read(plan.output(), ours, 0, ours.length);
            OnnxCheck.assertClose(ours, floats(dir.resolve("out.f32")), name, "TensorFlow.js");
        }
    }

    /** Keras's [N, H, W, C] images as LayerCanvas's [N, C, H, W]; other inputs as they are. */
    private static float[] channelsFirst(float[] x, JsonNode shape) {
        if (shape.size() != 3) {
            return x;
        }
        int h = shape.path(0).asInt(), w = shape.path(1).asInt(), c = shape.path(2).asInt();
        float[] out = new float[x.length];
        for (int n = 0; n < x.length / (h * w * c); n++) {
            for (int i = 0; i < h * w; i++) {
                for (int ch = 0; ch < c; ch++) {
                    out[(n * c + ch) * h * w + i] = x[(n * h * w + i) * c + ch];
                }
            }
        }
        return out;
    }

    @Test
    void whatTheCatalogueLacksIsRefusedLayerByLayer() {
        assertThatThrownBy(() -> read(MODELS.resolve("unsupported/model.json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot import the Keras model: ")
                .hasMessageContaining("layer 'separable' (SeparableConv2D): LayerCanvas has no such layer")
                .hasMessageContaining("layer 'up' (UpSampling2D): interpolation 'bilinear' (TensorFlow.js interpolates from pixel corners, Keras between centres)");
        assertThatThrownBy(() -> read(MODELS.resolve("unsupported-rnn/model.json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 'hard' (LSTM): recurrent_activation 'hard_sigmoid' (LayerCanvas's LSTM gates are sigmoid)")
                .hasMessageContaining("layer 'gru' (GRU): reset_after false (LayerCanvas's GRU applies the reset gate after the recurrent product");
    }

    /**
     * A Keras GRU with reset_after (Keras's default; TensorFlow.js cannot build one, so the file is written here) imports
     * with its gates z, r, h and two biases as LayerCanvas's r, z, n, and computes Keras's formulas, evaluated here by hand:
     * z = σ(x·Wz + bz + h·Uz + cz), r = σ(x·Wr + br + h·Ur + cr), h̃ = tanh(x·Wh + bh + r·(h·Uh + ch)), h = z·h + (1 − z)·h̃.
     */
    @Test
    void aKerasGruWithResetAfterComputesKerassFormulas(@TempDir Path tmp) throws IOException {
        float[] kernel = {0.5f, -0.3f, 0.8f}, recurrent = {0.2f, 0.7f, -0.6f}, bias = {0.1f, -0.2f, 0.05f, 0.3f, 0.15f, -0.25f};
        String json = """
                {"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": {"name": "g", "layers": [
                  {"class_name": "GRU", "config": {"name": "gru", "batch_input_shape": [null, 3, 1], "units": 1, "activation": "tanh",
                   "recurrent_activation": "sigmoid", "use_bias": true, "reset_after": true, "return_sequences": false}}]}},
                 "weightsManifest": [{"paths": ["weights.bin"], "weights": [
                  {"name": "gru/kernel", "shape": [1, 3], "dtype": "float32"}, {"name": "gru/recurrent_kernel", "shape": [1, 3], "dtype": "float32"},
                  {"name": "gru/bias", "shape": [2, 3], "dtype": "float32"}]}]}
                """;
        Files.writeString(tmp.resolve("model.json"), json);
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(12 * Float.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float[] w : List.of(kernel, recurrent, bias)) {
            for (float v : w) {
                data.putFloat(v);
            }
        }
        Files.write(tmp.resolve("weights.bin"), data.array());
        ModelImporter.Imported gru = read(tmp.resolve("model.json"));
        assertThat(gru.network().nodes()).extracting(Node::type).containsExactly("Input", "GRU");
        float[] x = {0.9f, -1.2f, 0.4f};
        double h = 0;
        for (float xt : x) {
            double z = sigmoid(xt * kernel[0] + bias[0] + h * recurrent[0] + bias[3]), r = sigmoid(xt * kernel[1] + bias[1] + h * recurrent[1] + bias[4]);
            double candidate = Math.tanh(xt * kernel[2] + bias[2] + r * (h * recurrent[2] + bias[5]));
            h = z * h + (1 - z) * candidate;
        }
        try (Plan plan = plan(gru.network())) {
            plan.loadWeights(gru.weights());
            assertThat((double) plan.predict(x, 1)[0]).isCloseTo(h, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void badFilesAreNamedAndNothingIsImported(@TempDir Path tmp) throws IOException {
        Path good = MODELS.resolve("sequential-mlp");
        Path model = tmp.resolve("model.json");
        Files.writeString(model, "{\"modelTopology\": {\n  \"class_name\": \"Sequential\",\n  oops }");
        assertThatThrownBy(() -> read(model)).isInstanceOf(DataFormatException.class).hasMessageStartingWith(model + ":3: not a TensorFlow.js model.json");
        Files.writeString(model, "{\"format\": \"graph-model\", \"modelTopology\": null}");
        assertThatThrownBy(() -> read(model)).isInstanceOf(DataFormatException.class).hasMessageContaining("not a TensorFlow.js Layers model");
        Files.copy(good.resolve("model.json"), model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> read(model)).isInstanceOf(DataFormatException.class)
                .hasMessage(model + ": its weights file " + tmp.resolve("weights.bin") + " is missing (keep it beside model.json)");
        byte[] weights = Files.readAllBytes(good.resolve("weights.bin"));
        Files.write(tmp.resolve("weights.bin"), java.util.Arrays.copyOf(weights, weights.length - 4));
        assertThatThrownBy(() -> read(model)).isInstanceOf(DataFormatException.class).hasMessageContaining("weight 'out/bias' [3] needs 12 bytes, but the weight files have 8 left");
        // a layer reading one that is not before it (a typo, or a cycle): named, not silently left out
        Files.writeString(model, "{\"modelTopology\": {\"class_name\": \"Model\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"x\", \"batch_input_shape\": [null, 2]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Activation\", \"config\": {\"name\": \"a\", \"activation\": \"relu\"}, \"inbound_nodes\": [[[\"ghost\", 0, 0, {}]]]}],"
                + "\"input_layers\": [[\"x\", 0, 0]], \"output_layers\": [[\"a\", 0, 0]]}}, \"weightsManifest\": []}");
        assertThatThrownBy(() -> read(model)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(model + ": cannot import the Keras model: layer 'a' (Activation): it reads 'ghost', which is no layer before it");
    }

    /**
     * Keras 3's way of naming a layer's inputs ({"args": [tensor], "kwargs": {}}, the tensor's keras_history) and a layer
     * without kernel_initializer (Keras 3 writes it as an object, others may leave it out: the default then).
     */
    @Test
    void aKeras3ConfigWithoutInitializersImports(@TempDir Path tmp) throws IOException {
        Path model = tmp.resolve("model.json");
        Files.writeString(model, """
                {"modelTopology": {"class_name": "Functional", "config": {"name": "k3", "layers": [
                  {"class_name": "InputLayer", "name": "x", "config": {"name": "x", "batch_shape": [null, 2]}, "inbound_nodes": []},
                  {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 2, "activation": "tanh"},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "keras_history": ["x", 0, 0]}}], "kwargs": {}}]}],
                  "input_layers": [["x", 0, 0]], "output_layers": [["d", 0, 0]]}},
                 "weightsManifest": [{"paths": ["weights.bin"], "weights": [{"name": "d/kernel", "shape": [2, 2], "dtype": "float32"},
                   {"name": "d/bias", "shape": [2], "dtype": "float32"}]}]}
                """);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(new float[] {1, 2, 3, 4, 0.5f, -0.5f}); // kernel [in, units] = [[1, 2], [3, 4]]
        Files.write(tmp.resolve("weights.bin"), b.array());
        ModelImporter.Imported m = read(model);
        assertThat(describe(m.network())).containsExactly("d: Dense", "x: Input", "Edge[from=x, to=d, port=0]");
        assertThat(m.network().node("d").orElseThrow().params()).isEqualTo(Map.of("units", 2, "activation", "tanh"));
        Map<String, float[]> w = m.weights().stream().collect(Collectors.toMap(WeightTensor::name, WeightTensor::values));
        assertThat(w.get("d/weight")).containsExactly(1, 3, 2, 4); // LayerCanvas's [units, in]
        assertThat(w.get("d/bias")).containsExactly(0.5f, -0.5f);
    }

    static Stream<Arguments> exportable() throws IOException {
        // a plugin's layer (the test plugin's Square, Multiply in Keras) exports through its adapter, but the import maps Keras's
        // classes onto the built-in catalogue only
        return Stream.concat(OnnxExporterTest.singleLayers(), OnnxExamplesTest.networks())
                .filter(a -> ((Network) a.get()[1]).nodes().stream().noneMatch(n -> n.type().equals("Square"))).filter(a -> {
            try (Plan plan = plan((Network) a.get()[1])) {
                new TfjsExporter().files((Network) a.get()[1], OnnxCheck.randomWeights(plan, new Random(1)), REGISTRY);
                return true;
            } catch (IllegalArgumentException | IOException e) {
                return false;
            }
        });
    }

    private static Plan plan(Network net) {
        return new Compiler(REGISTRY).compile(net, new ReferenceBackend(), BATCH);
    }

    /**
     * Export to TensorFlow.js and import: the same layers (ids and types) wired the same way, the same weights (recurrent
     * layers: Keras's one bias comes back as bias_ih), and the same outputs. A convolution's per-map softmax comes back as the
     * Reshape, softmax and Reshape that Keras computes it with.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("exportable")
    void ourExportImportsAsTheSameNetwork(String name, Network net, @TempDir Path tmp) throws IOException {
        List<WeightTensor> weights;
        float[] x;
        float[] before;
        try (Plan plan = plan(net)) {
            weights = OnnxCheck.randomWeights(plan, new Random(name.hashCode()));
            plan.loadWeights(weights);
            x = OnnxCheck.randomInput(net, plan.inputIds().iterator().next(), BATCH * plan.inputShape().size(), new Random(7));
            before = plan.inputIds().size() == 1 ? plan.predict(x, BATCH) : null;
        }
        new TfjsExporter().export(net, weights, REGISTRY, tmp.resolve("model"));
        ModelImporter.Imported back = read(tmp.resolve("model/model.json"));
        // (a convolution's per-map softmax, and a transposed convolution's padding in pixels, come back as the Keras layers that compute them)
        boolean perMapSoftmax = net.nodes().stream().anyMatch(n -> n.type().startsWith("Conv2D") && "softmax".equals(n.params().get("activation")));
        boolean cropped = net.nodes().stream().anyMatch(n -> n.type().equals("Conv2DTranspose") && n.params().get("padding") instanceof Integer);
        if (!perMapSoftmax && !cropped) {
            assertThat(describe(back.network())).isEqualTo(describe(net));
            assertThat(configs(back.network())).isEqualTo(configs(net));
            Map<String, float[]> got = back.weights().stream().collect(Collectors.toMap(WeightTensor::name, WeightTensor::values));
            for (WeightTensor w : weights) {
                if (!w.name().contains("_ih") && !w.name().contains("_hh")) {
                    assertThat(got.get(w.name())).as(w.name()).isEqualTo(w.values());
                }
            }
        }
        if (before != null) {
            try (Plan plan = plan(back.network())) {
                plan.loadWeights(back.weights());
                OnnxCheck.assertClose(before, plan.predict(x, BATCH), name, "the imported network");
            }
        }
    }

    /** Each node's parameters with the defaults filled in and Concatenate's axis counted from the front (-1 and 1 of a pair are one axis). */
    private static Map<String, Map<String, Object>> configs(Network net) {
        var v = new org.layercanvas.engine.validate.Validator(REGISTRY).validate(net);
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        v.configs().forEach((id, c) -> {
            Map<String, Object> values = new java.util.TreeMap<>(c.values());
            if (c.typeName().equals("Concatenate") && c.getInt("axis") < 0) {
                values.put("axis", c.getInt("axis") + v.shapes().get(id).rank());
            }
            values.replaceAll((k, x) -> x instanceof Number n && !(x instanceof Integer) ? n.doubleValue() : x);
            out.put(id, values);
        });
        return out;
    }

    /** Node ids with types, and the edges, in a stable order. */
    private static List<String> describe(Network net) {
        List<String> out = new ArrayList<>();
        net.nodes().stream().map(n -> n.id() + ": " + n.type()).sorted().forEach(out::add);
        net.edges().stream().map(Edge::toString).sorted().forEach(out::add);
        return out;
    }

    private static float[] floats(Path file) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    @Test
    void isARegisteredModelImporter() {
        assertThat(ModelImporter.find("tfjs")).get().isInstanceOf(TfjsImporter.class);
    }
}
