package org.layercanvas.engine.reference;

import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.CounterRandom;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/**
 * The Java reference backend: plain loops in double precision, written for clarity. Every other
 * backend is tested against it, and gradient checks run on it ({@link #writeDouble}/{@link #readDouble}
 * give full precision in and out).
 */
public final class ReferenceBackend implements Backend {

    /** A tensor of the reference backend. */
    public static final class DoubleTensor implements Tensor {
        final double[] data;

        DoubleTensor(int size) {
            data = new double[size];
        }

        @Override
        public int size() {
            return data.length;
        }
    }

    private static double[] d(Tensor t) {
        return ((DoubleTensor) t).data;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String device() {
        return "Java reference (double precision, 1 thread)";
    }

    /** It computes in double. */
    @Override
    public int bytesPerElement() {
        return Double.BYTES;
    }

    @Override
    public Tensor allocate(int size) {
        return new DoubleTensor(size);
    }

    @Override
    public void write(Tensor dst, float[] src, int srcOffset, int length) {
        double[] t = d(dst);
        for (int i = 0; i < length; i++) {
            t[i] = src[srcOffset + i];
        }
    }

    @Override
    public void read(Tensor src, float[] dst, int dstOffset, int length) {
        double[] t = d(src);
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = (float) t[i];
        }
    }

    public void writeDouble(Tensor dst, double[] src) {
        System.arraycopy(src, 0, d(dst), 0, src.length);
    }

    public double[] readDouble(Tensor src) {
        return d(src).clone();
    }

    @Override
    public void fill(Tensor t, float value, int n) {
        java.util.Arrays.fill(d(t), 0, n, value);
    }

