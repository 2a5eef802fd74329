package org.layercanvas.formats.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.spi.onnx.Onnx;

/**
 * Runs a network in LayerCanvas (the double-precision reference backend) and its ONNX export in
 * ONNX Runtime on the same random weights and inputs, and compares the outputs.
 */
public final class OnnxCheck {
    public static final LayerRegistry REGISTRY = LayerRegistry.standard();
    /** |ours − theirs| ≤ RTOL·|ours| + ATOL: ONNX Runtime and PyTorch compute in float32, the reference in double. */
    public static final double RTOL = 1e-5, ATOL = 1e-5;
    private static final int MAX_BATCH = 3;

    private OnnxCheck() {
    }

    /** Input nodes {@code x} (or {@code x0, x1, …} for several) feeding node {@code layer} of {@code type}. */
    public static Network single(String type, Map<String, Object> params, int[]... inputShapes) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < inputShapes.length; i++) {
            String id = inputShapes.length == 1 ? "x" : "x" + i;
            List<Integer> dims = new ArrayList<>();
            for (int d : inputShapes[i]) {
                dims.add(d);
            }
            nodes.add(new Node(id, "Input", Map.of("shape", dims)));
            edges.add(new Edge(id, "layer", i));
        }
        nodes.add(new Node("layer", type, params));
        return new Network("main", nodes, edges);
    }

    /**
     * Random values for input {@code id}: uniform in [−2, 2), or where the input feeds an Embedding whole-number indices
     * below its input_dim.
     */
    public static float[] randomInput(Network net, String id, int n, Random random) {
        Node embedding = net.outputsOf(id).stream().map(e -> net.node(e.to()).orElseThrow()).filter(r -> r.type().equals("Embedding")).findFirst()
                .orElse(null);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = embedding != null ? random.nextInt((Integer) embedding.params().get("input_dim")) : (float) (4 * random.nextDouble() - 2);
        }
        return x;
    }

    /** Random weights for every parameter of {@code plan}: ±1/sqrt(fan-in) for matrices, positive variances. */
    public static List<WeightTensor> randomWeights(Plan plan, Random random) {
        List<WeightTensor> out = new ArrayList<>();
        for (WeightTensor w : plan.weights()) {
            float[] v = new float[w.values().length];
            Shape s = w.shape();
            double scale = s.rank() >= 2 ? 1 / Math.sqrt(s.size() / s.dim(0)) : 0.5;
            for (int i = 0; i < v.length; i++) {
                v[i] = w.name().endsWith("/running_var") ? (float) (0.5 + random.nextDouble())
                        : (float) ((2 * random.nextDouble() - 1) * scale);
            }
            out.add(new WeightTensor(w.name(), s, v));
        }
        return out;
    }

    /** Exports {@code net} with random weights and checks ONNX Runtime against LayerCanvas for batches of 1 and 3. */
    static void assertMatches(String what, Network net, long seed) throws OrtException, java.io.IOException {
        Random random = new Random(seed);
        try (Plan plan = new Compiler(REGISTRY).compile(net, new ReferenceBackend(), MAX_BATCH)) {
            List<WeightTensor> weights = randomWeights(plan, random);
            plan.loadWeights(weights);
            Onnx.ModelProto model = new OnnxExporter().toModel(net, weights, REGISTRY);
            assertThat(model.getIrVersion()).isEqualTo(OnnxExporter.IR_VERSION);
            for (Onnx.ValueInfoProto v : model.getGraph().getInputList()) {
                assertThat(v.getType().getTensorType().getShape().getDim(0).getDimParam()).as(v.getName()).isEqualTo("N");
            }
            String dump = System.getProperty("layercanvas.onnx.dump");
            if (dump != null) {
                // for looking at the exports with other tools, e.g. onnx.checker
                java.nio.file.Files.createDirectories(java.nio.file.Path.of(dump));
                java.nio.file.Files.write(java.nio.file.Path.of(dump, what.replaceAll("[^A-Za-z0-9.-]+", "_") + ".onnx"), model.toByteArray());
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 OrtSession session = env.createSession(model.toByteArray(), options)) {
                String outputId = net.nodes().stream().map(Node::id).filter(id -> net.outputsOf(id).isEmpty()).findFirst().orElseThrow();
                assertThat(session.getOutputNames()).containsExactly(outputId);
                for (int batch : new int[] {1, MAX_BATCH}) {
                    Map<String, float[]> inputs = new LinkedHashMap<>();
                    for (String id : plan.inputIds()) {
                        inputs.put(id, randomInput(net, id, batch * plan.shapeOf(id).size(), random));
                    }
                    float[] ours = run(plan, inputs, batch);
                    float[] theirs = runOnnx(env, session, plan, inputs, batch, outputId);
                    assertClose(ours, theirs, what + ", batch of " + batch);
                }
            }
        }
    }

    private static float[] run(Plan plan, Map<String, float[]> inputs, int batch) {
        if (inputs.size() == 1) {
            return plan.predict(inputs.values().iterator().next(), batch);
        }
        inputs.forEach((id, x) -> plan.backend().write(plan.input(id), x, 0, x.length));
        plan.forward(batch, false, 0);
        float[] out = new float[batch * plan.outputShape().size()];
        plan.backend().read(plan.output(), out, 0, out.length);
        return out;
    }

    private static float[] runOnnx(OrtEnvironment env, OrtSession session, Plan plan, Map<String, float[]> inputs, int batch, String outputId)
            throws OrtException {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (Map.Entry<String, float[]> e : inputs.entrySet()) {
                long[] shape = withBatch(batch, plan.shapeOf(e.getKey()));
                ai.onnxruntime.TensorInfo info = (ai.onnxruntime.TensorInfo) session.getInputInfo().get(e.getKey()).getInfo();
                if (info.type == ai.onnxruntime.OnnxJavaType.INT64) { // embedding indices, which LayerCanvas holds as floats
                    long[] indices = new long[e.getValue().length];
                    for (int i = 0; i < indices.length; i++) {
                        indices[i] = (long) e.getValue()[i];
                    }
                    feeds.put(e.getKey(), OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(indices), shape));
                } else if (info.getShape().length == 3 && info.getShape()[0] > 0 && plan.shapeOf(e.getKey()).rank() == 2) {
                    // a recurrent layer's time-major graph input [steps, batch, features]: our samples [batch, steps, features] transposed
                    int steps = (int) info.getShape()[0], features = plan.shapeOf(e.getKey()).dim(1);
                    float[] x = e.getValue(), t = new float[x.length];
                    for (int n = 0; n < batch; n++) {
                        for (int k = 0; k < steps; k++) {
                            System.arraycopy(x, (n * steps + k) * features, t, (k * batch + n) * features, features);
                        }
                    }
                    feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t), new long[] {steps, batch, features}));
                } else {
                    feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue()), shape));
                }
            }
            try (OrtSession.Result result = session.run(feeds)) {
                OnnxTensor out = (OnnxTensor) result.get(outputId).orElseThrow();
                assertThat(out.getInfo().getShape()).as("output shape").containsExactly(withBatch(batch, plan.outputShape()));
                FloatBuffer buffer = out.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                return values;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    static long[] withBatch(int batch, Shape shape) {
        long[] dims = new long[shape.rank() + 1];
        dims[0] = batch;
        for (int i = 0; i < shape.rank(); i++) {
            dims[i + 1] = shape.dim(i);
        }
        return dims;
    }

    static void assertClose(float[] ours, float[] theirs, String what) {
        assertClose(ours, theirs, what, "ONNX Runtime");
    }

    /** Every output within {@link #RTOL} and {@link #ATOL} of ours; the message names the first that is not. */
    public static void assertClose(float[] ours, float[] theirs, String what, String runtime) {
        assertThat(theirs).as(what + ": number of outputs").hasSameSizeAs(ours);
        int bad = 0, first = -1;
        for (int i = 0; i < ours.length; i++) {
            if (!(Math.abs(ours[i] - theirs[i]) <= RTOL * Math.abs(ours[i]) + ATOL)) {
                bad++;
                first = first < 0 ? i : first;
            }
        }
        if (bad > 0) {
            throw new AssertionError(what + ": " + bad + " of " + ours.length + " outputs differ; output " + first + " is " + theirs[first]
                    + " in " + runtime + " but " + ours[first] + " in LayerCanvas");
        }
    }

    /**
     * Runs {@code net} with {@code weights} on the reference backend and {@code model} (one graph output)
     * in ONNX Runtime on the same random inputs, batches of 1 and 3, and checks that they agree.
     */
    static void assertAgree(String what, Network net, List<WeightTensor> weights, byte[] model, long seed) throws OrtException {
        Random random = new Random(seed);
        try (Plan plan = new Compiler(REGISTRY).compile(net, new ReferenceBackend(), MAX_BATCH)) {
            plan.loadWeights(weights);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions(); OrtSession session = env.createSession(model, options)) {
                assertThat(session.getOutputNames()).as(what + ": outputs").hasSize(1);
                String output = session.getOutputNames().iterator().next();
                for (int batch : new int[] {1, MAX_BATCH}) {
                    Map<String, float[]> inputs = new LinkedHashMap<>();
                    for (String id : plan.inputIds()) {
                        inputs.put(id, randomInput(net, id, batch * plan.shapeOf(id).size(), random));
                    }
                    assertClose(run(plan, inputs, batch), runOnnx(env, session, plan, inputs, batch, output), what + ", batch of " + batch);
                }
            }
        }
    }
}
