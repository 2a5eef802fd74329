package org.layercanvas.engine.train;

import java.util.List;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.spi.Backend;

/**
 * Updates parameters from their gradients. Order of use: create from a config, then
 * {@link #step} once per batch with t = 1, 2, …; state (velocities, moments) lives on the backend
 * and is allocated on the first step.
 */
public interface Optimizer {
    /** @param batch rows in the batch the gradients were computed from */
    void step(Backend backend, List<Parameter> parameters, int t, int batch);

    float learningRate();
}
