package org.layercanvas.engine.train;

import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.api.Samples;

/**
 * Reads a slice of any batch of a training run from the data, in the order {@link Trainer#fit} trains on it: the same
 * validation split, the same seeded shuffle (windows of streamed data included). A machine of a data-parallel run holds
 * the data and reads its own rows with it, so that only the batch's place travels, not its samples. Reading on in order
 * (the next batch's slice) continues the open epoch; anything else starts the epoch again and skips to the rows.
 */
public final class BatchSlices implements AutoCloseable {
    private final Samples train;
    private final int batchSize;
    private ShuffledEpoch epoch;
    private String epochState;
    /** Rows of the open epoch already passed. */
    private long position;

    /** @param data the project's training data, validation rows included (they are split off here as fit does) */
    public BatchSlices(Samples data, TrainingConfig config) {
        this(Trainer.trainingRows(data, config), config.batchSize());
    }

    private BatchSlices(Samples train, int batchSize) {
        this.train = train;
        this.batchSize = batchSize;
    }

    /** The batches of a GAN's training ({@link GanTrainer#fit}): every row of the data, none split off for validation. */
    public static BatchSlices everyRow(Samples data, int batchSize) {
        return new BatchSlices(ShuffledEpoch.keptWhenBuffered(data), batchSize);
    }

    /** Training rows: the data less its validation split. */
    public int count() {
        return train.count();
    }

    /** Rows {@code from} to {@code to} (exclusive) of batch {@code at} into {@code xs} and {@code ys}, from position 0 of each. */
    public void read(BatchGradients.BatchAt at, int from, int to, float[] xs, float[] ys) {
        long start = (long) at.batch() * batchSize + from;
        if (epoch == null || !at.shuffleAtEpochStart().equals(epochState) || position > start) {
            close();
            epoch = new ShuffledEpoch(train, ResumableRandom.fromState(at.shuffleAtEpochStart()));
            epochState = at.shuffleAtEpochStart();
            position = 0;
        }
        epoch.skip((int) (start - position), null);
        epoch.next(to - from, xs, ys);
        position = start + (to - from);
    }

    @Override
    public void close() {
        if (epoch != null) {
            epoch.close();
            epoch = null;
        }
    }
}
