package org.layercanvas.engine.insight;

import java.util.Map;

/**
 * Who a run is: the project, where it ran, and the hyperparameters (the training section flattened
 * to names such as {@code optimizer.learning_rate}), recorded for reproducibility and comparison.
 *
 * @param started    ISO-8601 local date-time
 * @param classNames the data's class labels in class-index order (text targets of a CSV), or empty
 */
public record RunInfo(String project, String scheme, String device, String backend, long seed, int epochs,
                      int batchesPerEpoch, int trainSamples, Map<String, String> hyperparameters, String started,
                      java.util.List<String> classNames) {
    public RunInfo {
        hyperparameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hyperparameters));
        classNames = java.util.List.copyOf(classNames);
    }

    /** A run whose classes have no names. */
    public RunInfo(String project, String scheme, String device, String backend, long seed, int epochs,
                   int batchesPerEpoch, int trainSamples, Map<String, String> hyperparameters, String started) {
        this(project, scheme, device, backend, seed, epochs, batchesPerEpoch, trainSamples, hyperparameters, started, java.util.List.of());
    }

    /** The names {@link #hyperparameters} uses for a training section. */
    public static Map<String, String> hyperparameters(org.layercanvas.engine.project.TrainingConfig c) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("loss", c.loss() + (c.fromLogits() ? " (from logits)" : ""));
        h.put("optimizer", c.optimizer().type());
        c.optimizer().params().forEach((k, v) -> h.put("optimizer." + k, String.valueOf(v)));
        h.put("batch_size", String.valueOf(c.batchSize()));
        h.put("epochs", String.valueOf(c.epochs()));
        h.put("seed", String.valueOf(c.seed()));
        h.put("validation_split", String.valueOf(c.validationSplit()));
        h.put("metrics", String.join(", ", c.metrics()));
        return h;
    }
}
