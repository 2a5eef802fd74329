package org.layercanvas.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.layercanvas.engine.spi.Activation;

/**
 * What a layer's product gets before the worker that computed a block of it moves on: the bias, then the activation into
 * a second array, while the block is still in that worker's cache. Run as separate ops, the bias and the activation each
 * read the whole output back from memory, and the activation was split across the threads again (LeNet-5's first layer:
 * 602,112 values a batch, twice). The float operations are those of {@link CpuBackend#addBias},
 * {@link WindowOps#addChannelBias} and {@link Elementwise#activate}, in the same order, so the values are those of the
 * separate ops (EpilogueTest).
 */
final class Epilogue {
    private static final VectorSpecies<Float> S = Gemm.S;
    /** Null for none. */
    private final float[] bias;
    private final Activation f;
    private final float alpha;
    private final float[] activated;
    private final Elementwise elementwise;

    private Epilogue(float[] bias, Activation f, float alpha, float[] activated, Elementwise elementwise) {
        this.bias = bias;
        this.f = f;
        this.alpha = alpha;
        this.activated = activated;
        this.elementwise = elementwise;
    }

    /** The epilogue of a bias (null for none) and an element-wise activation into {@code activated}; null when neither applies. */
    static Epilogue of(float[] bias, Activation f, float alpha, float[] activated, Elementwise elementwise) {
        if (f.rowWise()) {
            throw new IllegalArgumentException(f.key() + " is row-wise: it cannot finish a product's blocks");
        }
        return bias == null && f == Activation.LINEAR ? null : new Epilogue(bias, f, alpha, activated, elementwise);
    }

    /** Columns [j0, j0 + cols) of the rows [0, rows) of a GEMM's c (rows of n values): bias[j] in column j, then f. */
    void columns(float[] c, int rows, int n, int j0, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * n + j0;
            if (bias != null) {
                addRun(c, o, bias, j0, cols);
            }
            activate(c, o, o + cols);
        }
    }

    /** Samples [from, to) of a convolution's y [batch, channels, size]: bias[ch] on channel ch's values, then f. */
    void channels(float[] y, int channels, int size, int from, int to) {
        if (bias != null) {
            WindowOps.addChannelBias(y, bias, channels, size, from, to);
        }
        activate(y, from * channels * size, to * channels * size);
    }

    private void activate(float[] x, int from, int to) {
        if (f != Activation.LINEAR) {
            elementwise.activate(f, alpha, x, activated, from, to);
        }
    }

    /** x[o + i] += b[b0 + i] for i &lt; length. */
    static void addRun(float[] x, int o, float[] b, int b0, int length) {
        int i = 0;
        for (int bound = S.loopBound(length); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, o + i).add(FloatVector.fromArray(S, b, b0 + i)).intoArray(x, o + i);
        }
        for (; i < length; i++) {
            x[o + i] += b[b0 + i];
        }
    }
}
