package org.layercanvas.engine.train;

import java.util.Map;

/**
 * One epoch's results: "loss" and each metric on the training batches (as seen during training,
 * dropout on), "val_loss"/"val_&lt;metric&gt;" on the validation data when there is any.
 */
public record EpochResult(int epoch, Map<String, Double> values, double seconds) {
    public EpochResult {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
