package org.layercanvas.formats.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;

/**
 * Samples whose features stay in their file and are read by row ranges as training visits them (an
 * HDF5 dataset, a memory-mapped .npy array), with the targets in memory: one or a few numbers per
 * sample, small beside the features. Opening passes over the features once to find non-finite values
 * (refused, or the samples dropped, by {@link NonFinite}), so that bad data stops before training, not
 * in its middle.
 */
final class FileSamples implements Samples {
    /** Reads the features of consecutive rows of the file. */
    interface Rows extends Closeable {
        /** Rows [row, row + rows) of the file into {@code into} from {@code at}, {@code featureShape().size()} values each. */
        void read(long row, int rows, float[] into, int at) throws IOException;
    }

    /** The whole data read into memory (by the reader's {@code read}). */
    interface Whole {
        Dataset read() throws IOException;
    }

    /** Bytes of features the opening pass reads at a time. */
    private static final int PASS_BYTES = 4 << 20;

    private final Rows file;
    private final Shape featureShape, targetShape;
    private final float[] targets;
    private final List<String> classNames;
    /** The file rows of the samples (null: every row), and the first sample of this view. */
    private final int[] kept;
    private final int first, count, chunkRows;
    private final boolean owner;

    private FileSamples(Rows file, Shape featureShape, float[] targets, Shape targetShape, List<String> classNames, int[] kept, int first,
                        int count, int chunkRows, boolean owner) {
        this.file = file;
        this.featureShape = featureShape;
        this.targets = targets;
        this.targetShape = targetShape;
        this.classNames = List.copyOf(classNames);
        this.kept = kept;
        this.first = first;
        this.count = count;
        this.chunkRows = chunkRows;
        this.owner = owner;
    }

    /**
     * Samples of the file's {@code fileRows} rows, or {@code whole} when they hold at most {@code inMemoryValues}
     * values (features and targets), decided before the data is read; closes {@code file} unless it streams them.
     *
     * @param targets   every row's targets, {@code targetShape.size()} each
     * @param chunkRows rows the file reads together cheaply (an HDF5 chunk), 0 for any
     * @param features  where the features are, for messages ("'events.h5' dataset '/x'"); {@code labels} alike
     */
    static Samples open(Rows file, int fileRows, Shape featureShape, float[] targets, Shape targetShape, List<String> classNames, int chunkRows,
                        String nanPolicy, String features, String labels, long inMemoryValues, Whole whole) throws IOException {
        int f = featureShape.size(), t = targetShape.size();
        if ((long) fileRows * (f + t) <= inMemoryValues) {
            file.close();
            return whole.read();
        }
        try {
            int step = Math.max(1, PASS_BYTES / Float.BYTES / f);
            float[] x = new float[Math.min(step, fileRows) * f];
            boolean[] bad = new boolean[fileRows];
            int dropped = 0;
            for (int from = 0; from < fileRows; from += step) {
                int rows = Math.min(step, fileRows - from);
                file.read(from, rows, x, 0);
                boolean[] found = NonFinite.find(x, f, java.util.Arrays.copyOfRange(targets, from * t, (from + rows) * t), t, rows, from, nanPolicy,
                        features, labels);
                for (int i = 0; i < rows; i++) {
                    if (found[i]) {
                        bad[from + i] = true;
                        dropped++;
                    }
                }
            }
            NonFinite.requireSomeLeft(dropped, fileRows, features);
            int[] kept = null;
            float[] y = targets;
            if (dropped > 0) {
                kept = new int[fileRows - dropped];
                y = new float[kept.length * t];
                for (int i = 0, k = 0; i < fileRows; i++) {
                    if (!bad[i]) {
                        System.arraycopy(targets, i * t, y, k * t, t);
                        kept[k++] = i;
                    }
                }
            }
            int chunk = chunkRows > 0 ? chunkRows : step;
            return new FileSamples(file, featureShape, y, targetShape, classNames, kept, 0, kept == null ? fileRows : kept.length, chunk, true);
        } catch (IOException | RuntimeException e) {
            try {
                file.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public Shape featureShape() {
        return featureShape;
    }

    @Override
    public Shape targetShape() {
        return targetShape;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int chunkRows() {
        return chunkRows;
    }

    @Override
    public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
        int t = targetShape.size(), f = featureShape.size();
        if (y != null) {
            System.arraycopy(targets, (first + from) * t, y, yAt, rows * t);
        }
        if (x == null) {
            return;
        }
        try {
            if (kept == null) {
                file.read(first + from, rows, x, xAt);
                return;
            }
            for (int i = 0; i < rows; ) { // runs of consecutive file rows, read at once
                int start = kept[first + from + i], run = 1;
                while (i + run < rows && kept[first + from + i + run] == start + run) {
                    run++;
                }
                file.read(start, run, x, xAt + i * f);
                i += run;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Samples rows(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + count);
        }
        return new FileSamples(file, featureShape, targets, targetShape, classNames, kept, first + from, to - from, chunkRows, false);
    }

    /** Closes the file (views share it: only the samples {@link #open} made close it). */
    @Override
    public void close() {
        if (owner) {
            try {
                file.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Thrown for a file that cannot be streamed, naming why. */
    static DataFormatException cannotStream(String where, String why) {
        return new DataFormatException(where + ": cannot be streamed (" + why + "); set \"stream\": false to read it into memory");
    }
}
