package org.layercanvas.engine.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.CounterRandom;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.train.Initializers;
import org.layercanvas.engine.validate.Validation;

/**
 * A compiled network on one backend: forward and backward are flat lists of op launches over
 * buffers allocated once. Write a batch into {@link #input()}, call {@link #forward}, read
 * {@link #output()}; for training, put dLoss/dOutput into {@link #outputGrad()} and call {@link #backward}.
 */
public final class Plan implements AutoCloseable {
    private final Backend backend;
    private final int maxBatch;
    private final List<Step> steps;
    private final List<Parameter> parameters;
    private final Map<String, Tensor> inputs;
    /** The only input's buffer, null with several: every training step asks for it. */
    private final Tensor singleInput;
    private final Map<String, Shape> shapes;
    private final String outputId;
    private final Tensor output, outputGrad;
    private final Validation validation;
    private final Tensor inputGrad;

    Plan(Backend backend, int maxBatch, List<Step> steps, List<Parameter> parameters, Map<String, Tensor> inputs,
         Map<String, Shape> shapes, String outputId, Tensor output, Tensor outputGrad, Validation validation, Tensor inputGrad) {
        this.backend = backend;
        this.maxBatch = maxBatch;
        this.steps = List.copyOf(steps);
        this.parameters = List.copyOf(parameters);
        this.inputs = Map.copyOf(inputs);
        this.singleInput = inputs.size() == 1 ? inputs.values().iterator().next() : null;
        this.shapes = Map.copyOf(shapes);
        this.outputId = outputId;
        this.output = output;
        this.outputGrad = outputGrad;
        this.validation = validation;
        this.inputGrad = inputGrad;
    }

    /** dLoss/dInput after {@link #backward}, when compiled with input gradients; else null. */
    public Tensor inputGrad() {
        return inputGrad;
    }

    public Backend backend() {
        return backend;
    }

    public int maxBatch() {
        return maxBatch;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public Validation validation() {
        return validation;
    }

    /** The single Input's buffer; for several inputs use {@link #input(String)}. */
    public Tensor input() {
        if (singleInput == null) {
            throw new IllegalStateException("the network has " + inputs.size() + " inputs: " + inputs.keySet());
        }
        return singleInput;
    }

    /** The ids of the Input nodes. */
    public java.util.Set<String> inputIds() {
        return inputs.keySet();
    }

    public Tensor input(String nodeId) {
        return inputs.get(nodeId);
    }

    public Shape inputShape() {
        return shapes.get(inputs.keySet().iterator().next());
    }

    public Shape outputShape() {
        return shapes.get(outputId);
    }

    public Tensor output() {
        return output;
    }

    public Tensor outputGrad() {
        return outputGrad;
    }

    /** The per-row loss terms layers add to the loss (see {@link org.layercanvas.engine.spi.LayerOp#auxiliaryLoss}). */
    public List<Tensor> auxiliaryLosses() {
        List<Tensor> out = new ArrayList<>();
        for (Step s : steps) {
            if (s.op().auxiliaryLoss() != null) {
                out.add(s.op().auxiliaryLoss());
            }
        }
        return out;
    }

    /** Runs every node for {@code batch} rows; {@code seed} drives dropout and noise of this step. */
    public void forward(int batch, boolean training, long seed) {
        checkBatch(batch);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            s.op().forward(backend, s.binding(), batch, training, CounterRandom.hash(seed, i) & 0xFFFFFFFFL | ((long) i << 32));
        }
    }

