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
 * @param onNonFinite     {@value #STOP} (a loss that becomes NaN or infinite ends the run as diverged) or
 *                        {@value #CONTINUE} (train on regardless)
 * @param checkpointMinutes how often a checkpoint is also written within an epoch (one is always written at
 *                        every epoch end); 0 writes one after every batch
 */
public record TrainingConfig(String loss, boolean fromLogits, List<String> metrics, OptimizerConfig optimizer,
                             int batchSize, int epochs, long seed, double validationSplit,
                             EarlyStopping earlyStopping, String scheme, String onNonFinite, double checkpointMinutes) {
    public static final long DEFAULT_SEED = 42;
    public static final String SUPERVISED = "supervised", AUTOENCODER = "autoencoder", GAN = "gan";
    public static final List<String> SCHEMES = List.of(SUPERVISED, AUTOENCODER, GAN);
    public static final String STOP = "stop", CONTINUE = "continue";
    public static final List<String> ON_NON_FINITE = List.of(STOP, CONTINUE);
    public static final double DEFAULT_CHECKPOINT_MINUTES = 10;

    public TrainingConfig {
        metrics = List.copyOf(metrics);
    }

    /** With the defaults: stop on a non-finite loss, a checkpoint every {@value #DEFAULT_CHECKPOINT_MINUTES} minutes. */
    public TrainingConfig(String loss, boolean fromLogits, List<String> metrics, OptimizerConfig optimizer,
                          int batchSize, int epochs, long seed, double validationSplit, EarlyStopping earlyStopping, String scheme) {
        this(loss, fromLogits, metrics, optimizer, batchSize, epochs, seed, validationSplit, earlyStopping, scheme, STOP,
                DEFAULT_CHECKPOINT_MINUTES);
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
        return new TrainingConfig(loss, fromLogits, metrics, optimizer, batchSize, newEpochs, seed, validationSplit, earlyStopping, scheme,
                onNonFinite, checkpointMinutes);
    }

    public TrainingConfig withOnNonFinite(String policy) {
        return new TrainingConfig(loss, fromLogits, metrics, optimizer, batchSize, epochs, seed, validationSplit, earlyStopping, scheme,
                policy, checkpointMinutes);
    }

    public TrainingConfig withCheckpointMinutes(double minutes) {
        return new TrainingConfig(loss, fromLogits, metrics, optimizer, batchSize, epochs, seed, validationSplit, earlyStopping, scheme,
                onNonFinite, minutes);
    }

    public TrainingConfig withOptimizer(OptimizerConfig newOptimizer) {
        return new TrainingConfig(loss, fromLogits, metrics, newOptimizer, batchSize, epochs, seed, validationSplit, earlyStopping, scheme,
                onNonFinite, checkpointMinutes);
    }
}
