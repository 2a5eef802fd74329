package org.layercanvas.engine.api;

import java.util.List;

/**
 * Training or test samples, read by row ranges: a {@link Dataset} held in memory, or data streamed from a
 * file too large for memory (an HDF5 dataset, a memory-mapped .npy array) that is read chunk by chunk as
 * training visits it. Row i has {@code featureShape().size()} feature values and {@code targetShape().size()}
 * target values.
 */
public interface Samples extends AutoCloseable {
    int count();

    Shape featureShape();

    Shape targetShape();

    /** The names of the class indices when the file held text labels; empty otherwise. */
    List<String> classNames();

    /**
     * Copies rows [from, from + rows) into {@code x} at {@code xAt} and {@code y} at {@code yAt}; either array
     * may be null to skip it.
     *
     * @throws java.io.UncheckedIOException the file could not be read (its message names file and row)
     */
    void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt);

    /**
     * Rows that are read together cheaply (an HDF5 chunk, a Parquet row group): streamed training shuffles
     * whole chunks, then rows within its shuffle buffer. All rows for data in memory.
     */
    default int chunkRows() {
        return Math.max(1, count());
    }

    /**
     * How many rows the trainer shuffles together: all of them for data in memory; for streamed data the
     * shuffle buffer, a few chunks (whole ones; the trainer rounds up to a chunk).
     */
    default int shuffleRows() {
        return count();
    }

    /** Rows [from, to) (a copy for data in memory, a view for streamed data). */
    Samples rows(int from, int to);

    /** All rows in memory (this, for a {@link Dataset}). */
    default Dataset load() {
        int f = featureShape().size(), t = targetShape().size();
        float[] x = new float[Math.multiplyExact(count(), f)], y = new float[Math.multiplyExact(count(), t)];
        copy(0, count(), x, 0, y, 0);
        return new Dataset(x, featureShape(), y, targetShape(), count(), classNames());
    }

    /** Closes the files streamed data reads from; nothing for data in memory. */
    @Override
    default void close() {
    }
}
