package org.layercanvas.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.layercanvas.engine.spi.Window2D;

/**
 * Stride-1 convolution as an implicit GEMM on flat, padded images: no window is ever unfolded into columns.
 *
 * <p>Each image is copied into its zero-padded planes, Hp × Wp per channel (Hp = outH + kh − 1, Wp = outW + kw − 1), laid
 * end to end. At stride 1, the window value (c, ky, kx) of output position q = oy·Wp + ox is then the padded image's value
 * at q + off(c, ky, kx), with off = c·Hp·Wp + ky·Wp + kx: every row of the im2col matrix is a contiguous run of the padded
 * image, so the GEMM's microkernel loads its vectors straight from it. Positions with ox ≥ outW are computed too and
 * dropped (Wp − outW = kw − 1 of every Wp columns; 12 % for LeNet-5's first layer, 29 % for its second) — far cheaper
 * than unfolding, which copied each value kh·kw times in runs of outW (10 floats for LeNet-5's second layer) and was
 * then packed again for the GEMM: the two took 31 % of a LeNet-5 epoch.
 *
 * <p>The backward pass uses the same layout. The output gradient is written at stride Wp with zeros in the dropped
 * columns and a front margin of m = (kh − 1)·Wp + kw − 1 zeros; then the input gradient of padded position t is
 * Σ over (f, ky, kx) of w[f, c, ky, kx] · dy[f][m + t − ky·Wp − kx] — the same implicit GEMM with the kernel flipped
 * (an index that runs past a row's start lands in the dropped columns, which are zero). The weight gradient is the dot
 * product of each filter's gradient with each run of the padded images: vector sums per sample, added in sample order
 * over a block of samples, their lanes reduced once per block.
 *
 * <p>Where the filters fill whole vectors and the dropped columns would be many, the forward pass and the weight
 * gradient put the filters in the lanes instead ({@link FilterLanes}); the input gradient always runs as above.
 */
final class ImplicitConvolutions {
    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int L = S.length();
    /** Columns per microkernel step: two vectors. */
    private static final int NR = 2 * L;
    /**
     * Rows per microkernel step (filters forward, channels backward): 12 accumulators with {@link #NR}, 6 broadcasts and
     * 2 loads per 12 FMAs; LeNet-5's 6 filters and 6 channels fit it exactly.
     */
    private static final int MR = 6;
    /** Filters per step of the weight gradient: 4 × 2 weights in 8 accumulators, 6 loads per 8 FMAs. */
    private static final int GR = 4;
    /**
     * A worker's arrays: padded images (of a block of samples), output gradients at stride Wp, a product, packed weights,
     * vector sums, a sample's output gradient transposed (positions × filters).
     */
    private static final int IMAGES = 0, GRADIENTS = 1, PRODUCT = 2, WEIGHTS = 3, SUMS = 4, TRANSPOSED = 5;
    /** Its int arrays: the window's offsets, and the output positions' starts (for {@link FilterLanes}). */
    private static final int OFFSETS = 0, POSITIONS = 1;
    private final ThreadLocal<Scratch> buffers = ThreadLocal.withInitial(() -> new Scratch(6, 0, 2));

    /** Whether this path runs the window: stride 1 only (a strided window's runs are not contiguous). */
    static boolean handles(Window2D g) {
        return g.dense();
    }

    private static int paddedHeight(Window2D g) {
        return g.outH() + g.kh() - 1;
    }

    private static int paddedWidth(Window2D g) {
        return g.outW() + g.kw() - 1;
    }

    /** Values of one padded image, with room for the microkernel's last loads past its end. */
    private static int paddedImageSize(Window2D g) {
        return g.channels() * paddedHeight(g) * paddedWidth(g) + paddedWidth(g) + NR;
    }

    /** Output positions computed per image (the dropped columns included), rounded up to the microkernel's columns. */
    private static int outputColumns(Window2D g) {
        return roundUp(g.outH() * paddedWidth(g), NR);
    }

    /** The front margin of a filter's gradient run: the farthest the flipped kernel reaches back. */
    private static int margin(Window2D g) {
        return (g.kh() - 1) * paddedWidth(g) + g.kw() - 1;
    }

    /** Padded positions whose input gradient is computed per channel, rounded up to the microkernel's columns. */
    private static int inputColumns(Window2D g) {
        return roundUp(paddedHeight(g) * paddedWidth(g), NR);
    }

