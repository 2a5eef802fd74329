package org.layercanvas.engine.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.layers.InputLayer;
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
 * once, for batches of up to {@code maxBatch} rows; running the plan allocates nothing.
 */
public final class Compiler {
    private final LayerRegistry registry;

    public Compiler(LayerRegistry registry) {
        this.registry = registry;
    }

    /** @throws GraphException when the network has problems, or has other than one output */
    public Plan compile(Network net, Backend backend, int maxBatch) {
        return compile(net, backend, maxBatch, false);
    }

    /**
     * @param inputGradients also back-propagate to the Input ({@link Plan#inputGrad()}), as a GAN's
     *                       discriminator must to train the generator in front of it
     */
    public Plan compile(Network net, Backend backend, int maxBatch, boolean inputGradients) {
        Validation v = new Validator(registry).validate(net);
        if (!v.ok()) {
            throw new GraphException(net.name(), v.problems());
        }
        List<String> outputs = v.order().stream().filter(id -> net.outputsOf(id).isEmpty()).toList();
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
            int size = maxBatch * v.shapes().get(id).size();
            outputTensors.put(id, backend.allocate(size));
            if (inputGradients || !inputs.contains(id)) {
                outputGrads.put(id, backend.allocate(size));
            }
        }
        // A consumer writes the gradient for its input straight into the producer's output gradient,
        // unless the producer feeds several consumers: then each writes its own part and the plan sums them.
        Map<String, List<Tensor>> gradParts = new HashMap<>();
        Map<Edge, Tensor> edgeGrads = new HashMap<>();
        for (String id : v.order()) {
            List<Edge> consumers = net.outputsOf(id);
            if (inputs.contains(id) && !inputGradients) {
                continue;
            }
            if (consumers.size() == 1) {
                edgeGrads.put(consumers.get(0), outputGrads.get(id));
            } else {
                List<Tensor> parts = new ArrayList<>();
                for (Edge e : consumers) {
                    Tensor part = backend.allocate(maxBatch * v.shapes().get(id).size());
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
            LayerConfig config = v.configs().get(id);
            List<Edge> in = net.inputsOf(id);
            List<Shape> inShapes = in.stream().map(e -> v.shapes().get(e.from())).toList();
            Map<String, Tensor> params = new LinkedHashMap<>();
            Map<String, Tensor> grads = new LinkedHashMap<>();
            for (ParamTensor p : v.parameters().get(id)) {
                Tensor value = backend.allocate(p.shape().size());
                Tensor grad = p.trainable() ? backend.allocate(p.shape().size()) : null;
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
            op.allocate(backend, maxBatch);
            steps.add(new Step(id, op, binding, v.shapes().get(id).size(), gradParts.getOrDefault(id, List.of())));
        }
        Map<String, Tensor> inputTensors = new LinkedHashMap<>();
        inputs.forEach(id -> inputTensors.put(id, outputTensors.get(id)));
        String out = outputs.get(0);
        Tensor inputGrad = inputs.size() == 1 ? outputGrads.get(inputs.get(0)) : null;
        return new Plan(backend, maxBatch, steps, parameters, inputTensors, v.shapes(), out, outputTensors.get(out), outputGrads.get(out), v,
                inputGrad);
    }
}
