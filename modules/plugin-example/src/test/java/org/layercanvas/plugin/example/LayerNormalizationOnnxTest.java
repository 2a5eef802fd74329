package org.layercanvas.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layercanvas.engine.Networks.chain;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelImporter.Imported;
import org.layercanvas.formats.onnx.OnnxCheck;
import org.layercanvas.formats.onnx.OnnxExporter;
import org.layercanvas.formats.onnx.OnnxImporter;
import org.layercanvas.formats.spi.OnnxNodes;
import org.layercanvas.formats.spi.onnx.Onnx;

/**
 * LayerNormalization exported to ONNX (opset 17's LayerNormalization) and run in ONNX Runtime against
 * the reference backend on the same random weights and inputs, then imported back and run again.
 */
class LayerNormalizationOnnxTest {
    private static final LayerRegistry REGISTRY = LayerRegistry.standard();
    private static final int MAX_BATCH = 3;

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("vectors, epsilon 1e-5", OnnxCheck.single("LayerNormalization", Map.of("epsilon", 1e-5), new int[] {6})),
                Arguments.of("[3,6] sequences, default epsilon", OnnxCheck.single("LayerNormalization", Map.of(), new int[] {3, 6})),
                Arguments.of("Dense → LayerNormalization → relu → Dense softmax", chain("x", "Input", Map.of("shape", List.of(5)),
                        "d1", "Dense", Map.of("units", 8),
                        "ln", "LayerNormalization", Map.of("epsilon", 0.01),
                        "act", "Activation", Map.of("activation", "relu"),
                        "out", "Dense", Map.of("units", 3, "activation", "softmax"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void onnxRuntimeAndTheImportAgreeWithLayerCanvas(String what, Network net) throws OrtException {
        Random random = new Random(what.hashCode());
        try (Plan plan = new Compiler(REGISTRY).compile(net, new ReferenceBackend(), MAX_BATCH)) {
            List<WeightTensor> weights = OnnxCheck.randomWeights(plan, random);
            plan.loadWeights(weights);
            Onnx.ModelProto model = new OnnxExporter().toModel(net, weights, REGISTRY);
            assertThat(model.getOpsetImportList()).anySatisfy(o -> {
                assertThat(o.getDomain()).isEmpty();
                assertThat(o.getVersion()).as("LayerNormalization needs opset 17").isGreaterThanOrEqualTo(LayerNormalizationAdapter.ONNX_OPSET);
            });
            assertThat(model.getGraph().getNodeList()).anySatisfy(n -> assertThat(n.getOpType()).isEqualTo("LayerNormalization"));

            Imported imported = new OnnxImporter().fromModel(model, what + ".onnx", REGISTRY);
            Node ln = imported.network().nodes().stream().filter(n -> n.type().equals("LayerNormalization")).findFirst().orElseThrow();
            Node original = net.nodes().stream().filter(n -> n.type().equals("LayerNormalization")).findFirst().orElseThrow();
            assertThat(ln.params().getOrDefault("epsilon", 0.001)).isEqualTo(original.params().getOrDefault("epsilon", 0.001));

            try (Plan back = new Compiler(REGISTRY).compile(imported.network(), new ReferenceBackend(), MAX_BATCH);
                 OrtSession session = OrtEnvironment.getEnvironment().createSession(model.toByteArray(), new OrtSession.SessionOptions())) {
                back.loadWeights(imported.weights());
                double ortWorst = 0, importWorst = 0;
                for (int batch : new int[] {1, MAX_BATCH}) {
                    float[] x = new float[batch * plan.inputShape().size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (4 * random.nextDouble() - 2);
                    }
                    float[] ours = plan.predict(x, batch), ort = runOnnx(session, plan, x, batch), again = back.predict(x, batch);
                    OnnxCheck.assertClose(ours, ort, what + ", batch of " + batch, "ONNX Runtime");
                    OnnxCheck.assertClose(ours, again, what + " imported back, batch of " + batch, "the imported network");
                    ortWorst = Math.max(ortWorst, maxDifference(ours, ort));
                    importWorst = Math.max(importWorst, maxDifference(ours, again));
                }
                System.out.printf("LayerNormalization ONNX, %s: max |difference| ONNX Runtime %.3g, imported back %.3g%n", what, ortWorst, importWorst);
            }
        }
    }

    @Test
    void importRefusesAnAxisOtherThanTheLast() {
        Network net = OnnxCheck.single("LayerNormalization", Map.of(), new int[] {3, 6});
        try (Plan plan = new Compiler(REGISTRY).compile(net, new ReferenceBackend(), 1)) {
            Onnx.ModelProto model = new OnnxExporter().toModel(net, plan.weights(), REGISTRY);
            Onnx.ModelProto.Builder b = model.toBuilder();
            Onnx.NodeProto.Builder node = b.getGraphBuilder().getNodeBuilderList().stream()
                    .filter(n -> n.getOpType().equals("LayerNormalization")).findFirst().orElseThrow();
            node.clearAttribute().addAttribute(OnnxNodes.attr("axis", 1L));
            assertThatThrownBy(() -> new OnnxImporter().fromModel(b.build(), "axis1.onnx", REGISTRY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("axis1.onnx: cannot import the model")
                    .hasMessageContaining("LayerNormalization")
                    .hasMessageContaining("axis 1 normalizes more than the last axis of [3,6] samples; only the last axis is supported");
        }
    }

    private static float[] runOnnx(OrtSession session, Plan plan, float[] x, int batch) throws OrtException {
        long[] dims = new long[plan.inputShape().rank() + 1];
        dims[0] = batch;
        for (int i = 1; i < dims.length; i++) {
            dims[i] = plan.inputShape().dim(i - 1);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
             OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), in))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    static double maxDifference(float[] a, float[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
