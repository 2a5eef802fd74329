package org.layercanvas.engine.train;

import java.util.List;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Tensor;

/**
 * Updates parameters from their gradients. Order of use: create from a config, then
 * {@link #step} once per batch with t = 1, 2, …; state (velocities, moments) lives on the backend
 * and is allocated on the first step.
 */
public interface Optimizer {
    /** @param batch rows in the batch the gradients were computed from */
    void step(Backend backend, List<Parameter> parameters, int t, int batch);

    float learningRate();

    /**
     * The state tensors the optimizer keeps between steps (allocated now if no step has run yet, holding
     * the zeros a first step would start from), so that a checkpoint can save and restore them. Each has
     * its parameter's size; none for a stateless optimizer.
     */
    default List<StateTensor> state(Backend backend, List<Parameter> parameters) {
        return List.of();
    }

    /** One state tensor: {@code slot} (velocity, m, v, …) of {@code parameter}. */
    record StateTensor(Parameter parameter, String slot, Tensor tensor) {
        /** {@code <nodeId>/<param>/<slot>}. */
        public String name() {
            return parameter.qualifiedName() + "/" + slot;
        }
    }
}
