package org.layercanvas.engine.train;

/** Hears about training progress; all methods run on the training thread, so keep them quick. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() { };

    default void started(int epochs, int batchesPerEpoch) {
    }

    default void batchEnd(int epoch, int batch, double loss) {
    }

    /**
     * The next {@code batches} batches are computed together (a round of parameter averaging on a cluster): their
     * {@link #batchEnd} calls come at once when the round is done, and share its time.
     */
    default void computedTogether(int batches) {
    }

    /**
     * After an epoch's validation pass, before {@link #epochEnd}: the network's outputs on the validation
     * data (rows × outputs, probabilities where the loss takes logits) and its targets. Not called without
     * validation data.
     */
    default void validated(org.layercanvas.engine.api.Samples validation, Trainer.Evaluation evaluation) {
    }

    default void epochEnd(EpochResult result) {
    }

    /** Polled before every batch; true stops training after the current batch. */
    default boolean stopRequested() {
        return false;
    }
}
