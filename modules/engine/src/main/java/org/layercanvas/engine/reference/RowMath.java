package org.layercanvas.engine.reference;

import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LossKind;

/**
 * The row-wise ops (softmax and the losses) in double precision on plain arrays. The reference
 * backend runs them directly; the CPU backend runs them too, on the small batch × classes block,
 * so the numerically delicate code (log-sum-exp, clipping) exists once.
 */
public final class RowMath {
    private RowMath() {
    }

    /** Row-wise softmax, stable: each row's maximum is subtracted before exponentiating. */
    public static void softmax(double[] X, double[] Y, int rows, int cols) {
        
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = rowMax(X, o, cols);
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

    /** Row-wise log-softmax, x − max − log Σ exp(x − max): finite wherever x is, where log(softmax) would underflow to −∞. */
    public static void logSoftmax(double[] X, double[] Y, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = rowMax(X, o, cols);
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(X[o + c] - max);
            }
            double shift = max + Math.log(sum);
            for (int c = 0; c < cols; c++) {
                Y[o + c] = X[o + c] - shift;
            }
        }
    }

    private static double rowMax(double[] X, int o, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, X[o + c]);
        }
        return max;
    }

    /** dx = dy − exp(y) · Σ dy per row, y being the log-softmax. */
    public static void logSoftmaxBackward(double[] Y, double[] DY, double[] DX, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += DY[o + c];
            }
            for (int c = 0; c < cols; c++) {
                DX[o + c] = DY[o + c] - Math.exp(Y[o + c]) * sum;
            }
        }
    }

    /** dx = y · (dy − Σ dy·y) per row. */
    public static void softmaxBackward(double[] Y, double[] DY, double[] DX, int rows, int cols) {
        
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

    /** Per-row loss into L and dLoss/dPred (for the mean over rows) into G; see {@link LossKind}. */
    public static void loss(LossKind kind, boolean fromLogits, double[] P, double[] T, double[] G, double[] L, int rows, int cols) {
        
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
                        double max = rowMax(P, o, cols);
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
}
