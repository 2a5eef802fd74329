package org.layercanvas.cpu;

import static org.layercanvas.cpu.FloatTensor.of;

import java.lang.ref.Cleaner;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.CounterRandom;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/**
 * The CPU backend: the op set in single precision on the Java heap, GEMM on the Vector API
 * ({@link Gemm}) across the backend's own threads ({@link Team}), element-wise, activation and optimizer ops vectorised.
 * Softmax and the categorical cross-entropy run the reference math ({@link Elementwise}): they touch
 * a batch × classes block only.
 */
public final class CpuBackend implements Backend {
    private static final VectorSpecies<Float> S = Gemm.S;
    /** Closes the team of a backend nobody closed once it is unreachable (its workers do not reach the backend). */
    private static final Cleaner CLEANER = Cleaner.create();
    /**
     * Values from which an element-wise op (an activation and its derivative, a bias, an optimizer step) is split across
     * the threads. Run on one thread, LeNet-5's activations over its convolutions' maps (602,112 and 204,800 values a
     * batch) took 30 % of the calling thread's time in a steady epoch, the worker idle meanwhile. Below it the op runs on the
     * calling thread without the split's lambda, which would be allocated: an LSTM's steps make hundreds of small calls a batch.
     */
    private static final int PARALLEL_VALUES = 1 << 15;
    private final Team team;
    private final int threads;
    private final Gemm gemm;
    private final Elementwise elementwise = new Elementwise();
    private final Convolutions convolutions;
    private final SquarePool squarePool = new SquarePool();

    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public CpuBackend(int threads) {
        this.threads = Math.max(1, threads);
        this.team = new Team(this.threads);
        CLEANER.register(this, team::close);
        this.gemm = new Gemm(team);
        this.convolutions = new Convolutions(gemm);
        JitWarmUp.startOnce();
    }

    @Override
    public String name() {
        return "cpu";
    }

    /**
     * At least twenty steps on the real shapes before the first epoch: C2 then recompiles what the small shapes of
     * {@link JitWarmUp} left out (ragged blocks, the real loop counts). That warm-up stops here: its work is done or
     * overtaken, and its thread would take a core from the training and the compilers. The steps run on the calling thread
     * alone, for the same reason: on two cores the warm-up of the reference MLP took 0.64–1.20 s so, against 0.89–1.42 s
     * with the worker (six runs each, bench --model mlp).
     */
    @Override
    public int beginWarmUp() {
        JitWarmUp.stop();
        team.callerOnly(true);
        return 20;
    }

    @Override
    public void endWarmUp() {
        team.callerOnly(false);
    }

    @Override
    public String device() {
        return "CPU (Java Vector API, " + S.vectorBitSize() + "-bit, " + threads + " threads)";
    }

    @Override
    public Tensor allocate(int size) {
        return new FloatTensor(size);
    }

    @Override
    public void write(Tensor dst, float[] src, int srcOffset, int length) {
        System.arraycopy(src, srcOffset, of(dst), 0, length);
    }

    @Override
    public void read(Tensor src, float[] dst, int dstOffset, int length) {
        System.arraycopy(of(src), 0, dst, dstOffset, length);
    }

    @Override
    public void fill(Tensor t, float value, int n) {
        java.util.Arrays.fill(of(t), 0, n, value);
    }

