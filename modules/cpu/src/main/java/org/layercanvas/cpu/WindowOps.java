package org.layercanvas.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.layercanvas.engine.spi.Window2D;

/**
 * The CPU's convolution data movement and pooling on float arrays. im2col copies whole output
 * rows at stride 1 (the common case) and guards only the padded border; col2im adds each sample's
 * columns back into that sample's image only, so samples can run in parallel without atomic adds.
 */
final class WindowOps {
    private WindowOps() {
    }

    /** Fills the columns of samples [from, to) of a batch of {@code batch}. */
    static void im2col(float[] x, float[] cols, Window2D g, int batch, int from, int to) {
        for (int b = from; b < to; b++) {
            unfold(x, b * g.inSize(), cols, b * g.positions(), batch * g.positions(), g);
        }
    }

    /**
     * One image's windows as columns: the image at x[image...], window row p (channel, ky, kx) of output position q at
     * cols[p·width + col0 + q]. The batch's im2col has width batch·positions; a sample's own columns have width positions.
     */
    static void unfold(float[] x, int image0, float[] cols, int col0, int width, Window2D g) {
        for (int c = 0; c < g.channels(); c++) {
            int image = image0 + c * g.height() * g.width();
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int rowStart = ((c * g.kh() + ky) * g.kw() + kx) * width + col0;
                    for (int oy = 0; oy < g.outH(); oy++) {
                        int y = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                        int o = rowStart + oy * g.outW();
                        if (y < 0 || y >= g.height()) {
                            Arrays.fill(cols, o, o + g.outW(), 0f);
                            continue;
                        }
                        int src = image + y * g.width(), left = kx * g.dilationW();
                        if (g.strideW() == 1) { // the row is a run of the image's row, zeros where it hangs over the border
                            int lo = inside(left, g), hi = insideEnd(left, g);
                            // the overhangs are a pixel or two: plain loops, as a call to Arrays.fill cost more than the copy
                            for (int i = o; i < o + lo; i++) {
                                cols[i] = 0f;
                            }
                            if (hi > lo) {
                                System.arraycopy(x, src + lo - g.padLeft() + left, cols, o + lo, hi - lo);
                            }
                            for (int i = o + hi; i < o + g.outW(); i++) {
                                cols[i] = 0f;
                            }
                            continue;
                        }
                        for (int ox = 0; ox < g.outW(); ox++) {
                            int xx = ox * g.strideW() - g.padLeft() + left;
                            cols[o + ox] = xx >= 0 && xx < g.width() ? x[src + xx] : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes dx of samples [from, to): each sample's image is zeroed, then every cols entry is added
     * where im2col read it. Samples never share pixels, so ranges can run in parallel.
     */
    static void col2im(float[] cols, float[] dx, Window2D g, int batch, int from, int to) {
        Arrays.fill(dx, from * g.inSize(), to * g.inSize(), 0f);
        for (int b = from; b < to; b++) {
            fold(cols, b * g.positions(), batch * g.positions(), dx, b * g.inSize(), g);
        }
    }

    /** The adjoint of {@link #unfold}: adds one image's columns (laid out as unfold writes them) into dx[image...]. */
    static void fold(float[] cols, int col0, int width, float[] dx, int image0, Window2D g) {
        for (int c = 0; c < g.channels(); c++) {
            int image = image0 + c * g.height() * g.width();
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int rowStart = ((c * g.kh() + ky) * g.kw() + kx) * width + col0;
                    for (int oy = 0; oy < g.outH(); oy++) {
                        int y = oy * g.strideH() - g.padTop() + ky * g.dilationH();
                        if (y < 0 || y >= g.height()) {
                            continue;
                        }
                        int o = rowStart + oy * g.outW(), dst = image + y * g.width(), left = kx * g.dilationW();
                        if (g.strideW() == 1) { // a branch-free run the JIT vectorises
                            int shift = dst - g.padLeft() + left;
                            for (int ox = inside(left, g), hi = insideEnd(left, g); ox < hi; ox++) {
                                dx[shift + ox] += cols[o + ox];
                            }
                            continue;
                        }
                        for (int ox = 0; ox < g.outW(); ox++) {
                            int xx = ox * g.strideW() - g.padLeft() + left;
                            if (xx >= 0 && xx < g.width()) {
                                dx[dst + xx] += cols[o + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The first output column at stride 1 whose window tap {@code left} pixels right of the window's start lies inside the image. */
    private static int inside(int left, Window2D g) {
        return Math.min(g.outW(), Math.max(0, g.padLeft() - left));
    }

    /** One past the last such output column. */
    private static int insideEnd(int left, Window2D g) {
        return Math.max(inside(left, g), Math.min(g.outW(), g.width() + g.padLeft() - left));
    }

    /**
     * Samples [from, to), from output {@code first} of each image on (in [channel, oy, ox] order; those before it are
     * done, see {@link SquarePool}): the first largest value of each window (in row order) and where it is.
     */
    static void maxPool(float[] x, float[] y, float[] argmax, Window2D g, int from, int to, int first) {
        int outputs = g.channels() * g.positions();
        for (int b = from; b < to; b++) {
            int image = b * g.inSize(), c = first / g.positions(), oy = first % g.positions() / g.outW(), ox = first % g.outW();
            for (int k = first; k < outputs; k++) {
                int best = -1;
                for (int ky = 0; ky < g.kh(); ky++) {
                    int yy = oy * g.strideH() - g.padTop() + ky;
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int xx = ox * g.strideW() - g.padLeft() + kx;
                        if (yy < 0 || yy >= g.height() || xx < 0 || xx >= g.width()) {
                            continue; // padding never wins
                        }
                        int i = (c * g.height() + yy) * g.width() + xx;
                        if (best < 0 || x[image + i] > x[image + best]) {
                            best = i;
                        }
                    }
                }
                y[b * outputs + k] = x[image + best];
                argmax[b * outputs + k] = best;
                if (++ox == g.outW()) { // on to the next row, and channel
                    ox = 0;
                    if (++oy == g.outH()) {
                        oy = 0;
                        c++;
                    }
                }
            }
        }
    }

    static void maxPoolBackward(float[] dy, float[] argmax, float[] dx, Window2D g, int from, int to) {
        Arrays.fill(dx, from * g.inSize(), to * g.inSize(), 0f);
        int outSize = g.channels() * g.positions();
        for (int b = from; b < to; b++) {
            for (int o = 0; o < outSize; o++) {
                dx[b * g.inSize() + (int) argmax[b * outSize + o]] += dy[b * outSize + o];
            }
        }
    }

    static void avgPool(float[] x, float[] y, Window2D g, int from, int to) {
        boolean padded = g.padded();
        float scale = 1f / (g.kh() * g.kw());
        for (int b = from; b < to; b++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        float s = 0;
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int yy = oy * g.strideH() - g.padTop() + ky;
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int xx = ox * g.strideW() - g.padLeft() + kx;
                                if (yy >= 0 && yy < g.height() && xx >= 0 && xx < g.width()) {
                                    s += x[b * g.inSize() + (c * g.height() + yy) * g.width() + xx];
                                }
                            }
                        }
                        y[((b * g.channels() + c) * g.outH() + oy) * g.outW() + ox] = padded ? s / g.tapsInside(oy, ox) : s * scale;
                    }
                }
            }
        }
    }

    static void avgPoolBackward(float[] dy, float[] dx, Window2D g, int from, int to) {
        Arrays.fill(dx, from * g.inSize(), to * g.inSize(), 0f);
        boolean padded = g.padded();
        float scale = 1f / (g.kh() * g.kw());
        for (int b = from; b < to; b++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        float dyo = dy[((b * g.channels() + c) * g.outH() + oy) * g.outW() + ox];
                        float share = padded ? dyo / g.tapsInside(oy, ox) : dyo * scale;
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int yy = oy * g.strideH() - g.padTop() + ky;
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int xx = ox * g.strideW() - g.padLeft() + kx;
                                if (yy >= 0 && yy < g.height() && xx >= 0 && xx < g.width()) {
                                    dx[b * g.inSize() + (c * g.height() + yy) * g.width() + xx] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static void swapAxes(float[] in, float[] out, int a, int b, int c) {
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(in, (i * b + j) * c, out, (j * a + i) * c, c);
            }
        }
    }

    /** Samples [from, to) of x plus each channel's bias. */
    static void addChannelBias(float[] x, float[] bias, int channels, int size, int from, int to) {
        for (int n = from; n < to; n++) {
            for (int ch = 0; ch < channels; ch++) {
                int o = (n * channels + ch) * size;
                float v = bias[ch];
                for (int p = 0; p < size; p++) {
                    x[o + p] += v;
                }
            }
        }
    }

    /**
     * Channels [from, to) of {@code out}: each the sum over the batch and positions; each sample's run is summed in
     * vector lanes, the runs in double. (A chain of scalar double adds, one per value, took 4 % of a LeNet-5 epoch.)
     */
    static void sumChannels(float[] x, float[] out, int batch, int channels, int size, int from, int to) {
        for (int ch = from; ch < to; ch++) {
            double s = 0;
            for (int n = 0; n < batch; n++) {
                s += sum(x, (n * channels + ch) * size, size);
            }
            out[ch] = (float) s;
        }
    }

    /** Σ x[from ..< from + n]: vector lanes, then the lanes and the remainder. */
    private static float sum(float[] x, int from, int n) {
        int p = 0;
        float s = 0;
        int bound = Gemm.S.loopBound(n);
        if (bound > 0) {
            FloatVector acc = FloatVector.fromArray(Gemm.S, x, from);
            for (p = Gemm.L; p < bound; p += Gemm.L) {
                acc = acc.add(FloatVector.fromArray(Gemm.S, x, from + p));
            }
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; p < n; p++) {
            s += x[from + p];
        }
        return s;
    }

    /** Per-channel statistics accumulate in double: a batch of 128 images sums 100 000 values per channel. */
    static void batchNorm(float[] x, float[] y, float[] gamma, float[] beta, float[] mean, float[] invStd, float[] runMean,
                          float[] runVar, int batch, int channels, int size, float momentum, float eps, boolean training) {
        int n = batch * size;
        for (int c = 0; c < channels; c++) {
            float m, is;
            if (training) {
                double sum = 0, sq = 0;
                for (int b = 0; b < batch; b++) {
                    int o = (b * channels + c) * size;
                    for (int p = 0; p < size; p++) {
                        sum += x[o + p];
                    }
                }
                double dm = sum / n;
                for (int b = 0; b < batch; b++) {
                    int o = (b * channels + c) * size;
                    for (int p = 0; p < size; p++) {
                        double dv = x[o + p] - dm;
                        sq += dv * dv;
                    }
                }
                double var = sq / n;
                m = (float) dm;
                is = (float) (1 / Math.sqrt(var + eps));
                mean[c] = m;
                invStd[c] = is;
                runMean[c] = momentum * runMean[c] + (1 - momentum) * m;
                runVar[c] = momentum * runVar[c] + (1 - momentum) * (float) var;
            } else {
                m = runMean[c];
                is = (float) (1 / Math.sqrt(runVar[c] + eps));
            }
            float scale = gamma[c] * is, shift = beta[c] - m * scale;
            for (int b = 0; b < batch; b++) {
                int o = (b * channels + c) * size;
                for (int p = 0; p < size; p++) {
                    y[o + p] = x[o + p] * scale + shift;
                }
            }
        }
    }

    static void batchNormBackward(float[] x, float[] dy, float[] gamma, float[] mean, float[] invStd, float[] dx, float[] dgamma,
                                  float[] dbeta, int batch, int channels, int size) {
        int n = batch * size;
        for (int c = 0; c < channels; c++) {
            double sg = 0, sb = 0;
            for (int b = 0; b < batch; b++) {
                int o = (b * channels + c) * size;
                for (int p = 0; p < size; p++) {
                    sg += dy[o + p] * (x[o + p] - mean[c]) * invStd[c];
                    sb += dy[o + p];
                }
            }
            dgamma[c] = (float) sg;
            dbeta[c] = (float) sb;
            float k = gamma[c] * invStd[c] / n;
            for (int b = 0; b < batch; b++) {
                int o = (b * channels + c) * size;
                for (int p = 0; p < size; p++) {
                    float xhat = (x[o + p] - mean[c]) * invStd[c];
                    dx[o + p] = k * (n * dy[o + p] - (float) sb - xhat * (float) sg);
                }
            }
        }
    }
}