    /** One filter's gradient run: margin, positions, and room for both the weight gradient's and the input gradient's reads. */
    private static int gradientStride(Window2D g) {
        return margin(g) + Math.max(outputColumns(g), inputColumns(g)) + NR;
    }

    private static int roundUp(int n, int to) {
        return (n + to - 1) / to * to;
    }

    /** y's samples [from, to) = weight applied to each window of x's, each sample then finished by the epilogue (none when null). */
    void forward(float[] x, float[] weight, float[] y, Window2D g, int filters, int from, int to, Epilogue epilogue) {
        Scratch buf = buffers.get();
        if (FilterLanes.suits(g, filters)) {
            forwardByFilter(x, weight, y, g, filters, from, to, buf, epilogue);
            return;
        }
        int patch = g.patch(), rows = roundUp(filters, MR), cols = outputColumns(g), wp = paddedWidth(g);
        float[] w = buf.floats(WEIGHTS, rows * patch), image = buf.floats(IMAGES, paddedImageSize(g)), out = buf.floats(PRODUCT, rows * cols);
        System.arraycopy(weight, 0, w, 0, filters * patch);
        Arrays.fill(w, filters * patch, rows * patch, 0f);
        int[] off = buf.ints(OFFSETS, patch);
        imageOffsets(g, off);
        for (int b = from; b < to; b++) {
            pad(x, b * g.inSize(), image, 0, g);
            multiply(rows, patch, w, image, 0, off, cols, out);
            int y0 = b * filters * g.positions();
            for (int f = 0; f < filters; f++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    System.arraycopy(out, f * cols + oy * wp, y, y0 + (f * g.outH() + oy) * g.outW(), g.outW());
                }
            }
            Convolutions.finish(epilogue, y, filters, g.positions(), b);
        }
    }

    /** {@link #forward} with the filters in the vector lanes ({@link FilterLanes}). */
    private static void forwardByFilter(float[] x, float[] weight, float[] y, Window2D g, int filters, int from, int to, Scratch buf,
                                        Epilogue epilogue) {
        int patch = g.patch(), positions = g.positions();
        float[] wt = buf.floats(WEIGHTS, patch * filters), image = buf.floats(IMAGES, paddedImageSize(g));
        float[] out = buf.floats(PRODUCT, positions * filters);
        FilterLanes.transpose(weight, 0, wt, 0, filters, patch);
        int[] off = buf.ints(OFFSETS, patch), q = buf.ints(POSITIONS, positions);
        imageOffsets(g, off);
        FilterLanes.positions(g, q);
        for (int b = from; b < to; b++) {
            pad(x, b * g.inSize(), image, 0, g);
            FilterLanes.forward(image, off, q, wt, patch, filters, positions, out);
            FilterLanes.transpose(out, 0, y, b * filters * positions, positions, filters);
            Convolutions.finish(epilogue, y, filters, positions, b);
        }
    }

    /**
     * The weight gradient of samples [from, to) summed into {@code sum} (filters × patch; samples, then each weight's
     * lanes, in a fixed order), and their input gradients into dx when it is not null.
     */
    void backward(float[] x, float[] weight, float[] dy, float[] dx, Window2D g, int filters, int from, int to, float[] sum) {
        Scratch buf = buffers.get();
        int patch = g.patch(), rows = roundUp(filters, GR), samples = to - from;
        int imageSize = paddedImageSize(g), gradStride = gradientStride(g), gradSize = rows * gradStride;
        boolean byFilter = FilterLanes.suits(g, filters), spread = dx != null || !byFilter; // what reads the spread gradient
        float[] images = buf.floats(IMAGES, samples * imageSize), grads = spread ? buf.floats(GRADIENTS, samples * gradSize) : null;
        int[] off = buf.ints(OFFSETS, patch);
        imageOffsets(g, off);
        for (int s = 0; s < samples; s++) {
            pad(x, (from + s) * g.inSize(), images, s * imageSize, g);
            if (spread) {
                spreadGradient(dy, (from + s) * filters * g.positions(), grads, s * gradSize, g, filters, rows, gradStride);
            }
        }
        if (byFilter) {
            weightGradientByFilter(dy, g, filters, from, samples, images, imageSize, off, buf, sum);
        } else {
            weightGradient(rows, filters, patch, images, imageSize, off, grads, gradSize, gradStride, margin(g), samples,
                    roundUp(g.outH() * paddedWidth(g), L), buf.floats(SUMS, rows * roundUp(patch, 2) * L), buf.floats(PRODUCT, rows * roundUp(patch, 2)), sum);
        }
        if (dx != null) {
            inputGradient(weight, dx, g, filters, from, to, grads, gradSize, gradStride, buf);
        }
    }

    /** The weight gradient with the filters in the vector lanes ({@link FilterLanes}): samples in order, then transposed into {@code sum}. */
    private static void weightGradientByFilter(float[] dy, Window2D g, int filters, int from, int samples, float[] images, int imageSize, int[] off,
                                               Scratch buf, float[] sum) {
        int patch = g.patch(), positions = g.positions();
        float[] dyT = buf.floats(TRANSPOSED, positions * filters), sums = buf.floats(SUMS, patch * filters);
        int[] q = buf.ints(POSITIONS, positions);
        FilterLanes.positions(g, q);
        Arrays.fill(sums, 0, patch * filters, 0f);
        for (int s = 0; s < samples; s++) {
            FilterLanes.transpose(dy, (from + s) * filters * positions, dyT, 0, filters, positions);
            FilterLanes.weightGradient(images, s * imageSize, off, q, dyT, patch, filters, positions, sums);
        }
        FilterLanes.transpose(sums, 0, sum, 0, patch, filters);
    }

    /** off[c, ky, kx] = where the window value (c, ky, kx) of output position 0 lies in the padded image. */
    private static void imageOffsets(Window2D g, int[] off) {
        int wp = paddedWidth(g), plane = paddedHeight(g) * wp, p = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    off[p++] = c * plane + ky * wp + kx;
                }
            }
        }
    }

    /** The image at x[x0...] into its zero-padded planes at image[i0...]. */
    private static void pad(float[] x, int x0, float[] image, int i0, Window2D g) {
        int wp = paddedWidth(g), plane = paddedHeight(g) * wp;
        Arrays.fill(image, i0, i0 + paddedImageSize(g), 0f);
        for (int c = 0; c < g.channels(); c++) {
            for (int row = 0; row < g.height(); row++) {
                System.arraycopy(x, x0 + (c * g.height() + row) * g.width(), image, i0 + c * plane + (row + g.padTop()) * wp + g.padLeft(), g.width());
            }
        }
    }

    /** One sample's output gradient [filters, outH, outW] into runs of stride Wp after the margin, zeros elsewhere. */
    private static void spreadGradient(float[] dy, int dy0, float[] grads, int g0, Window2D g, int filters, int rows, int gradStride) {
        int wp = paddedWidth(g), m = margin(g);
        Arrays.fill(grads, g0, g0 + rows * gradStride, 0f);
        for (int f = 0; f < filters; f++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                System.arraycopy(dy, dy0 + (f * g.outH() + oy) * g.outW(), grads, g0 + f * gradStride + m + oy * wp, g.outW());
            }
        }
    }

    /**
     * dx of samples [from, to): the implicit GEMM of the flipped kernel (channels × (filter, ky, kx)) over each
     * sample's gradient runs, then the padded planes' inner part copied out.
     */
    private static void inputGradient(float[] weight, float[] dx, Window2D g, int filters, int from, int to, float[] grads, int gradSize,
                                      int gradStride, Scratch buf) {
        int kk = g.kh() * g.kw(), patch = filters * kk, rows = roundUp(g.channels(), MR), cols = inputColumns(g);
        int wp = paddedWidth(g), m = margin(g);
        float[] w = buf.floats(WEIGHTS, rows * patch), out = buf.floats(PRODUCT, rows * cols);
        int[] off = buf.ints(OFFSETS, patch);
        for (int c = 0; c < rows; c++) {
            for (int f = 0; f < filters; f++) {
                for (int k = 0; k < kk; k++) {
                    w[c * patch + f * kk + k] = c < g.channels() ? weight[(f * g.channels() + c) * kk + k] : 0f;
                }
            }
        }
        for (int f = 0, p = 0; f < filters; f++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    off[p++] = f * gradStride + m - ky * wp - kx;
                }
            }
        }
        for (int b = from; b < to; b++) {
            multiply(rows, patch, w, grads, (b - from) * gradSize, off, cols, out);
            int x0 = b * g.inSize();
            for (int c = 0; c < g.channels(); c++) {
                for (int row = 0; row < g.height(); row++) {
                    System.arraycopy(out, c * cols + (row + g.padTop()) * wp + g.padLeft(), dx, x0 + (c * g.height() + row) * g.width(), g.width());
                }
            }
        }
    }

    /**
     * out[r, q] = Σ_p w[r, p] · src[base + off[p] + q] for rows r &lt; rows (a multiple of {@link #MR}) and columns q &lt; cols
     * (a multiple of {@link #NR}): MR × NR outputs in 12 vector registers, one FMA each per p. The first p sets the
     * accumulators with a multiply instead of adding to zero vectors (same values); started from zero vectors, C2 at
     * times compiled the GEMM's stores to their slow path (see {@link Gemm}).
     */
    private static void multiply(int rows, int patch, float[] w, float[] src, int base, int[] off, int cols, float[] out) {
        for (int r = 0; r < rows; r += MR) {
            int w0 = r * patch, w1 = w0 + patch, w2 = w1 + patch, w3 = w2 + patch, w4 = w3 + patch, w5 = w4 + patch;
            for (int q = 0; q < cols; q += NR) {
                int s = base + off[0] + q;
                FloatVector x0 = FloatVector.fromArray(S, src, s), x1 = FloatVector.fromArray(S, src, s + L);
                FloatVector b = FloatVector.broadcast(S, w[w0]);
                FloatVector c00 = x0.mul(b), c01 = x1.mul(b);
                b = FloatVector.broadcast(S, w[w1]);
                FloatVector c10 = x0.mul(b), c11 = x1.mul(b);
                b = FloatVector.broadcast(S, w[w2]);
                FloatVector c20 = x0.mul(b), c21 = x1.mul(b);
                b = FloatVector.broadcast(S, w[w3]);
                FloatVector c30 = x0.mul(b), c31 = x1.mul(b);
                b = FloatVector.broadcast(S, w[w4]);
                FloatVector c40 = x0.mul(b), c41 = x1.mul(b);
                b = FloatVector.broadcast(S, w[w5]);
                FloatVector c50 = x0.mul(b), c51 = x1.mul(b);
                for (int p = 1; p < patch; p++) {
                    s = base + off[p] + q;
                    x0 = FloatVector.fromArray(S, src, s);
                    x1 = FloatVector.fromArray(S, src, s + L);
                    b = FloatVector.broadcast(S, w[w0 + p]);
                    c00 = x0.fma(b, c00);
                    c01 = x1.fma(b, c01);
                    b = FloatVector.broadcast(S, w[w1 + p]);
                    c10 = x0.fma(b, c10);
                    c11 = x1.fma(b, c11);
                    b = FloatVector.broadcast(S, w[w2 + p]);
                    c20 = x0.fma(b, c20);
                    c21 = x1.fma(b, c21);
                    b = FloatVector.broadcast(S, w[w3 + p]);
                    c30 = x0.fma(b, c30);
                    c31 = x1.fma(b, c31);
                    b = FloatVector.broadcast(S, w[w4 + p]);
                    c40 = x0.fma(b, c40);
                    c41 = x1.fma(b, c41);
                    b = FloatVector.broadcast(S, w[w5 + p]);
                    c50 = x0.fma(b, c50);
                    c51 = x1.fma(b, c51);
                }
                int o = r * cols + q;
                c00.intoArray(out, o);
                c01.intoArray(out, o + L);
                c10.intoArray(out, o + cols);
                c11.intoArray(out, o + cols + L);
                c20.intoArray(out, o + 2 * cols);
                c21.intoArray(out, o + 2 * cols + L);
                c30.intoArray(out, o + 3 * cols);
                c31.intoArray(out, o + 3 * cols + L);
                c40.intoArray(out, o + 4 * cols);
                c41.intoArray(out, o + 4 * cols + L);
                c50.intoArray(out, o + 5 * cols);
                c51.intoArray(out, o + 5 * cols + L);
            }
        }
    }

    /**
     * sum[f, p] = Σ over the samples, then over each vector's lanes, of Σ_q grads[f][m + q] · images[off[p] + q], q &lt; runs
     * (a multiple of L). Per sample, blocks of GR filters × 2 weights run over q in 8 vector registers and are added to
     * the block's vector sums in {@code acc}; the lanes are reduced once, after the last sample. (Keeping the registers
     * across the samples too, two nested loops, made C2 box every vector: 143 MB allocated per batch.) A block's second
     * weight repeats its first when the patch is odd; its sums land in the padding column of {@code padded} (rows × the
     * patch rounded up to even), from which the filters' sums are copied into {@code sum}.
     */
    private static void weightGradient(int rows, int filters, int patch, float[] images, int imageSize, int[] off, float[] grads, int gradSize,
                                       int gradStride, int m, int samples, int runs, float[] acc, float[] padded, float[] sum) {
        int pairs = roundUp(patch, 2), sums = rows * pairs;
        Arrays.fill(acc, 0, sums * L, 0f);
        for (int s = 0; s < samples; s++) {
            for (int f = 0; f < rows; f += GR) {
                int d0 = s * gradSize + f * gradStride + m, d1 = d0 + gradStride, d2 = d1 + gradStride, d3 = d2 + gradStride;
                for (int p = 0; p < patch; p += 2) {
                    int i0 = s * imageSize + off[p], i1 = s * imageSize + off[Math.min(p + 1, patch - 1)];
                    FloatVector x0 = FloatVector.fromArray(S, images, i0), x1 = FloatVector.fromArray(S, images, i1);
                    FloatVector e0 = FloatVector.fromArray(S, grads, d0), e1 = FloatVector.fromArray(S, grads, d1);
                    FloatVector e2 = FloatVector.fromArray(S, grads, d2), e3 = FloatVector.fromArray(S, grads, d3);
                    FloatVector a00 = e0.mul(x0), a01 = e0.mul(x1), a10 = e1.mul(x0), a11 = e1.mul(x1);
                    FloatVector a20 = e2.mul(x0), a21 = e2.mul(x1), a30 = e3.mul(x0), a31 = e3.mul(x1);
                    for (int q = L; q < runs; q += L) {
                        x0 = FloatVector.fromArray(S, images, i0 + q);
                        x1 = FloatVector.fromArray(S, images, i1 + q);
                        e0 = FloatVector.fromArray(S, grads, d0 + q);
                        e1 = FloatVector.fromArray(S, grads, d1 + q);
                        e2 = FloatVector.fromArray(S, grads, d2 + q);
                        e3 = FloatVector.fromArray(S, grads, d3 + q);
                        a00 = e0.fma(x0, a00);
                        a01 = e0.fma(x1, a01);
                        a10 = e1.fma(x0, a10);
                        a11 = e1.fma(x1, a11);
                        a20 = e2.fma(x0, a20);
                        a21 = e2.fma(x1, a21);
                        a30 = e3.fma(x0, a30);
                        a31 = e3.fma(x1, a31);
                    }
                    int o = (f * pairs + p) * L; // filter f's weight p: its vector sum, weight p + 1's next, the next filter's a row on
                    int row = pairs * L;
                    FloatVector.fromArray(S, acc, o).add(a00).intoArray(acc, o);
                    FloatVector.fromArray(S, acc, o + L).add(a01).intoArray(acc, o + L);
                    FloatVector.fromArray(S, acc, o + row).add(a10).intoArray(acc, o + row);
                    FloatVector.fromArray(S, acc, o + row + L).add(a11).intoArray(acc, o + row + L);
                    FloatVector.fromArray(S, acc, o + 2 * row).add(a20).intoArray(acc, o + 2 * row);
                    FloatVector.fromArray(S, acc, o + 2 * row + L).add(a21).intoArray(acc, o + 2 * row + L);
                    FloatVector.fromArray(S, acc, o + 3 * row).add(a30).intoArray(acc, o + 3 * row);
                    FloatVector.fromArray(S, acc, o + 3 * row + L).add(a31).intoArray(acc, o + 3 * row + L);
                }
            }
        }
        for (int i = 0; i < sums; i++) {
            padded[i] = FloatVector.fromArray(S, acc, i * L).reduceLanes(VectorOperators.ADD);
        }
        for (int f = 0; f < filters; f++) {
            System.arraycopy(padded, f * pairs, sum, f * patch, patch);
        }
    }
}
