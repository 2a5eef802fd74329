package org.layercanvas.engine.insight;

import java.util.List;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.LayerRegistry;

/**
 * Saliency maps (Simonyan, Vedaldi and Zisserman, 2014): how much each input value of one sample moves one output of the
 * network, d output[k] / d input, the pixels a classifier's decision for class k rests on. The network runs in inference
 * mode (no dropout or noise, batch normalisation with its running statistics) on the reference backend, one sample at a
 * time, from the weights given; an output ending in softmax gives the gradient of the class's probability.
 */
public final class Saliency implements AutoCloseable {
    private final Plan plan;
    private final Backend backend;

    /**
     * @param weights every parameter of {@code network} ({@link Plan#weights()} of the plan being looked at)
     * @throws IllegalArgumentException for a network with more than one input, or weights that do not fit it
     */
    public Saliency(Network network, LayerRegistry registry, List<WeightTensor> weights) {
        plan = new Compiler(registry).compile(network, new ReferenceBackend(), 1, true);
        backend = plan.backend();
        if (plan.inputGrad() == null) {
            plan.close();
            throw new IllegalArgumentException("a saliency map needs a network with one input; '" + network.name() + "' has "
                    + plan.inputIds().size());
        }
        plan.loadWeights(weights);
    }

    /** The network's outputs for {@code sample} and the gradient of output {@code index} with respect to the sample. */
    public Result of(float[] sample, int index) {
        int in = plan.inputShape().size(), out = plan.outputShape().size();
        if (sample.length != in) {
            throw new IllegalArgumentException("a sample of " + sample.length + " values; the network takes " + in);
        }
        if (index < 0 || index >= out) {
            throw new IllegalArgumentException("output " + index + " does not exist: the network has outputs 0 to " + (out - 1));
        }
        backend.write(plan.input(), sample, 0, in);
        plan.forward(1, false, 0);
        float[] outputs = new float[out];
        backend.read(plan.output(), outputs, 0, out);
        float[] seed = new float[out];
        seed[index] = 1;
        backend.write(plan.outputGrad(), seed, 0, out);
        plan.backward(1);
        float[] gradient = new float[in];
        backend.read(plan.inputGrad(), gradient, 0, in);
        return new Result(outputs, gradient);
    }

    /**
     * @param outputs  the network's outputs for the sample
     * @param gradient d output[index] / d input, in the input's layout
     */
    public record Result(float[] outputs, float[] gradient) {
    }

    @Override
    public void close() {
        plan.close();
    }
}
