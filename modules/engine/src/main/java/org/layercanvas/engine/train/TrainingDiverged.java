package org.layercanvas.engine.train;

/**
 * Training stopped because the loss became NaN or infinite ({@code training.on_non_finite} "stop"); the
 * message says where (epoch, batch, the first non-finite tensor in forward order) and what to try.
 */
public final class TrainingDiverged extends RuntimeException {
    private final int epoch, batch;

    TrainingDiverged(int epoch, int batch, String message) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 1-based, as in the message. */
    public int epoch() {
        return epoch;
    }

    /** 1-based within the epoch, as in the message. */
    public int batch() {
        return batch;
    }
}
