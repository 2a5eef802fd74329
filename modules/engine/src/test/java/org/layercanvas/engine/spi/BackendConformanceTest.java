package org.layercanvas.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.reference.ReferenceBackend;

/**
 * Every op of a backend against the Java reference on random inputs of several shapes, odd sizes
 * included. A backend's test extends this class and supplies the backend under test; subclasses may
 * add {@link #checkRanWhereAsked()} to prove there was no silent fallback.
 */
public abstract class BackendConformanceTest {
    /** Shapes (rows, cols, inner) covering 1, odd, and multiples of typical vector widths. */
    static Stream<Arguments> gemmShapes() {
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(3, 5, 7), Arguments.of(17, 33, 9),
                Arguments.of(64, 10, 128), Arguments.of(37, 129, 65), Arguments.of(128, 256, 784),
                // one or two rows (a sample at a time) with vectors and a tail both ways
                Arguments.of(1, 257, 784), Arguments.of(2, 40, 33));
    }

    static Stream<Arguments> rowShapes() {
        // the last is large (39,300 values): a backend may split those over its threads
        return Stream.of(Arguments.of(1, 1), Arguments.of(1, 10), Arguments.of(7, 3), Arguments.of(128, 10), Arguments.of(33, 257),
                Arguments.of(300, 131));
    }

    /** Every element-wise activation on a small tensor and on a large one of a ragged size. */
    static Stream<Arguments> activationSizes() {
        return Stream.of(Activation.values()).filter(f -> f != Activation.SOFTMAX && f != Activation.LOG_SOFTMAX)
                .flatMap(f -> Stream.of(Arguments.of(f, 1001), Arguments.of(f, 40_003)));
    }

    protected Backend backend;
    protected final ReferenceBackend ref = new ReferenceBackend();
    private final Random random = new Random(1234);

    protected abstract Backend createBackend();

    /** Relative tolerance for float kernels against double math. */
    protected double tolerance() {
        return 2e-5;
    }

    /** Fails when the backend silently ran somewhere other than where it was asked; default: nothing to check. */
    protected void checkRanWhereAsked() {
    }

    @BeforeEach
    void open() {
        backend = createBackend();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    /** A pair of tensors, one per backend, holding the same values. */
    protected record Pair(Tensor test, Tensor ref, int size) {
    }

    protected Pair random(int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return of(v);
    }

    protected Pair of(float[] v) {
        Tensor t = backend.allocate(v.length);
        backend.write(t, v, 0, v.length);
        Tensor r = ref.allocate(v.length);
        ref.write(r, v, 0, v.length);
        return new Pair(t, r, v.length);
    }

    protected Pair zeros(int n) {
        return new Pair(backend.allocate(n), ref.allocate(n), n);
    }

    protected void assertClose(Pair p, String what) {
        float[] got = new float[p.size];
        backend.read(p.test, got, 0, p.size);
        double[] want = ref.readDouble(p.ref);
        double scale = 0;
        for (double w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        for (int i = 0; i < p.size; i++) {
            assertThat(Double.isFinite(want[i])).as("%s[%d]: reference is %s", what, i, want[i]).isTrue();
            double err = Math.abs(got[i] - want[i]);
            assertThat(err <= tolerance() * Math.max(1, Math.max(Math.abs(want[i]), 0.1 * scale)))
                    .as("%s[%d]: got %s, want %s", what, i, got[i], want[i]).isTrue();
        }
        checkRanWhereAsked();
    }

    @ParameterizedTest
    @MethodSource("gemmShapes")
    void gemmMatchesReferenceInAllTransposes(int m, int n, int k) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Pair a = random(m * k, -1, 1), b = random(k * n, -1, 1), c = random(m * n, -1, 1);
                backend.gemm(ta, tb, m, n, k, a.test, b.test, 0f, c.test);
                ref.gemm(ta, tb, m, n, k, a.ref, b.ref, 0f, c.ref);
                assertClose(c, "gemm ta=" + ta + " tb=" + tb);
                backend.gemm(ta, tb, m, n, k, a.test, b.test, 1f, c.test);
                ref.gemm(ta, tb, m, n, k, a.ref, b.ref, 1f, c.ref);
                assertClose(c, "gemm accumulate ta=" + ta + " tb=" + tb);
            }
        }
    }

    /**
     * The GEMM shapes, and one long product of a few columns (a backend may split such a product along k and add the
     * parts, finishing the sum afterwards), each with and without a bias, with activations of each kind (piecewise,
     * exponential, with a parameter, with erf) and none.
     */
    static Stream<Arguments> epilogueShapes() {
        return Stream.concat(gemmShapes(), Stream.of(Arguments.of(6, 40, 8200), Arguments.of(128, 10, 256), Arguments.of(128, 128, 256)));
    }

    private static final Activation[] EPILOGUE_ACTIVATIONS = {Activation.LINEAR, Activation.RELU, Activation.SIGMOID, Activation.ELU,
        Activation.GELU, Activation.SOFTPLUS};

    @ParameterizedTest
    @MethodSource("epilogueShapes")
    void gemmWithBiasAndActivationMatchesReference(int m, int n, int k) {
        for (boolean tb : new boolean[] {true, false}) {
            for (Activation f : EPILOGUE_ACTIVATIONS) {
                for (boolean withBias : new boolean[] {true, false}) {
                    // products of order 1, where the activations bend: a sum of k products of ±1 would carry k's rounding into them
                    double scale = Math.sqrt(3.0 / k);
                    Pair a = random(m * k, -scale, scale), b = random(k * n, -1, 1), c = random(m * n, -1, 1), y = random(m * n, -1, 1);
                    Pair bias = withBias ? random(n, -1, 1) : null;
                    float alpha = (float) f.defaultAlpha();
                    String what = f + (withBias ? " with bias" : "") + " tb=" + tb + " " + m + "x" + n + "x" + k;
                    backend.gemmBiasActivation(false, tb, m, n, k, a.test, b.test, c.test, withBias ? bias.test : null, f, alpha, y.test);
                    ref.gemmBiasActivation(false, tb, m, n, k, a.ref, b.ref, c.ref, withBias ? bias.ref : null, f, alpha, y.ref);
                    assertClose(c, "gemmBiasActivation's product, " + what);
                    if (f != Activation.LINEAR) {
                        assertClose(y, "gemmBiasActivation's activation, " + what);
                    }
                }
            }
        }
    }

    @Test
    void aProductsEpilogueRefusesRowWiseActivations() {
        Pair a = random(4 * 3, -1, 1), b = random(3 * 5, -1, 1), c = zeros(4 * 5), y = zeros(4 * 5);
        for (Activation f : new Activation[] {Activation.SOFTMAX, Activation.LOG_SOFTMAX}) {
            assertThatThrownBy(() -> backend.gemmBiasActivation(false, false, 4, 5, 3, a.test, b.test, c.test, null, f, 0f, y.test))
                    .as(f.key()).isInstanceOf(RuntimeException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("rowShapes")
    void biasAndRowSumsMatchReference(int rows, int cols) {
        Pair x = random(rows * cols, -2, 2), b = random(cols, -1, 1), out = random(cols, -1, 1);
        backend.addBias(x.test, b.test, rows, cols);
        ref.addBias(x.ref, b.ref, rows, cols);
        assertClose(x, "addBias");
        backend.sumRows(x.test, out.test, rows, cols, 0f);
        ref.sumRows(x.ref, out.ref, rows, cols, 0f);
        assertClose(out, "sumRows");
        backend.sumRows(x.test, out.test, rows, cols, 1f);
        ref.sumRows(x.ref, out.ref, rows, cols, 1f);
        assertClose(out, "sumRows accumulate");
    }

    @ParameterizedTest
    @MethodSource("activationSizes")
    void activationsAndDerivativesMatchReference(Activation f, int n) {
        Pair x = random(n, -6, 6), y = zeros(n), dy = random(n, -1, 1), dx = zeros(n);
        float alpha = (float) f.defaultAlpha();
        backend.activate(f, alpha, x.test, y.test, n);
        ref.activate(f, alpha, x.ref, y.ref, n);
        assertClose(y, f + " forward");
        backend.activateBackward(f, alpha, x.test, y.test, dy.test, dx.test, n);
        ref.activateBackward(f, alpha, x.ref, y.ref, dy.ref, dx.ref, n);
        assertClose(dx, f + " backward");
    }

    @ParameterizedTest
    @MethodSource("rowShapes")
    void softmaxMatchesReference(int rows, int cols) {
        Pair x = random(rows * cols, -20, 20), y = zeros(rows * cols), dy = random(rows * cols, -1, 1), dx = zeros(rows * cols);
        backend.softmax(x.test, y.test, rows, cols);
        ref.softmax(x.ref, y.ref, rows, cols);
        assertClose(y, "softmax");
        backend.softmaxBackward(y.test, dy.test, dx.test, rows, cols);
        ref.softmaxBackward(y.ref, dy.ref, dx.ref, rows, cols);
        assertClose(dx, "softmax backward");
    }

    /** Indices in the table, repeated, and not in it (negative, past the end, not whole, huge): zeros out, nothing added. */
    @Test
    void gatherAndScatterRowsMatchReference() {
        int tableRows = 7, cols = 5;
        float[] indices = {3, 0, 6, 3, -1, 7, 2.5f, 1e10f, 6, 3};
        int rows = indices.length;
        Pair table = random(tableRows * cols, -1, 1), index = of(indices), out = zeros(rows * cols), d = random(rows * cols, -1, 1);
        Pair dTable = random(tableRows * cols, -1, 1); // overwritten
        backend.gather(table.test, index.test, out.test, rows, cols, tableRows);
        ref.gather(table.ref, index.ref, out.ref, rows, cols, tableRows);
        assertClose(out, "gather");
        backend.scatterRows(d.test, index.test, dTable.test, rows, cols, tableRows);
        ref.scatterRows(d.ref, index.ref, dTable.ref, rows, cols, tableRows);
        assertClose(dTable, "scatterRows");
        float[] all = new float[rows * cols];
        backend.read(out.test, all, 0, rows * cols);
        assertThat(java.util.Arrays.copyOfRange(all, 4 * cols, 8 * cols)).as("the rows of indices −1, 7, 2.5 and 1e10").containsOnly(0f);
    }

    /** Logits 200 apart: log-softmax stays finite where the log of a softmax would be −∞. */
    @ParameterizedTest
    @MethodSource("rowShapes")
    void logSoftmaxMatchesReference(int rows, int cols) {
        Pair x = random(rows * cols, -100, 100), y = zeros(rows * cols), dy = random(rows * cols, -1, 1), dx = zeros(rows * cols);
        backend.logSoftmax(x.test, y.test, rows, cols);
        ref.logSoftmax(x.ref, y.ref, rows, cols);
        assertClose(y, "logSoftmax");
        backend.logSoftmaxBackward(y.test, dy.test, dx.test, rows, cols);
        ref.logSoftmaxBackward(y.ref, dy.ref, dx.ref, rows, cols);
        assertClose(dx, "logSoftmax backward");
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void lossesMatchReference(LossKind kind) {
        for (boolean logits : new boolean[] {false, true}) {
            for (int[] rc : new int[][] {{1, 1}, {7, 3}, {128, 10}, {5, 1}, {4, 37}, {3, 784}}) {
                int rows = rc[0], cols = rc[1], n = rows * cols;
                Pair pred = logits || kind == LossKind.MSE ? random(n, -4, 4) : probabilities(n);
                float[] t = new float[n];
                for (int r = 0; r < rows; r++) {
                    if (kind == LossKind.CATEGORICAL_CROSSENTROPY) {
                        t[r * cols + random.nextInt(cols)] = 1;
                    } else {
                        for (int c = 0; c < cols; c++) {
                            t[r * cols + c] = kind == LossKind.MSE ? (float) random.nextGaussian() : random.nextInt(2);
                        }
                    }
                }
                Pair target = of(t), grad = zeros(n), loss = zeros(rows);
                backend.loss(kind, logits, pred.test, target.test, grad.test, loss.test, rows, cols);
                ref.loss(kind, logits, pred.ref, target.ref, grad.ref, loss.ref, rows, cols);
                assertClose(loss, kind + " loss logits=" + logits);
                assertClose(grad, kind + " grad logits=" + logits);
            }
        }
    }

    /** Probabilities in (0, 1), with every 7th at the clip's edges: exactly 0 or 1, or within float's last steps of 1. */
    private Pair probabilities(int n) {
        float[] v = new float[n];
        float[] edges = {0f, 1f, 1e-9f, Math.nextDown(1f), Math.nextDown(Math.nextDown(1f))};
        for (int i = 0; i < n; i++) {
            v[i] = i % 7 == 6 ? edges[i / 7 % edges.length] : (float) (0.001 + 0.998 * random.nextDouble());
        }
        return of(v);
    }

    static Stream<Arguments> convWindows() {
        // the first also with a batch whose maps hold more than 32,768 values, which a backend may split over its threads
        return Stream.of(Arguments.of(Window2D.of(1, 28, 28, 5, 5, 1, "same"), 3), Arguments.of(Window2D.of(1, 28, 28, 5, 5, 1, "same"), 9),
                Arguments.of(Window2D.of(3, 7, 9, 3, 3, 2, "valid"), 2),
                Arguments.of(Window2D.of(2, 5, 5, 3, 3, 1, 1), 3), Arguments.of(Window2D.of(6, 14, 14, 5, 5, 1, "valid"), 2),
                // an even kernel with "same" (one pixel more padding at the right) and padding wider than the image
                Arguments.of(Window2D.of(1, 6, 5, 4, 4, 1, "same"), 3), Arguments.of(Window2D.of(2, 4, 3, 5, 5, 1, 4), 2),
                // patches of 9, 27, 36, 45 and 63 weights: with those above, every remainder of a block of 8 (the CPU's
                // filter-lane weight gradient steps through the patch 8 at a time and overlaps its last block)
                Arguments.of(Window2D.of(1, 6, 6, 3, 3, 1, "valid"), 2), Arguments.of(Window2D.of(3, 6, 6, 3, 3, 1, "valid"), 2),
                Arguments.of(Window2D.of(4, 6, 6, 3, 3, 1, "valid"), 2), Arguments.of(Window2D.of(5, 6, 6, 3, 3, 1, "valid"), 2),
                Arguments.of(Window2D.of(7, 6, 6, 3, 3, 1, "valid"), 2),
                // rectangular kernels, different strides down and across, dilated taps (with padding, and a 1×k kernel as Conv1D uses)
                Arguments.of(Window2D.of(2, 7, 6, 3, 2, 1, 1, 1, 1, "same"), 3), Arguments.of(Window2D.of(3, 9, 8, 2, 3, 2, 1, 1, 1, 1), 2),
                Arguments.of(Window2D.of(2, 9, 9, 3, 3, 1, 1, 2, 2, "same"), 2), Arguments.of(Window2D.of(1, 10, 9, 3, 2, 2, 3, 2, 3, "valid"), 3),
                Arguments.of(Window2D.of(4, 1, 12, 1, 5, 1, 1, 1, 2, "same"), 3),
                // Conv1D's window: a sequence [steps, features] as one channel, the kernel as wide as the features, padded along the steps
                Arguments.of(new Window2D(1, 12, 4, 3, 4, 1, 1, 1, 1, 1, 0, 12, 1), 3), Arguments.of(new Window2D(1, 11, 5, 2, 5, 2, 1, 2, 1, 0, 0, 5, 1), 2));
    }

    static Stream<Arguments> poolWindows() {
        return Stream.of(Arguments.of(Window2D.of(6, 28, 28, 2, 2, 2, "valid"), 3), Arguments.of(Window2D.of(3, 7, 7, 3, 3, 2, "valid"), 2),
                Arguments.of(Window2D.of(1, 5, 5, 2, 2, 2, "valid"), 4), Arguments.of(Window2D.of(2, 5, 4, 2, 2, 1, "valid"), 3),
                // the global pools' one window over the whole image, rectangular
                Arguments.of(Window2D.of(3, 5, 7, 5, 7, 1, "valid"), 3), Arguments.of(Window2D.of(16, 4, 4, 4, 4, 1, "valid"), 2),
                // "same" pools read padding, which must neither win a max nor count in a mean; rectangular windows and strides
                Arguments.of(Window2D.of(2, 5, 5, 2, 2, 2, "same"), 3), Arguments.of(Window2D.of(3, 7, 6, 3, 3, 2, "same"), 2),
                Arguments.of(Window2D.of(2, 6, 7, 3, 2, 1, 2, 1, 1, "valid"), 3), Arguments.of(Window2D.of(1, 6, 9, 2, 3, 2, 1, 1, 1, "same"), 3),
                Arguments.of(Window2D.of(17, 8, 8, 2, 2, 1, "same"), 2));
    }

    @ParameterizedTest
    @MethodSource("convWindows")
    void convolutionDataMovementMatchesReference(Window2D g, int batch) {
        Pair x = random(batch * g.inSize(), -1, 1), cols = random(g.patch() * batch * g.positions(), -1, 1);
        backend.im2col(x.test, cols.test, g, batch);
        ref.im2col(x.ref, cols.ref, g, batch);
        assertClose(cols, "im2col " + g);
        Pair dcols = random(g.patch() * batch * g.positions(), -1, 1), dx = random(batch * g.inSize(), -1, 1);
        backend.col2im(dcols.test, dx.test, g, batch);
        ref.col2im(dcols.ref, dx.ref, g, batch);
        assertClose(dx, "col2im " + g);
        int f = 5;
        Pair fbp = random(f * batch * g.positions(), -1, 1), bfp = zeros(f * batch * g.positions()), bias = random(f, -1, 1), sums = random(f, -1, 1);
        backend.swapAxes(fbp.test, bfp.test, f, batch, g.positions());
        ref.swapAxes(fbp.ref, bfp.ref, f, batch, g.positions());
        assertClose(bfp, "swapAxes");
        backend.addChannelBias(bfp.test, bias.test, batch, f, g.positions());
        ref.addChannelBias(bfp.ref, bias.ref, batch, f, g.positions());
        assertClose(bfp, "addChannelBias");
        backend.sumChannels(bfp.test, sums.test, batch, f, g.positions());
        ref.sumChannels(bfp.ref, sums.ref, batch, f, g.positions());
        assertClose(sums, "sumChannels");
    }

    /** Batches of one sample, of a few, and of more than one block of eight with a ragged last block. */
    @ParameterizedTest
    @MethodSource("convWindows")
    void convolutionAndItsGradientsMatchReference(Window2D g, int batch) {
        for (int samples : new int[] {1, batch, 19}) {
            for (int filters : new int[] {1, 6, 9, 16}) {
                int columns = samples * g.positions(), unfolded = g.patch() * columns;
                Pair x = random(samples * g.inSize(), -1, 1), w = random(filters * g.patch(), -1, 1), y = zeros(filters * columns);
                Pair cols = zeros(unfolded), byFilter = zeros(filters * columns), dCols = zeros(unfolded);
                backend.convolution(x.test, w.test, y.test, g, filters, samples, cols.test, byFilter.test);
                ref.convolution(x.ref, w.ref, y.ref, g, filters, samples, cols.ref, byFilter.ref);
                assertClose(y, "convolution " + g + ", " + filters + " filters, batch " + samples);
                Pair dy = random(filters * columns, -1, 1), dw = random(filters * g.patch(), -1, 1), dx = random(samples * g.inSize(), -1, 1);
                backend.convolutionBackward(x.test, w.test, dy.test, dw.test, dx.test, g, filters, samples, cols.test, byFilter.test, dCols.test);
                ref.convolutionBackward(x.ref, w.ref, dy.ref, dw.ref, dx.ref, g, filters, samples, cols.ref, byFilter.ref, dCols.ref);
                assertClose(dw, "convolution weight gradient " + g + ", " + filters + " filters, batch " + samples);
                assertClose(dx, "convolution input gradient " + g + ", " + filters + " filters, batch " + samples);
                backend.convolutionBackward(x.test, w.test, dy.test, dw.test, null, g, filters, samples, cols.test, byFilter.test, dCols.test);
                assertClose(dw, "convolution weight gradient without dx " + g);
            }
        }
    }

    /**
     * The convolution with its bias and activation in one op, then its backward pass from the scratch tensors that op
     * left (a backend whose fused forward skips a scratch tensor must still give the gradients); one sample, and nine
     * (a block of eight and a ragged one on the CPU).
     */
    @ParameterizedTest
    @MethodSource("convWindows")
    void convolutionWithBiasAndActivationMatchesReference(Window2D g, int batch) {
        for (int samples : new int[] {1, 9}) {
            for (int filters : new int[] {1, 6, 16}) {
                for (Activation f : new Activation[] {Activation.RELU, Activation.TANH, Activation.LINEAR}) {
                    int columns = samples * g.positions(), unfolded = g.patch() * columns;
                    String what = f + ", " + g + ", " + filters + " filters, batch " + samples;
                    Pair x = random(samples * g.inSize(), -1, 1), w = random(filters * g.patch(), -1, 1), bias = random(filters, -1, 1);
                    Pair y = random(filters * columns, -1, 1), activated = random(filters * columns, -1, 1);
                    Pair cols = zeros(unfolded), byFilter = zeros(filters * columns), dCols = zeros(unfolded);
                    backend.convolutionBiasActivation(x.test, w.test, y.test, g, filters, samples, cols.test, byFilter.test, bias.test, f, 0f,
                            activated.test);
                    ref.convolutionBiasActivation(x.ref, w.ref, y.ref, g, filters, samples, cols.ref, byFilter.ref, bias.ref, f, 0f, activated.ref);
                    assertClose(y, "convolutionBiasActivation's convolution, " + what);
                    if (f != Activation.LINEAR) {
                        assertClose(activated, "convolutionBiasActivation's activation, " + what);
                    }
                    Pair dy = random(filters * columns, -1, 1), dw = zeros(filters * g.patch()), dx = zeros(samples * g.inSize());
                    backend.convolutionBackward(x.test, w.test, dy.test, dw.test, dx.test, g, filters, samples, cols.test, byFilter.test, dCols.test);
                    ref.convolutionBackward(x.ref, w.ref, dy.ref, dw.ref, dx.ref, g, filters, samples, cols.ref, byFilter.ref, dCols.ref);
                    assertClose(dw, "weight gradient after convolutionBiasActivation, " + what);
                    assertClose(dx, "input gradient after convolutionBiasActivation, " + what);
                }
            }
            Pair x = random(samples * g.inSize(), -1, 1), w = random(6 * g.patch(), -1, 1), y = random(6 * samples * g.positions(), -1, 1);
            Pair cols = zeros(g.patch() * samples * g.positions()), byFilter = zeros(6 * samples * g.positions());
            backend.convolutionBiasActivation(x.test, w.test, y.test, g, 6, samples, cols.test, byFilter.test, null, Activation.LINEAR, 0f, null);
            ref.convolutionBiasActivation(x.ref, w.ref, y.ref, g, 6, samples, cols.ref, byFilter.ref, null, Activation.LINEAR, 0f, null);
            assertClose(y, "convolutionBiasActivation without bias or activation, " + g + ", batch " + samples);
        }
    }

    @ParameterizedTest
    @MethodSource("poolWindows")
    void poolingMatchesReference(Window2D g, int batch) {
        int out = batch * g.channels() * g.positions();
        Pair x = random(batch * g.inSize(), -3, 3), y = zeros(out), argmax = zeros(out), dy = random(out, -1, 1), dx = random(batch * g.inSize(), -1, 1);
        backend.maxPool(x.test, y.test, argmax.test, g, batch);
        ref.maxPool(x.ref, y.ref, argmax.ref, g, batch);
        assertClose(y, "maxPool " + g);
        assertClose(argmax, "maxPool argmax " + g);
        backend.maxPoolBackward(dy.test, argmax.test, dx.test, g, batch);
        ref.maxPoolBackward(dy.ref, argmax.ref, dx.ref, g, batch);
        assertClose(dx, "maxPool backward " + g);
        backend.avgPool(x.test, y.test, g, batch);
        ref.avgPool(x.ref, y.ref, g, batch);
        assertClose(y, "avgPool " + g);
        backend.avgPoolBackward(dy.test, dx.test, g, batch);
        ref.avgPoolBackward(dy.ref, dx.ref, g, batch);
        assertClose(dx, "avgPool backward " + g);
    }

    @Test
    void batchNormalizationMatchesReference() {
        for (int[] bcs : new int[][] {{3, 4, 1}, {5, 3, 49}, {128, 6, 10}}) {
            int batch = bcs[0], channels = bcs[1], size = bcs[2], n = batch * channels * size;
            Pair x = random(n, -2, 3), y = zeros(n), gamma = random(channels, 0.5, 1.5), beta = random(channels, -1, 1);
            Pair mean = zeros(channels), invStd = zeros(channels), runMean = random(channels, -1, 1), runVar = random(channels, 0.5, 2);
            for (boolean training : new boolean[] {true, false}) {
                backend.batchNorm(x.test, y.test, gamma.test, beta.test, mean.test, invStd.test, runMean.test, runVar.test,
                        batch, channels, size, 0.9f, 1e-3f, training);
                ref.batchNorm(x.ref, y.ref, gamma.ref, beta.ref, mean.ref, invStd.ref, runMean.ref, runVar.ref,
                        batch, channels, size, 0.9f, 1e-3f, training);
                assertClose(y, "batchNorm training=" + training);
                assertClose(runMean, "running mean");
                assertClose(runVar, "running variance");
            }
            Pair dy = random(n, -1, 1), dx = zeros(n), dgamma = zeros(channels), dbeta = zeros(channels);
            backend.batchNorm(x.test, y.test, gamma.test, beta.test, mean.test, invStd.test, runMean.test, runVar.test, batch, channels, size, 0.9f, 1e-3f, true);
            ref.batchNorm(x.ref, y.ref, gamma.ref, beta.ref, mean.ref, invStd.ref, runMean.ref, runVar.ref, batch, channels, size, 0.9f, 1e-3f, true);
            backend.batchNormBackward(x.test, dy.test, gamma.test, mean.test, invStd.test, dx.test, dgamma.test, dbeta.test, batch, channels, size);
            ref.batchNormBackward(x.ref, dy.ref, gamma.ref, mean.ref, invStd.ref, dx.ref, dgamma.ref, dbeta.ref, batch, channels, size);
            assertClose(dx, "batchNorm dx");
            assertClose(dgamma, "batchNorm dgamma");
            assertClose(dbeta, "batchNorm dbeta");
        }
    }

    @Test
    void stridedCopiesMatchReference() {
        Pair src = random(7 * 13, -1, 1), dst = random(7 * 20, -1, 1);
        backend.copyStrided(src.test, 13, 2, dst.test, 20, 5, 7, 9);
        ref.copyStrided(src.ref, 13, 2, dst.ref, 20, 5, 7, 9);
        assertClose(dst, "copyStrided");
    }

    @Test
    void elementwiseOpsMatchReference() {
        int n = 777;
        Pair a = random(n, -1, 1), b = random(n, -1, 1), out = zeros(n);
        backend.add(a.test, b.test, out.test, n);
        ref.add(a.ref, b.ref, out.ref, n);
        assertClose(out, "add");
        backend.mul(a.test, b.test, out.test, n);
        ref.mul(a.ref, b.ref, out.ref, n);
        assertClose(out, "mul");
        backend.copy(a.test, out.test, n);
        ref.copy(a.ref, out.ref, n);
        assertClose(out, "copy");
        backend.fill(out.test, 0.25f, n - 1);
        ref.fill(out.ref, 0.25f, n - 1);
        assertClose(out, "fill");
    }

    @Test
    void randomOpsDrawTheSameNumbersAsReference() {
        int n = 4099;
        Pair x = random(n, -1, 1), mask = zeros(n), y = zeros(n);
        backend.dropout(x.test, mask.test, y.test, n, 0.3f, 987654321987L);
        ref.dropout(x.ref, mask.ref, y.ref, n, 0.3f, 987654321987L);
        assertClose(mask, "dropout mask");
        assertClose(y, "dropout");
        backend.addGaussianNoise(x.test, y.test, n, 0.5f, -42L);
        ref.addGaussianNoise(x.ref, y.ref, n, 0.5f, -42L);
        assertClose(y, "gaussian noise");
    }

    /** A small tensor, and a large one (a backend may split those over its threads). */
    @ParameterizedTest
    @ValueSource(ints = {513, 40_003})
    void optimizerStepsMatchReference(int n) {
        Pair p = random(n, -1, 1), velocity = zeros(n), m = zeros(n), v = zeros(n), s = zeros(n);
        for (int t = 1; t <= 3; t++) {
            Pair g = random(n, -1, 1);
            backend.sgdStep(p.test, g.test, velocity.test, n, 0.1f, 0.9f, t == 2);
            ref.sgdStep(p.ref, g.ref, velocity.ref, n, 0.1f, 0.9f, t == 2);
            assertClose(p, "sgd param");
            assertClose(velocity, "sgd velocity");
            backend.sgdStep(p.test, g.test, null, n, 0.05f, 0f, false);
            ref.sgdStep(p.ref, g.ref, null, n, 0.05f, 0f, false);
            assertClose(p, "plain sgd param");
            backend.rmspropStep(p.test, g.test, s.test, n, 0.01f, 0.9f, 1e-7f);
            ref.rmspropStep(p.ref, g.ref, s.ref, n, 0.01f, 0.9f, 1e-7f);
            assertClose(p, "rmsprop param");
            backend.adamStep(p.test, g.test, m.test, v.test, n, 0.001f, 0.9f, 0.999f, 1e-7f, t);
            ref.adamStep(p.ref, g.ref, m.ref, v.ref, n, 0.001f, 0.9f, 0.999f, 1e-7f, t);
            assertClose(p, "adam param");
            assertClose(m, "adam m");
            assertClose(v, "adam v");
        }
    }
}
