package org.layercanvas.engine.train;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;

/**
 * One epoch's samples in shuffled order, handed out batch by batch.
 *
 * <p>Data in memory is shuffled whole: one permutation of all rows. Streamed data is shuffled in windows
 * of about {@link Samples#shuffleRows()} rows: its chunks are permuted, consecutive runs of them fill a
 * window, and the rows within each window are permuted; the next window is read on a background thread
 * while the trainer works through this one, so training does not wait for the disk when the disk keeps up.
 * When one window holds every row the chunks' order would change nothing, so none is drawn: the order is
 * then the very permutation the data in memory gets, and streamed training gives the same weights.
 *
 * <p>Every random number is drawn when the epoch starts, as for data in memory, so that whatever else
 * draws from the same generator during the epoch (a GAN's noise) sees the same sequence either way.
 */
final class ShuffledEpoch implements AutoCloseable {
    /** Reads windows ahead of the trainer; daemon threads, so an abandoned read never keeps the JVM alive. */
    private static final ExecutorService READ_AHEAD = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "layercanvas-read-ahead");
        t.setDaemon(true);
        return t;
    });

    private final Samples data;
    private final int features, targets, chunkRows, chunksPerWindow, chunks;
    /** The chunks in reading order (null when one window holds them all: then in file order). */
    private final int[] chunkOrder;
    /** Per window, the permutation of its rows. */
    private final int[][] orders;
    private int window = -1, at;
    private Dataset block;
    private CompletableFuture<Dataset> ahead;

    ShuffledEpoch(Samples data, Random random) {
        this.data = data;
        this.features = data.featureShape().size();
        this.targets = data.targetShape().size();
        int n = data.count();
        // data in memory is one chunk that one window holds (Samples' defaults): a single permutation of every row
        this.chunkRows = Math.max(1, Math.min(n, data.chunkRows()));
        this.chunks = (n + chunkRows - 1) / chunkRows;
        this.chunksPerWindow = Math.max(1, Math.min(chunks, ceilDiv(data.shuffleRows(), chunkRows)));
        int windows = Math.max(1, ceilDiv(chunks, chunksPerWindow));
        this.chunkOrder = windows > 1 ? Trainer.permutation(chunks, random) : null;
        this.orders = new int[windows][];
        for (int w = 0; w < windows; w++) {
            orders[w] = Trainer.permutation(windowRows(w), random);
        }
        if (!(data instanceof Dataset)) {
            ahead = read(0);
        }
    }

    /**
     * {@code data} in memory when it is streamed but its shuffle buffer holds every row: then it is read once
     * and kept, instead of once per epoch before the first batch can start.
     */
    static Samples keptWhenBuffered(Samples data) {
        return !(data instanceof Dataset) && data.shuffleRows() >= data.count() ? data.load() : data;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private int chunk(int position) {
        return chunkOrder == null ? position : chunkOrder[position];
    }

    private int chunkSize(int c) {
        return Math.min(chunkRows, data.count() - c * chunkRows);
    }

    private int windowRows(int w) {
        int rows = 0;
        for (int p = w * chunksPerWindow; p < Math.min(chunks, (w + 1) * chunksPerWindow); p++) {
            rows += chunkSize(chunk(p));
        }
        return rows;
    }

    /** Window {@code w}'s rows, its chunks one after the other, read on the background thread. */
    private CompletableFuture<Dataset> read(int w) {
        if (w >= orders.length) {
            return null;
        }
        return CompletableFuture.supplyAsync(() -> {
            int rows = orders[w].length;
            float[] x = new float[Math.multiplyExact(rows, features)], y = new float[Math.multiplyExact(rows, targets)];
            for (int p = w * chunksPerWindow, filled = 0; p < Math.min(chunks, (w + 1) * chunksPerWindow); p++) {
                int c = chunk(p), size = chunkSize(c);
                data.copy(c * chunkRows, size, x, filled * features, y, filled * targets);
                filled += size;
            }
            return new Dataset(x, data.featureShape(), y, data.targetShape(), rows, data.classNames());
        }, READ_AHEAD);
    }

    private void nextWindow() {
        window++;
        if (data instanceof Dataset d) {
            block = d;
        } else {
            try {
                block = ahead.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the training data", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            ahead = read(window + 1);
        }
        at = 0;
    }

    /** The next {@code rows} samples into {@code xs} and {@code ys} (either may be null), from position 0 of each. */
    void next(int rows, float[] xs, float[] ys) {
        for (int r = 0; r < rows; r++) {
            while (block == null || at == orders[window].length) {
                nextWindow();
            }
            int i = orders[window][at++];
            if (xs != null) {
                System.arraycopy(block.features(), i * features, xs, r * features, features);
            }
            if (ys != null) {
                System.arraycopy(block.targets(), i * targets, ys, r * targets, targets);
            }
        }
    }

    /** Passes over the next {@code rows} samples (continuing an epoch), their targets into {@code ys} if not null. */
    void skip(int rows, float[] ys) {
        float[] y = new float[targets];
        for (int r = 0; r < rows; r++) {
            next(1, null, y);
            if (ys != null) {
                System.arraycopy(y, 0, ys, r * targets, targets);
            }
        }
    }

    /** Abandons a window still being read. */
    @Override
    public void close() {
        if (ahead != null) {
            ahead.cancel(false);
        }
    }
}
