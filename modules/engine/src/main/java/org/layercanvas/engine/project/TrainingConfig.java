package org.layercanvas.engine.project;

import java.util.List;

/**
 * The "training" section.
 *
 * @param loss            mse, binary_crossentropy or categorical_crossentropy
 * @param fromLogits      the network's output is a logit; the loss applies sigmoid/softmax itself
 * @param metrics         accuracy, auc, mse, mae
 * @param validationSplit the fraction of the training data, taken from its end before shuffling, kept for validation
 * @param earlyStopping   null for none
 */
public record TrainingConfig(String loss, boolean fromLogits, List<String> metrics, OptimizerConfig optimizer,
                             int batchSize, int epochs, long seed, double validationSplit,
                             EarlyStopping earlyStopping) {
    public static final long DEFAULT_SEED = 42;

    public TrainingConfig {
        metrics = List.copyOf(metrics);
    }

    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(loss, fromLogits, metrics, optimizer, batchSize, newEpochs, seed, validationSplit, earlyStopping);
    }
}