    @Override
    public void copy(Tensor src, Tensor dst, int n) {
        System.arraycopy(of(src), 0, of(dst), 0, n);
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out, int n) {
        float[] x = of(a), y = of(b), o = of(out);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(o, i);
        }
        for (; i < n; i++) {
            o[i] = x[i] + y[i];
        }
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out, int n) {
        float[] x = of(a), y = of(b), o = of(out);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).mul(FloatVector.fromArray(S, y, i)).intoArray(o, i);
        }
        for (; i < n; i++) {
            o[i] = x[i] * y[i];
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor b, float beta, Tensor c) {
        gemm.multiply(transA, transB, m, n, k, of(a), of(b), beta, of(c));
    }

    /**
     * The bias and the activation finish each thread's column panels of the product on that thread, right after it
     * computed them ({@link Epilogue}).
     */
    @Override
    public void gemmBiasActivation(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor b, Tensor c, Tensor bias,
                                   Activation f, float alpha, Tensor y) {
        gemm.multiply(transA, transB, m, n, k, of(a), of(b), 0f, of(c), true, epilogue(bias, f, alpha, y));
    }

    private Epilogue epilogue(Tensor bias, Activation f, float alpha, Tensor activated) {
        return Epilogue.of(bias == null ? null : of(bias), f, alpha, f == Activation.LINEAR ? null : of(activated), elementwise);
    }

    @Override
    public void addBias(Tensor x, Tensor bias, int rows, int cols) {
        float[] X = of(x), b = of(bias);
        if ((long) rows * cols < PARALLEL_VALUES) {
            addBias(X, b, 0, rows, cols);
        } else {
            inRanges(rows, (from, to) -> addBias(X, b, from, to, cols));
        }
    }

    /** Rows [from, to) of x plus the bias. */
    private static void addBias(float[] X, float[] b, int from, int to, int cols) {
        for (int r = from; r < to; r++) {
            Epilogue.addRun(X, r * cols, b, 0, cols);
        }
    }

    @Override
    public void sumRows(Tensor x, Tensor out, int rows, int cols, float beta) {
        float[] X = of(x), o = of(out);
        for (int c = 0; c < cols; c++) {
            o[c] = beta == 0 ? 0 : beta * o[c];
        }
        for (int r = 0; r < rows; r++) {
            int base = r * cols, c = 0;
            for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
                FloatVector.fromArray(S, o, c).add(FloatVector.fromArray(S, X, base + c)).intoArray(o, c);
            }
            for (; c < cols; c++) {
                o[c] += X[base + c];
            }
        }
    }

    @Override
    public void activate(Activation f, float alpha, Tensor x, Tensor y, int n) {
        float[] X = of(x), Y = of(y);
        if (n < PARALLEL_VALUES) {
            elementwise.activate(f, alpha, X, Y, 0, n);
        } else {
            inChunks(n, (from, to) -> elementwise.activate(f, alpha, X, Y, from, to));
        }
    }

    @Override
    public void activateBackward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx, int n) {
        float[] X = of(x), Y = of(y), DY = of(dy), DX = of(dx);
        if (n < PARALLEL_VALUES) {
            elementwise.activateBackward(f, alpha, X, Y, DY, DX, 0, n);
        } else {
            inChunks(n, (from, to) -> elementwise.activateBackward(f, alpha, X, Y, DY, DX, from, to));
        }
    }

    @Override
    public void softmax(Tensor x, Tensor y, int rows, int cols) {
        elementwise.softmax(of(x), of(y), rows, cols, false);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols) {
        elementwise.softmaxBackward(of(y), of(dy), of(dx), rows, cols, false);
    }

    @Override
    public void gather(Tensor table, Tensor index, Tensor out, int rows, int cols, int tableRows) {
        float[] T = of(table), I = of(index), O = of(out);
        for (int r = 0; r < rows; r++) {
            int row = ReferenceBackend.tableRow(I[r], tableRows);
            if (row < 0) {
                java.util.Arrays.fill(O, r * cols, (r + 1) * cols, 0f);
            } else {
                System.arraycopy(T, row * cols, O, r * cols, cols);
            }
        }
    }

    @Override
    public void scatterRows(Tensor d, Tensor index, Tensor dTable, int rows, int cols, int tableRows) {
        float[] D = of(d), I = of(index), G = of(dTable);
        java.util.Arrays.fill(G, 0, tableRows * cols, 0f);
        for (int r = 0; r < rows; r++) {
            int row = ReferenceBackend.tableRow(I[r], tableRows);
            for (int c = 0; row >= 0 && c < cols; c++) {
                G[row * cols + c] += D[r * cols + c];
            }
        }
    }

    @Override
    public void logSoftmax(Tensor x, Tensor y, int rows, int cols) {
        elementwise.softmax(of(x), of(y), rows, cols, true);
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols) {
        elementwise.softmaxBackward(of(y), of(dy), of(dx), rows, cols, true);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, Tensor y, int n, float rate, long seed) {
        float[] X = of(x), M = of(mask), Y = of(y);
        float keep = 1f / (1f - rate);
        for (int i = 0; i < n; i++) {
            M[i] = CounterRandom.uniform(seed, i) < rate ? 0f : keep;
            Y[i] = X[i] * M[i];
        }
    }

    @Override
    public void addGaussianNoise(Tensor x, Tensor y, int n, float stddev, long seed) {
        float[] X = of(x), Y = of(y);
        for (int i = 0; i < n; i++) {
            Y[i] = X[i] + stddev * CounterRandom.gaussian(seed, i);
        }
    }

    @Override
    public void loss(LossKind kind, boolean fromLogits, Tensor pred, Tensor target, Tensor dPred, Tensor lossPerRow, int rows, int cols) {
        elementwise.loss(kind, fromLogits, of(pred), of(target), of(dPred), of(lossPerRow), rows, cols);
    }

    @Override
    public void sgdStep(Tensor p, Tensor g, Tensor velocity, int n, float lr, float momentum, boolean nesterov) {
        float[] P = of(p), G = of(g);
        if (momentum == 0) {
            int i = 0;
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector.fromArray(S, P, i).sub(FloatVector.fromArray(S, G, i).mul(lr)).intoArray(P, i);
            }
            for (; i < n; i++) {
                P[i] -= lr * G[i];
            }
            return;
        }
        float[] V = of(velocity);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector step = FloatVector.fromArray(S, G, i).mul(lr);
            FloatVector vv = FloatVector.fromArray(S, V, i).mul(momentum).sub(step);
            vv.intoArray(V, i);
            FloatVector p0 = FloatVector.fromArray(S, P, i);
            if (nesterov) {
                p0.add(vv.mul(momentum).sub(step)).intoArray(P, i);
            } else {
                p0.add(vv).intoArray(P, i);
            }
        }
        for (; i < n; i++) {
            V[i] = momentum * V[i] - lr * G[i];
            P[i] += nesterov ? momentum * V[i] - lr * G[i] : V[i];
        }
    }

    @Override
    public void rmspropStep(Tensor p, Tensor g, Tensor s, int n, float lr, float rho, float eps) {
        float[] P = of(p), G = of(g), Sq = of(s);
        float keep = 1 - rho;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, G, i);
            FloatVector sv = FloatVector.fromArray(S, Sq, i).mul(rho).add(gv.mul(gv).mul(keep));
            sv.intoArray(Sq, i);
            FloatVector.fromArray(S, P, i).sub(gv.mul(lr).div(sv.sqrt().add(eps))).intoArray(P, i);
        }
        for (; i < n; i++) {
            Sq[i] = rho * Sq[i] + (1 - rho) * G[i] * G[i];
            P[i] -= lr * G[i] / ((float) Math.sqrt(Sq[i]) + eps);
        }
    }

    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, int n, float lr, float beta1, float beta2, float eps, int t) {
        float[] P = of(p), G = of(g), M = of(m), V = of(v);
        float alpha = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        if (n < PARALLEL_VALUES) {
            adam(P, G, M, V, 0, n, alpha, beta1, beta2, eps);
        } else {
            inChunks(n, (from, to) -> adam(P, G, M, V, from, to, alpha, beta1, beta2, eps));
        }
    }

    /** Adam's update of values [from, to). */
    private static void adam(float[] P, float[] G, float[] M, float[] V, int from, int to, float alpha, float beta1, float beta2, float eps) {
        float b1c = 1 - beta1, b2c = 1 - beta2;
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, G, i);
            FloatVector mv = FloatVector.fromArray(S, M, i).mul(beta1).add(gv.mul(b1c));
            FloatVector vv = FloatVector.fromArray(S, V, i).mul(beta2).add(gv.mul(gv).mul(b2c));
            mv.intoArray(M, i);
            vv.intoArray(V, i);
            FloatVector.fromArray(S, P, i).sub(mv.mul(alpha).div(vv.sqrt().add(eps))).intoArray(P, i);
        }
        for (; i < to; i++) {
            M[i] = beta1 * M[i] + b1c * G[i];
            V[i] = beta2 * V[i] + b2c * G[i] * G[i];
            P[i] -= alpha * M[i] / ((float) Math.sqrt(V[i]) + eps);
        }
    }

    /**
     * Splits [0, n) into one range per thread, each a whole number of vectors but the last, and waits for all: an update of a
     * large parameter tensor (the MLP's first layer: 200,704 values, 60 µs on one core) is memory-bound work both cores share.
     */
    private void inChunks(int n, RangeWork work) {
        int vectors = (n + S.length() - 1) / S.length();
        inRanges(vectors, (from, to) -> work.run(from * S.length(), Math.min(n, to * S.length())));
    }

    @Override
    public void im2col(Tensor x, Tensor cols, Window2D g, int batch) {
        inRanges(batch, (from, to) -> WindowOps.im2col(of(x), of(cols), g, batch, from, to));
    }

    @Override
    public void col2im(Tensor cols, Tensor dx, Window2D g, int batch) {
        inRanges(batch, (from, to) -> WindowOps.col2im(of(cols), of(dx), g, batch, from, to));
    }

    /** A sample at a time on each thread ({@link Convolutions}); the batch-wide scratch tensors stay unused. */
    @Override
    public void convolution(Tensor x, Tensor weight, Tensor y, Window2D g, int filters, int batch, Tensor cols, Tensor byFilter) {
        inRanges(batch, (from, to) -> convolutions.forward(of(x), of(weight), of(y), g, filters, from, to, null));
    }

    /** As {@link #convolution}, each sample's output finished by the bias and the activation while it is in cache ({@link Epilogue}). */
    @Override
    public void convolutionBiasActivation(Tensor x, Tensor weight, Tensor y, Window2D g, int filters, int batch, Tensor cols, Tensor byFilter,
                                          Tensor bias, Activation f, float alpha, Tensor activated) {
        Epilogue e = epilogue(bias, f, alpha, activated);
        inRanges(batch, (from, to) -> convolutions.forward(of(x), of(weight), of(y), g, filters, from, to, e));
    }

    @Override
    public void convolutionBackward(Tensor x, Tensor weight, Tensor dy, Tensor dWeight, Tensor dx, Window2D g, int filters, int batch,
                                    Tensor cols, Tensor byFilter, Tensor dCols) {
        int blocks = convolutions.prepare(batch, g, filters);
        float[] dxValues = dx == null ? null : of(dx);
        inRanges(blocks, (from, to) -> convolutions.backward(of(x), of(weight), of(dy), dxValues, g, filters, batch, from, to));
        convolutions.sumBlocks(of(dWeight), blocks, filters * g.patch());
    }

    /** Work on the items [from, to): samples of a batch, or channels. */
    private interface RangeWork {
        void run(int from, int to);
    }

    /** Splits [0, count) into one contiguous range per thread and waits for all (on the GEMM's pool, the same threads). */
    private void inRanges(int count, RangeWork work) {
        int parts = Math.max(1, Math.min(threads, count));
        gemm.inParallel(parts, t -> work.run(count * t / parts, count * (t + 1) / parts));
    }

    @Override
    public void swapAxes(Tensor in, Tensor out, int a, int b, int c) {
        WindowOps.swapAxes(of(in), of(out), a, b, c);
    }

    @Override
    public void addChannelBias(Tensor x, Tensor bias, int batch, int channels, int size) {
        float[] X = of(x), b = of(bias);
        if ((long) batch * channels * size < PARALLEL_VALUES) {
            WindowOps.addChannelBias(X, b, channels, size, 0, batch);
        } else {
            inRanges(batch, (from, to) -> WindowOps.addChannelBias(X, b, channels, size, from, to));
        }
    }

    @Override
    public void sumChannels(Tensor x, Tensor out, int batch, int channels, int size) {
        inRanges(channels, (from, to) -> WindowOps.sumChannels(of(x), of(out), batch, channels, size, from, to));
    }

    @Override
    public void maxPool(Tensor x, Tensor y, Tensor argmax, Window2D g, int batch) {
        inRanges(batch, (from, to) -> {
            int done = SquarePool.handles(g) ? squarePool.maxPool(of(x), of(y), of(argmax), g, from, to) : 0;
            WindowOps.maxPool(of(x), of(y), of(argmax), g, from, to, done);
        });
    }

    @Override
    public void maxPoolBackward(Tensor dy, Tensor argmax, Tensor dx, Window2D g, int batch) {
        inRanges(batch, (from, to) -> WindowOps.maxPoolBackward(of(dy), of(argmax), of(dx), g, from, to));
    }

    @Override
    public void avgPool(Tensor x, Tensor y, Window2D g, int batch) {
        inRanges(batch, (from, to) -> WindowOps.avgPool(of(x), of(y), g, from, to));
    }

    @Override
    public void avgPoolBackward(Tensor dy, Tensor dx, Window2D g, int batch) {
        inRanges(batch, (from, to) -> WindowOps.avgPoolBackward(of(dy), of(dx), g, from, to));
    }

    @Override
    public void copyStrided(Tensor src, int srcStride, int srcOffset, Tensor dst, int dstStride, int dstOffset, int rows, int cols) {
        float[] S = of(src), D = of(dst);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(S, r * srcStride + srcOffset, D, r * dstStride + dstOffset, cols);
        }
    }

    @Override
    public void batchNorm(Tensor x, Tensor y, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd, Tensor runMean, Tensor runVar,
                          int batch, int channels, int size, float momentum, float eps, boolean training) {
        WindowOps.batchNorm(of(x), of(y), of(gamma), of(beta), of(mean), of(invStd), of(runMean), of(runVar), batch, channels, size,
                momentum, eps, training);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor mean, Tensor invStd, Tensor dx, Tensor dgamma, Tensor dbeta,
                                  int batch, int channels, int size) {
        WindowOps.batchNormBackward(of(x), of(dy), of(gamma), of(mean), of(invStd), of(dx), of(dgamma), of(dbeta), batch, channels, size);
    }

    @Override
    public void close() {
        team.close();
    }
}
