package org.layercanvas.engine.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.compile.Allocations.Kind;
import org.layercanvas.engine.layers.InputLayer;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;

/**
 * Turns a validated network into a {@link Plan} on one backend: every buffer is allocated here,
 * once, for batches of up to {@code maxBatch} rows; running the plan allocates nothing. Before it
 * allocates, it counts what training will need and refuses what the JVM or the device cannot hold.
 */
public final class Compiler {
    private final LayerRegistry registry;
    private final int optimizerSlots;

    public Compiler(LayerRegistry registry) {
        this(registry, 0);
    }

    /**
     * @param optimizerSlots state tensors the optimizer keeps per trainable parameter
     *                       ({@link MemoryEstimate#optimizerSlots}); they count towards the memory check
     */
    private Compiler(LayerRegistry registry, int optimizerSlots) {
        this.registry = registry;
        this.optimizerSlots = optimizerSlots;
    }

    /** This compiler, counting the state of {@code optimizer} into the memory each plan needs to train. */
    public Compiler withOptimizer(OptimizerConfig optimizer) {
        return new Compiler(registry, MemoryEstimate.optimizerSlots(optimizer));
    }

    /** @throws GraphException when the network has problems, or has other than one output */
    public Plan compile(Network net, Backend backend, int maxBatch) {
        return compile(net, backend, maxBatch, false);
    }

    /**
     * @param inputGradients also back-propagate to the Input ({@link Plan#inputGrad()}), as a GAN's
     *                       discriminator must to train the generator in front of it
     * @throws GraphException when the network has problems or a tensor would exceed a Java array
     * @throws MemoryLimitException when training it would need more memory than the JVM or device has;
     *                              nothing was allocated then
     */
    public Plan compile(Network net, Backend backend, int maxBatch, boolean inputGradients) {
        Validation v = validated(net);
        MemoryLimits.check(net.name(), estimate(net, v, maxBatch, inputGradients), backend);
        return build(net, v, new Allocations(net.name(), backend), maxBatch, inputGradients);
    }

    /**
     * What training {@code net} at batch {@code maxBatch} allocates, without allocating it;
     * {@code v} is the network's validation (the editor has one at hand).
     *
     * @throws GraphException when the network has problems or a tensor would exceed a Java array
     */
    public MemoryEstimate estimate(Network net, Validation v, int maxBatch, boolean inputGradients) {
        if (!v.ok()) {
            throw new GraphException(net.name(), v.problems());
        }
        Allocations counted = new Allocations(net.name(), Allocations.dryRun());
        Plan plan = build(net, v, counted, maxBatch, inputGradients);
        long trainable = v.totalParameterCount();
        // as the Trainer allocates them: a target row and a loss per row of the batch
        long loss = Math.addExact((long) maxBatch * plan.outputShape().size(), maxBatch);
        return new MemoryEstimate(maxBatch, counted.count(Kind.PARAMETERS), counted.count(Kind.GRADIENTS),
                Math.multiplyExact(trainable, optimizerSlots), counted.count(Kind.ACTIVATIONS),
                counted.count(Kind.ACTIVATION_GRADIENTS), counted.count(Kind.SCRATCH), loss);
    }

    private Validation validated(Network net) {
        Validation v = new Validator(registry).validate(net);
        if (!v.ok()) {
            throw new GraphException(net.name(), v.problems());
        }
        return v;
    }

