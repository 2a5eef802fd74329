package org.layercanvas.engine.insight;

import java.util.List;

/**
 * A look inside the network after training step {@code step}: every trainable parameter tensor,
 * every node's activations on a fixed probe batch, and, for two-dimensional inputs, the decision
 * boundary (else null).
 */
public record LayerSnapshot(long step, int epoch, List<ParamStats> params, List<ActivationStats> activations,
                            DecisionBoundary boundary) {
    public LayerSnapshot {
        params = List.copyOf(params);
        activations = List.copyOf(activations);
    }

    /** The same snapshot without its decision boundary (the largest part), for keeping many. */
    public LayerSnapshot withoutBoundary() {
        return boundary == null ? this : new LayerSnapshot(step, epoch, params, activations, null);
    }

    /**
     * One parameter tensor ({@code <node>/<param>}): its values and its latest gradient, and
     * ||W(t+1) − W(t)|| / ||W(t)|| over one optimizer step, the update-to-parameter ratio (NaN when
     * unknown).
     */
    public record ParamStats(String name, Summary weights, Summary gradients, double updateRatio,
                             Histogram weightHistogram, Histogram gradientHistogram) {
    }

    /** One node's output on the probe batch. */
    public record ActivationStats(String nodeId, Summary summary, Histogram histogram) {
    }
}
