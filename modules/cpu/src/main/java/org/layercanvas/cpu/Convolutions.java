package org.layercanvas.cpu;

import org.layercanvas.engine.spi.Window2D;

/**
 * Convolution on the CPU a sample at a time. Windows at stride 1 go to {@link ImplicitConvolutions}, which never unfolds
 * them; strided ones are unfolded here: each sample's windows are unfolded into a buffer of the worker's own
 * (patch × positions: 78 KB for LeNet-5's first layer) and multiplied on that thread while they are in its cache,
 * instead of unfolding the whole batch (10 MB) and reading it back from memory. The product of a sample lands in
 * the output's [filters, positions] layout, so no axis swap follows; the backward pass unfolds the sample again
 * (cheaper than keeping the batch's columns), takes the weight gradient as dot products of the gradient's rows with
 * the columns' rows where those are long (both contiguous, no transposing copy) and folds its window gradients back
 * into that sample's dx.
 *
 * <p>The weight gradient is summed over fixed blocks of {@link #BLOCK} samples, each block's sum in sample order,
 * then the blocks in order: the same bits whichever thread ran a block and however many threads there are.
 */
final class Convolutions {
    static final int BLOCK = 8;
    /**
     * Positions per sample from which the weight gradient is taken as dot products: LeNet-5's first layer (784) ran its
     * backward pass in 2.9 ms instead of 3.2 ms that way; its second (100 positions: short dots, a reduction each)
     * in 5.2 ms instead of 3.4 ms, so short ones stay with the GEMM (JMH ConvolutionBenchmark, same fork).
     */
    static final int LONG_DOTS = 256;
    private final Gemm gemm;
    private final ImplicitConvolutions implicit = new ImplicitConvolutions();
    /** A worker's arrays, grown to the largest layer it has run: a sample's columns, its output or gradient, its weight gradient, its columns' gradient. */
    private static final int COLS = 0, OUT = 1, SUM = 2, D_COLS = 3;
    private final ThreadLocal<Scratch> buffers = ThreadLocal.withInitial(() -> new Scratch(4, 0));
    private float[] blockSums = new float[0];

    Convolutions(Gemm gemm) {
        this.gemm = gemm;
    }

    /** y's samples [from, to) = weight applied to each window of x's, each sample then finished by the epilogue (none when null). */
    void forward(float[] x, float[] weight, float[] y, Window2D g, int filters, int from, int to, Epilogue epilogue) {
        if (ImplicitConvolutions.handles(g)) {
            implicit.forward(x, weight, y, g, filters, from, to, epilogue);
            return;
        }
        Scratch buf = buffers.get();
        int positions = g.positions(), size = filters * positions;
        float[] cols = buf.floats(COLS, g.patch() * positions), out = buf.floats(OUT, size);
        for (int b = from; b < to; b++) {
            WindowOps.unfold(x, b * g.inSize(), cols, 0, positions, g);
            gemm.multiply(false, false, filters, positions, g.patch(), weight, cols, 0f, out, false);
            System.arraycopy(out, 0, y, b * size, size);
            finish(epilogue, y, filters, positions, b);
        }
    }

    static void finish(Epilogue epilogue, float[] y, int filters, int positions, int sample) {
        if (epilogue != null) {
            epilogue.channels(y, filters, positions, sample, sample + 1);
        }
    }

    /** Sizes the blocks' weight gradients [blocks × filters × patch] for a batch; returns how many blocks it has. */
    int prepare(int batch, Window2D g, int filters) {
        int blocks = (batch + BLOCK - 1) / BLOCK, size = filters * g.patch();
        if (blockSums.length < blocks * size) {
            blockSums = new float[blocks * size];
        }
        return blocks;
    }

    /**
     * Blocks [from, to) of the backward pass: each block's weight gradient into its place among the blocks' sums,
     * and dx of its samples when {@code dx} is not null.
     */
    void backward(float[] x, float[] weight, float[] dy, float[] dx, Window2D g, int filters, int batch, int from, int to) {
        Scratch buf = buffers.get();
        int positions = g.positions(), size = filters * positions, wSize = filters * g.patch();
        if (ImplicitConvolutions.handles(g)) {
            float[] sum = buf.floats(SUM, wSize);
            for (int block = from; block < to; block++) {
                implicit.backward(x, weight, dy, dx, g, filters, block * BLOCK, Math.min(batch, (block + 1) * BLOCK), sum);
                System.arraycopy(sum, 0, blockSums, block * wSize, wSize);
            }
            return;
        }
        float[] cols = buf.floats(COLS, g.patch() * positions), grad = buf.floats(OUT, size), sum = buf.floats(SUM, wSize);
        float[] dCols = dx == null ? null : buf.floats(D_COLS, g.patch() * positions);
        for (int block = from; block < to; block++) {
            for (int b = block * BLOCK; b < Math.min(batch, (block + 1) * BLOCK); b++) {
                WindowOps.unfold(x, b * g.inSize(), cols, 0, positions, g);
                System.arraycopy(dy, b * size, grad, 0, size);
                float beta = b == block * BLOCK ? 0f : 1f;
                if (positions >= LONG_DOTS) {
                    Gemm.rowDots(filters, g.patch(), positions, grad, cols, beta, sum);
                } else {
                    gemm.multiply(false, true, filters, g.patch(), positions, grad, cols, beta, sum, false);
                }
                if (dx != null) {
                    gemm.multiply(true, false, g.patch(), positions, filters, weight, grad, 0f, dCols, false);
                    java.util.Arrays.fill(dx, b * g.inSize(), (b + 1) * g.inSize(), 0f);
                    WindowOps.fold(dCols, 0, positions, dx, b * g.inSize(), g);
                }
            }
            System.arraycopy(sum, 0, blockSums, block * wSize, wSize);
        }
    }

    /** dWeight = the blocks' sums added in block order. */
    void sumBlocks(float[] dWeight, int blocks, int wSize) {
        System.arraycopy(blockSums, 0, dWeight, 0, wSize);
        for (int block = 1; block < blocks; block++) {
            int o = block * wSize;
            for (int i = 0; i < wSize; i++) {
                dWeight[i] += blockSums[o + i];
            }
        }
    }
}
