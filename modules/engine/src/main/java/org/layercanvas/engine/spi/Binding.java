package org.layercanvas.engine.spi;

import java.util.List;
import java.util.Map;

/**
 * The tensors a compiled {@link LayerOp} works on, allocated once by the compiler for the largest
 * batch. {@code inputGrads} entries are null where no gradient is needed (data inputs).
 */
public record Binding(List<Tensor> inputs, Tensor output, List<Tensor> inputGrads, Tensor outputGrad,
                      Map<String, Tensor> params, Map<String, Tensor> grads) {
    public Tensor input(int i) {
        return inputs.get(i);
    }

    public Tensor inputGrad(int i) {
        return inputGrads.get(i);
    }

    public Tensor param(String name) {
        return params.get(name);
    }

    public Tensor grad(String name) {
        return grads.get(name);
    }
}
