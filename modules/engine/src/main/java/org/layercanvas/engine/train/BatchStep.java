package org.layercanvas.engine.train;

import java.util.List;
import org.layercanvas.engine.api.WeightTensor;

/**
 * One batch stepped through a network by {@link Trainer#step}: which batch it was and every tensor on the way.
 *
 * @param epoch   the epoch it belongs to, from 1
 * @param batch   its place in that epoch, from 0
 * @param rows    samples in it
 * @param loss    the batch's mean loss (auxiliary terms such as a VAE's KL included)
 * @param tensors {@code inputs}, {@code targets}, then per node in running order {@code <node>/output} and
 *                {@code <node>/grad_output} (dL/d output; rows first), then per parameter {@code <node>/<param>} and
 *                {@code <node>/<param>.grad}, and after an update {@code <node>/<param>.next}
 */
public record BatchStep(int epoch, int batch, int rows, double loss, List<WeightTensor> tensors) {
    public BatchStep {
        tensors = List.copyOf(tensors);
    }
}