    @Override
    public void copy(Tensor src, Tensor dst, int n) {
        System.arraycopy(d(src), 0, d(dst), 0, n);
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out, int n) {
        double[] x = d(a), y = d(b), o = d(out);
        for (int i = 0; i < n; i++) {
            o[i] = x[i] + y[i];
        }
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out, int n) {
        double[] x = d(a), y = d(b), o = d(out);
        for (int i = 0; i < n; i++) {
            o[i] = x[i] * y[i];
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor b, float beta, Tensor c) {
        double[] A = d(a), B = d(b), C = d(c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? A[p * m + i] : A[i * k + p];
                    double bv = transB ? B[j * k + p] : B[p * n + j];
                    s += av * bv;
                }
                C[i * n + j] = (beta == 0 ? 0 : beta * C[i * n + j]) + s;
            }
        }
    }

    @Override
    public void addBias(Tensor x, Tensor bias, int rows, int cols) {
        double[] X = d(x), b = d(bias);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                X[r * cols + c] += b[c];
            }
        }
    }

    @Override
    public void sumRows(Tensor x, Tensor out, int rows, int cols, float beta) {
        double[] X = d(x), o = d(out);
        for (int c = 0; c < cols; c++) {
            double s = 0;
            for (int r = 0; r < rows; r++) {
                s += X[r * cols + c];
            }
            o[c] = (beta == 0 ? 0 : beta * o[c]) + s;
        }
    }

    @Override
    public void activate(Activation f, float alpha, Tensor x, Tensor y, int n) {
        double[] X = d(x), Y = d(y);
        for (int i = 0; i < n; i++) {
            Y[i] = f.apply(X[i], alpha);
        }
    }

    @Override
    public void activateBackward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx, int n) {
        double[] X = d(x), Y = d(y), DY = d(dy), DX = d(dx);
        for (int i = 0; i < n; i++) {
            DX[i] = DY[i] * f.derivative(X[i], Y[i], alpha);
        }
    }

    @Override
    public void softmax(Tensor x, Tensor y, int rows, int cols) {
        RowMath.softmax(d(x), d(y), rows, cols);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols) {
        RowMath.softmaxBackward(d(y), d(dy), d(dx), rows, cols);
    }

    @Override
    public void gather(Tensor table, Tensor index, Tensor out, int rows, int cols, int tableRows) {
        double[] T = d(table), I = d(index), O = d(out);
        for (int r = 0; r < rows; r++) {
            int row = tableRow(I[r], tableRows);
            for (int c = 0; c < cols; c++) {
                O[r * cols + c] = row < 0 ? 0 : T[row * cols + c];
            }
        }
    }

    @Override
    public void scatterRows(Tensor d, Tensor index, Tensor dTable, int rows, int cols, int tableRows) {
        double[] D = d(d), I = d(index), G = d(dTable);
        java.util.Arrays.fill(G, 0, tableRows * cols, 0);
        for (int r = 0; r < rows; r++) {
            int row = tableRow(I[r], tableRows);
            for (int c = 0; row >= 0 && c < cols; c++) {
                G[row * cols + c] += D[r * cols + c];
            }
        }
    }

    /** The table row an index names, or −1 when it is not a whole number in [0, tableRows). */
    public static int tableRow(double index, int tableRows) {
        return index >= 0 && index < tableRows && index == Math.rint(index) ? (int) index : -1;
    }

    @Override
    public void logSoftmax(Tensor x, Tensor y, int rows, int cols) {
        RowMath.logSoftmax(d(x), d(y), rows, cols);
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols) {
        RowMath.logSoftmaxBackward(d(y), d(dy), d(dx), rows, cols);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, Tensor y, int n, float rate, long seed) {
        double[] X = d(x), M = d(mask), Y = d(y);
        double keep = 1.0 / (1.0 - rate);
        for (int i = 0; i < n; i++) {
            M[i] = CounterRandom.uniform(seed, i) < rate ? 0 : keep;
            Y[i] = X[i] * M[i];
        }
    }

    @Override
    public void addGaussianNoise(Tensor x, Tensor y, int n, float stddev, long seed) {
        double[] X = d(x), Y = d(y);
        for (int i = 0; i < n; i++) {
            Y[i] = X[i] + stddev * (double) CounterRandom.gaussian(seed, i);
        }
    }

    @Override
    public void loss(LossKind kind, boolean fromLogits, Tensor pred, Tensor target, Tensor dPred, Tensor lossPerRow,
                     int rows, int cols) {
        RowMath.loss(kind, fromLogits, d(pred), d(target), d(dPred), d(lossPerRow), rows, cols);
    }

    @Override
    public void sgdStep(Tensor p, Tensor g, Tensor velocity, int n, float lr, float momentum, boolean nesterov) {
        double[] P = d(p), G = d(g);
        if (momentum == 0) {
            for (int i = 0; i < n; i++) {
                P[i] -= lr * G[i];
            }
            return;
        }
        double[] V = d(velocity);
        for (int i = 0; i < n; i++) {
            V[i] = momentum * V[i] - lr * G[i];
            P[i] += nesterov ? momentum * V[i] - lr * G[i] : V[i];
        }
    }

    @Override
    public void rmspropStep(Tensor p, Tensor g, Tensor s, int n, float lr, float rho, float eps) {
        double[] P = d(p), G = d(g), S = d(s);
        for (int i = 0; i < n; i++) {
            S[i] = rho * S[i] + (1 - rho) * G[i] * G[i];
            P[i] -= lr * G[i] / (Math.sqrt(S[i]) + eps);
        }
    }

    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, int n, float lr, float beta1, float beta2, float eps, int t) {
        double[] P = d(p), G = d(g), M = d(m), V = d(v);
        double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        for (int i = 0; i < n; i++) {
            M[i] = beta1 * M[i] + (1 - beta1) * G[i];
            V[i] = beta2 * V[i] + (1 - beta2) * G[i] * G[i];
            P[i] -= alpha * M[i] / (Math.sqrt(V[i]) + eps);
        }
    }

    @Override
    public void im2col(Tensor x, Tensor cols, Window2D g, int batch) {
        double[] X = d(x), C = d(cols);
        int positions = g.positions(), width = batch * positions;
        for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int row = (c * g.kh() + ky) * g.kw() + kx;
                    for (int b = 0; b < batch; b++) {
                        for (int oy = 0; oy < g.outH(); oy++) {
                            for (int ox = 0; ox < g.outW(); ox++) {
                                int y = oy * g.strideH() - g.padTop() + ky * g.dilationH(), xx = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                                boolean inside = y >= 0 && y < g.height() && xx >= 0 && xx < g.width();
                                C[row * width + b * positions + oy * g.outW() + ox] =
                                        inside ? X[b * g.inSize() + (c * g.height() + y) * g.width() + xx] : 0;
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void col2im(Tensor cols, Tensor dx, Window2D g, int batch) {
        double[] C = d(cols), DX = d(dx);
        java.util.Arrays.fill(DX, 0, batch * g.inSize(), 0);
        int positions = g.positions(), width = batch * positions;
        for (int c = 0; c < g.channels(); c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int row = (c * g.kh() + ky) * g.kw() + kx;
                    for (int b = 0; b < batch; b++) {
                        for (int oy = 0; oy < g.outH(); oy++) {
                            for (int ox = 0; ox < g.outW(); ox++) {
                                int y = oy * g.strideH() - g.padTop() + ky * g.dilationH(), xx = ox * g.strideW() - g.padLeft() + kx * g.dilationW();
                                if (y >= 0 && y < g.height() && xx >= 0 && xx < g.width()) {
                                    DX[b * g.inSize() + (c * g.height() + y) * g.width() + xx] += C[row * width + b * positions + oy * g.outW() + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void swapAxes(Tensor in, Tensor out, int a, int b, int c) {
        double[] I = d(in), O = d(out);
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(I, (i * b + j) * c, O, (j * a + i) * c, c);
            }
        }
    }

    @Override
    public void addChannelBias(Tensor x, Tensor bias, int batch, int channels, int size) {
        double[] X = d(x), B = d(bias);
        for (int n = 0; n < batch; n++) {
            for (int ch = 0; ch < channels; ch++) {
                for (int p = 0; p < size; p++) {
                    X[(n * channels + ch) * size + p] += B[ch];
                }
            }
        }
    }

    @Override
    public void sumChannels(Tensor x, Tensor out, int batch, int channels, int size) {
        double[] X = d(x), O = d(out);
        for (int ch = 0; ch < channels; ch++) {
            double s = 0;
            for (int n = 0; n < batch; n++) {
                for (int p = 0; p < size; p++) {
                    s += X[(n * channels + ch) * size + p];
                }
            }
            O[ch] = s;
        }
    }

    @Override
    public void maxPool(Tensor x, Tensor y, Tensor argmax, Window2D g, int batch) {
        double[] X = d(x), Y = d(y), A = d(argmax);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        int best = -1;
                        for (int ky = 0; ky < g.kh(); ky++) {
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int yy = oy * g.strideH() - g.padTop() + ky, xx = ox * g.strideW() - g.padLeft() + kx;
                                if (yy < 0 || yy >= g.height() || xx < 0 || xx >= g.width()) {
                                    continue; // padding never wins
                                }
                                int i = (c * g.height() + yy) * g.width() + xx;
                                if (best < 0 || X[b * g.inSize() + i] > X[b * g.inSize() + best]) {
                                    best = i;
                                }
                            }
                        }
                        int o = ((b * g.channels() + c) * g.outH() + oy) * g.outW() + ox;
                        Y[o] = X[b * g.inSize() + best];
                        A[o] = best;
                    }
                }
            }
        }
    }

    @Override
    public void maxPoolBackward(Tensor dy, Tensor argmax, Tensor dx, Window2D g, int batch) {
        double[] DY = d(dy), A = d(argmax), DX = d(dx);
        java.util.Arrays.fill(DX, 0, batch * g.inSize(), 0);
        int outSize = g.channels() * g.positions();
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < outSize; o++) {
                DX[b * g.inSize() + (int) A[b * outSize + o]] += DY[b * outSize + o];
            }
        }
    }

    @Override
    public void avgPool(Tensor x, Tensor y, Window2D g, int batch) {
        double[] X = d(x), Y = d(y);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double s = 0;
                        int count = 0;
                        for (int ky = 0; ky < g.kh(); ky++) {
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int yy = oy * g.strideH() - g.padTop() + ky, xx = ox * g.strideW() - g.padLeft() + kx;
                                if (yy >= 0 && yy < g.height() && xx >= 0 && xx < g.width()) {
                                    s += X[b * g.inSize() + (c * g.height() + yy) * g.width() + xx];
                                    count++;
                                }
                            }
                        }
                        Y[((b * g.channels() + c) * g.outH() + oy) * g.outW() + ox] = s / count;
                    }
                }
            }
        }
    }

    @Override
    public void avgPoolBackward(Tensor dy, Tensor dx, Window2D g, int batch) {
        double[] DY = d(dy), DX = d(dx);
        java.util.Arrays.fill(DX, 0, batch * g.inSize(), 0);
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        double share = DY[((b * g.channels() + c) * g.outH() + oy) * g.outW() + ox] / g.tapsInside(oy, ox);
                        for (int ky = 0; ky < g.kh(); ky++) {
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int yy = oy * g.strideH() - g.padTop() + ky, xx = ox * g.strideW() - g.padLeft() + kx;
                                if (yy >= 0 && yy < g.height() && xx >= 0 && xx < g.width()) {
                                    DX[b * g.inSize() + (c * g.height() + yy) * g.width() + xx] += share;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void copyStrided(Tensor src, int srcStride, int srcOffset, Tensor dst, int dstStride, int dstOffset, int rows, int cols) {
        double[] S = d(src), D = d(dst);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                D[r * dstStride + dstOffset + c] = S[r * srcStride + srcOffset + c];
            }
        }
    }

    @Override
    public void batchNorm(Tensor x, Tensor y, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd, Tensor runMean, Tensor runVar,
                          int batch, int channels, int size, float momentum, float eps, boolean training) {
        double[] X = d(x), Y = d(y), G = d(gamma), B = d(beta), M = d(mean), S = d(invStd), RM = d(runMean), RV = d(runVar);
        int n = batch * size;
        for (int c = 0; c < channels; c++) {
            double m, is;
            if (training) {
                double sum = 0, sq = 0;
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < size; p++) {
                        sum += X[(b * channels + c) * size + p];
                    }
                }
                m = sum / n;
                for (int b = 0; b < batch; b++) {
                    for (int p = 0; p < size; p++) {
                        double dv = X[(b * channels + c) * size + p] - m;
                        sq += dv * dv;
                    }
                }
                double var = sq / n;
                is = 1 / Math.sqrt(var + eps);
                M[c] = m;
                S[c] = is;
                RM[c] = momentum * RM[c] + (1 - momentum) * m;
                RV[c] = momentum * RV[c] + (1 - momentum) * var;
            } else {
                m = RM[c];
                is = 1 / Math.sqrt(RV[c] + eps);
            }
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < size; p++) {
                    int i = (b * channels + c) * size + p;
                    Y[i] = G[c] * (X[i] - m) * is + B[c];
                }
            }
        }
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor mean, Tensor invStd, Tensor dx, Tensor dgamma, Tensor dbeta,
                                  int batch, int channels, int size) {
        double[] X = d(x), DY = d(dy), G = d(gamma), M = d(mean), S = d(invStd), DX = d(dx), DG = d(dgamma), DB = d(dbeta);
        int n = batch * size;
        for (int c = 0; c < channels; c++) {
            double sg = 0, sb = 0;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < size; p++) {
                    int i = (b * channels + c) * size + p;
                    sg += DY[i] * (X[i] - M[c]) * S[c];
                    sb += DY[i];
                }
            }
            DG[c] = sg;
            DB[c] = sb;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < size; p++) {
                    int i = (b * channels + c) * size + p;
                    double xhat = (X[i] - M[c]) * S[c];
                    DX[i] = G[c] * S[c] / n * (n * DY[i] - sb - xhat * sg);
                }
            }
        }
    }

    @Override
    public void close() {
    }
}
