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
 * @param scheme          {@value #SUPERVISED} (targets from the data), {@value #AUTOENCODER} (the target is the input) or
 *                        {@value #GAN} (networks generator and discriminator, see GanTrainer)
 */
public record TrainingConfig(String loss, boolean fromLogits, List<String> metrics, OptimizerConfig optimizer,
                             int batchSize, int epochs, long seed, double validationSplit,
                             EarlyStopping earlyStopping, String scheme) {
    public static final long DEFAULT_SEED = 42;
    public static final String SUPERVISED = "supervised", AUTOENCODER = "autoencoder", GAN = "gan";
    public static final List<String> SCHEMES = List.of(SUPERVISED, AUTOENCODER, GAN);

    public TrainingConfig {
        metrics = List.copyOf(metrics);
    }

    /** A supervised configuration. */
    public TrainingConfig(String loss, boolean fromLogits, List<String> metrics, OptimizerConfig optimizer,
                          int batchSize, int epochs, long seed, double validationSplit, EarlyStopping earlyStopping) {
        this(loss, fromLogits, metrics, optimizer, batchSize, epochs, seed, validationSplit, earlyStopping, SUPERVISED);
    }

    /**
     * How many of {@code count} samples are held out for validation: the last {@code validation_split} of
     * them (none for a GAN, which trains on all of its data).
     */
    public int validationRows(int count) {
        return scheme.equals(GAN) ? 0 : (int) Math.floor(count * validationSplit);
    }

    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(loss, fromLogits, metrics, optimizer, batchSize, newEpochs, seed, validationSplit, earlyStopping, scheme);
    }
}