    private Plan build(Network net, Validation v, Allocations allocations, int maxBatch, boolean inputGradients) {
        // edges by node once: Network.inputsOf/outputsOf scan every edge, and the editor estimates after each edit
        Map<String, List<Edge>> inputsOf = new HashMap<>(), outputsOf = new HashMap<>();
        for (String id : v.order()) {
            inputsOf.put(id, new ArrayList<>());
            outputsOf.put(id, new ArrayList<>());
        }
        for (Edge e : net.edges()) {
            outputsOf.get(e.from()).add(e);
            inputsOf.get(e.to()).add(e);
        }
        inputsOf.values().forEach(in -> in.sort(java.util.Comparator.comparingInt(Edge::port))); // as Network.inputsOf
        List<String> outputs = v.order().stream().filter(id -> outputsOf.get(id).isEmpty()).toList();
        List<String> inputs = v.order().stream().filter(id -> v.types().get(id) instanceof InputLayer).toList();
        if (outputs.size() != 1 || inputs.isEmpty()) {
            String why = inputs.isEmpty() ? "the network has no Input node: add one"
                    : "the network has " + outputs.size() + " outputs (" + String.join(", ", outputs) + "); training needs exactly one";
            throw new GraphException(net.name(), List.of(new org.layercanvas.engine.validate.Problem(
                    outputs.isEmpty() ? null : outputs.get(0), why)));
        }
        Map<String, Tensor> outputTensors = new HashMap<>();
        Map<String, Tensor> outputGrads = new HashMap<>();
        for (String id : v.order()) {
            allocations.node(id, v.types().get(id).name());
            int size = v.shapes().get(id).size();
            outputTensors.put(id, allocations.allocate(Kind.ACTIVATIONS, maxBatch, size));
            if (inputGradients || !inputs.contains(id)) {
                outputGrads.put(id, allocations.allocate(Kind.ACTIVATION_GRADIENTS, maxBatch, size));
            }
        }
        // A consumer writes the gradient for its input straight into the producer's output gradient,
        // unless the producer feeds several consumers: then each writes its own part and the plan sums them.
        Map<String, List<Tensor>> gradParts = new HashMap<>();
        Map<Edge, Tensor> edgeGrads = new HashMap<>();
        for (String id : v.order()) {
            List<Edge> consumers = outputsOf.get(id);
            if (inputs.contains(id) && !inputGradients) {
                continue;
            }
            if (consumers.size() == 1) {
                edgeGrads.put(consumers.get(0), outputGrads.get(id));
            } else {
                List<Tensor> parts = new ArrayList<>();
                for (Edge e : consumers) {
                    allocations.node(id, v.types().get(id).name());
                    Tensor part = allocations.allocate(Kind.ACTIVATION_GRADIENTS, maxBatch, v.shapes().get(id).size());
                    parts.add(part);
                    edgeGrads.put(e, part);
                }
                gradParts.put(id, parts);
            }
        }
        List<Step> steps = new ArrayList<>();
        List<Parameter> parameters = new ArrayList<>();
        for (String id : v.order()) {
            LayerType type = v.types().get(id);
            allocations.node(id, type.name());
            LayerConfig config = v.configs().get(id);
            List<Edge> in = inputsOf.get(id);
            List<Shape> inShapes = in.stream().map(e -> v.shapes().get(e.from())).toList();
            Map<String, Tensor> params = new LinkedHashMap<>();
            Map<String, Tensor> grads = new LinkedHashMap<>();
            for (ParamTensor p : v.parameters().get(id)) {
                Tensor value = allocations.allocate(Kind.PARAMETERS, 1, p.shape().size());
                Tensor grad = p.trainable() ? allocations.allocate(Kind.GRADIENTS, 1, p.shape().size()) : null;
                params.put(p.name(), value);
                grads.put(p.name(), grad);
                parameters.add(new Parameter(id, p, value, grad));
            }
            List<Tensor> inputGrads = new ArrayList<>();
            for (Edge e : in) {
                inputGrads.add(edgeGrads.get(e));
            }
            Binding binding = new Binding(in.stream().map(e -> outputTensors.get(e.from())).toList(), outputTensors.get(id),
                    inputGrads, outputGrads.get(id), params, grads);
            LayerOp op = type.create(config, inShapes, v.shapes().get(id));
            Backend scratch = allocations.forScratch();
            allocations.scratch(() -> op.allocate(scratch, maxBatch));
            steps.add(new Step(id, op, binding, v.shapes().get(id).size(), gradParts.getOrDefault(id, List.of())));
        }
        Map<String, Tensor> inputTensors = new LinkedHashMap<>();
        inputs.forEach(id -> inputTensors.put(id, outputTensors.get(id)));
        String out = outputs.get(0);
        Tensor inputGrad = inputs.size() == 1 ? outputGrads.get(inputs.get(0)) : null;
        return new Plan(allocations.backend(), maxBatch, steps, parameters, inputTensors, v.shapes(), out, outputTensors.get(out), outputGrads.get(out), v,
                inputGrad);
    }
}
