package org.layercanvas.engine.reference;

import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.CounterRandom;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.Tensor;

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
        double[] X = d(x), Y = d(y);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, X[o + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                Y[o + c] = Math.exp(X[o + c] - max);
                sum += Y[o + c];
            }
            for (int c = 0; c < cols; c++) {
                Y[o + c] /= sum;
            }
        }
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols) {
        double[] Y = d(y), DY = d(dy), DX = d(dx);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double dot = 0;
            for (int c = 0; c < cols; c++) {
                dot += DY[o + c] * Y[o + c];
            }
            for (int c = 0; c < cols; c++) {
                DX[o + c] = Y[o + c] * (DY[o + c] - dot);
            }
        }
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
        double[] P = d(pred), T = d(target), G = d(dPred), L = d(lossPerRow);
        double eps = LossKind.EPSILON;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double rowLoss = 0;
            switch (kind) {
                case MSE -> {
                    for (int c = 0; c < cols; c++) {
                        double diff = P[o + c] - T[o + c];
                        rowLoss += diff * diff / cols;
                        G[o + c] = 2 * diff / cols / rows;
                    }
                }
                case BINARY_CROSSENTROPY -> {
                    for (int c = 0; c < cols; c++) {
                        double t = T[o + c];
                        if (fromLogits) {
                            double z = P[o + c];
                            // -(t log s(z) + (1-t) log(1-s(z))) = max(z,0) - t z + log(1+e^-|z|)
                            rowLoss += (Math.max(z, 0) - t * z + Math.log1p(Math.exp(-Math.abs(z)))) / cols;
                            G[o + c] = (Activation.SIGMOID.apply(z, 0) - t) / cols / rows;
                        } else {
                            double p = P[o + c];
                            double pc = Math.min(Math.max(p, eps), 1 - eps);
                            rowLoss += -(t * Math.log(pc) + (1 - t) * Math.log(1 - pc)) / cols;
                            // the clip has zero gradient outside [eps, 1-eps], as in Keras
                            G[o + c] = p < eps || p > 1 - eps ? 0 : (-t / pc + (1 - t) / (1 - pc)) / cols / rows;
                        }
                    }
                }
                case CATEGORICAL_CROSSENTROPY -> {
                    if (fromLogits) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int c = 0; c < cols; c++) {
                            max = Math.max(max, P[o + c]);
                        }
                        double sum = 0, tsum = 0;
                        for (int c = 0; c < cols; c++) {
                            sum += Math.exp(P[o + c] - max);
                            tsum += T[o + c];
                        }
                        double lse = max + Math.log(sum);
                        for (int c = 0; c < cols; c++) {
                            rowLoss += -T[o + c] * (P[o + c] - lse);
                            G[o + c] = (Math.exp(P[o + c] - lse) * tsum - T[o + c]) / rows;
                        }
                    } else {
                        for (int c = 0; c < cols; c++) {
                            double p = P[o + c];
                            double pc = Math.min(Math.max(p, eps), 1 - eps);
                            rowLoss += -T[o + c] * Math.log(pc);
                            G[o + c] = p < eps || p > 1 - eps ? 0 : -T[o + c] / pc / rows;
                        }
                    }
                }
            }
            L[r] = rowLoss;
        }
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
    public void close() {
    }
}