    /**
     * Decodes given values: puts {@code values} ({@code count} rows) in place of node {@code nodeId}'s
     * output and runs, in inference mode, every node after it, returning the network's outputs. This
     * is how a VAE samples new data: N(0, 1) noise in place of its Sampling node.
     */
    public float[] predictFrom(String nodeId, float[] values, int count) {
        int index = -1;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).nodeId().equals(nodeId)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new IllegalArgumentException("the network has no node '" + nodeId + "'");
        }
        Step from = steps.get(index);
        int out = outputShape().size();
        float[] result = new float[count * out];
        for (int start = 0; start < count; start += maxBatch) {
            int rows = Math.min(maxBatch, count - start);
            backend.write(from.binding().output(), values, start * from.outputSize(), rows * from.outputSize());
            for (int i = index + 1; i < steps.size(); i++) {
                Step s = steps.get(i);
                s.op().forward(backend, s.binding(), rows, false, 0);
            }
            backend.read(output, result, start * out, rows * out);
        }
        return result;
    }

    /** The nodes in the order they run. */
    public List<String> nodeIds() {
        return steps.stream().map(Step::nodeId).toList();
    }

    /** Node {@code nodeId}'s output buffer (rows × {@link #shapeOf} values), valid after {@link #forward}. */
    public Tensor outputOf(String nodeId) {
        return step(nodeId).binding().output();
    }

    /**
     * Node {@code nodeId}'s output gradient dL/d(output) (rows × {@link #shapeOf} values), valid after {@link #backward};
     * null for a node no gradient flows into (the Input, a node whose output nothing trainable reads).
     */
    public Tensor gradientOf(String nodeId) {
        return step(nodeId).binding().outputGrad();
    }

    private Step step(String nodeId) {
        return steps.stream().filter(s -> s.nodeId().equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the network has no node '" + nodeId + "'"));
    }

    /** Values of one sample of node {@code nodeId}'s output. */
    public Shape shapeOf(String nodeId) {
        return shapes.get(nodeId);
    }

    /** Back-propagates {@link #outputGrad()} to every parameter gradient (overwriting them). */
    public void backward(int batch) {
        checkBatch(batch);
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step s = steps.get(i);
            if (!s.gradParts().isEmpty()) {
                int n = batch * s.outputSize();
                Tensor sum = s.binding().outputGrad();
                backend.copy(s.gradParts().get(0), sum, n);
                for (int p = 1; p < s.gradParts().size(); p++) {
                    backend.add(sum, s.gradParts().get(p), sum, n);
                }
            }
            s.op().backward(backend, s.binding(), batch);
        }
    }

    private void checkBatch(int batch) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch of " + batch + " rows, plan compiled for 1.." + maxBatch);
        }
    }

    /** Sets every parameter from its initializer, drawing from one generator seeded with {@code seed}. */
    public void initialize(long seed) {
        Random random = new Random(seed);
        for (Parameter p : parameters) {
            float[] v = Initializers.create(p.spec().initializer(), p.spec().shape(), random);
            backend.write(p.value(), v, 0, v.length);
        }
    }

    /** The current parameter values, named {@code <nodeId>/<param>}. */
    public List<WeightTensor> weights() {
        List<WeightTensor> out = new ArrayList<>();
        for (Parameter p : parameters) {
            float[] v = new float[p.size()];
            backend.read(p.value(), v, 0, v.length);
            out.add(new WeightTensor(p.qualifiedName(), p.spec().shape(), v));
        }
        return out;
    }

    /**
     * Loads values for every parameter; names and shapes must match exactly.
     *
     * @throws IllegalArgumentException naming the missing, extra or mis-shaped tensors
     */
    public void loadWeights(List<WeightTensor> weights) {
        Map<String, WeightTensor> byName = new java.util.HashMap<>();
        weights.forEach(w -> byName.put(w.name(), w));
        List<String> errors = new ArrayList<>();
        for (Parameter p : parameters) {
            WeightTensor w = byName.remove(p.qualifiedName());
            if (w == null) {
                errors.add("missing tensor '" + p.qualifiedName() + "' " + p.spec().shape());
            } else if (!w.shape().equals(p.spec().shape())) {
                errors.add("tensor '" + p.qualifiedName() + "' has shape " + w.shape() + " but the network needs " + p.spec().shape());
            }
        }
        byName.keySet().stream().sorted().forEach(n -> errors.add("tensor '" + n + "' matches no parameter of the network"));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        Map<String, WeightTensor> all = new java.util.HashMap<>();
        weights.forEach(w -> all.put(w.name(), w));
        for (Parameter p : parameters) {
            float[] v = all.get(p.qualifiedName()).values();
            backend.write(p.value(), v, 0, v.length);
        }
    }

    /** Runs the network in inference mode on {@code count} samples, returning all outputs. */
    public float[] predict(float[] features, int count) {
        int in = inputShape().size(), out = outputShape().size();
        float[] result = new float[count * out];
        for (int start = 0; start < count; start += maxBatch) {
            int rows = Math.min(maxBatch, count - start);
            backend.write(input(), features, start * in, rows * in);
            forward(rows, false, 0);
            backend.read(output, result, start * out, rows * out);
        }
        return result;
    }

    /** Releases the backend; the plan owns it. */
    @Override
    public void close() {
        backend.close();
    }
}
