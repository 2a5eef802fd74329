package org.layercanvas.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.layercanvas.engine.reference.RowMath;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LossKind;

/**
 * The CPU backend's activations and losses. The common activations and their derivatives run on the Vector API
 * (exp and tanh are the JDK's vector intrinsics, about 80 times faster than Math.tanh per element), as do the
 * mean squared error and the binary cross-entropy of probabilities, which an autoencoder takes over every pixel.
 * The rest (other activations, softmax, categorical cross-entropy, losses from logits) runs the engine's
 * reference math, on a double copy of the small batch × classes block for softmax and the losses so that their
 * delicate numerics exist in one place. The copies live in buffers kept between calls: a training step
 * allocates nothing. One instance serves one backend, which runs one op at a time; the activations keep no state, so
 * the backend's threads run them on their own ranges of one tensor at once.
 */
final class Elementwise {
    private static final VectorSpecies<Float> S = Gemm.S;
    private static final float EPS = (float) LossKind.EPSILON;
    /** The double copies: two inputs, the output, the rows' losses. */
    private static final int IN = 0, IN2 = 1, OUT = 2, ROWS = 3;
    private final Scratch scratch = new Scratch(0, 4);

    /**
     * y = f(x) over the values [from, to): the backend splits a large tensor into one such range per thread, and a
     * product's epilogue runs it on each block of its output ({@link Epilogue}). The JDK's vector exp and tanh differ from
     * Math's in the last bits, so a range's last values, fewer than a vector, go through the vector function too, one
     * value at a time: each value's result does not depend on where a range starts or ends.
     */
    void activate(Activation f, float alpha, float[] x, float[] y, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        switch (f) {
            case LINEAR -> {
                System.arraycopy(x, from, y, from, to - from);
                return;
            }
            case RELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, i).max(0f).intoArray(y, i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, i);
                    v.blend(v.mul(alpha), v.compare(VectorOperators.LE, 0f)).intoArray(y, i);
                }
            }
            case SIGMOID -> {
                for (; i < bound; i += S.length()) {
                    sigmoid(FloatVector.fromArray(S, x, i)).intoArray(y, i);
                }
                for (; i < to; i++) {
                    y[i] = sigmoid(FloatVector.broadcast(S, x[i])).lane(0);
                }
            }
            case TANH -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
                }
                for (; i < to; i++) {
                    y[i] = FloatVector.broadcast(S, x[i]).lanewise(VectorOperators.TANH).lane(0);
                }
            }
            case EXPONENTIAL -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
                }
                for (; i < to; i++) {
                    y[i] = FloatVector.broadcast(S, x[i]).lanewise(VectorOperators.EXP).lane(0);
                }
            }
            default -> { } // no vector path: all of it below
        }
        for (; i < to; i++) {
            y[i] = apply(f, x[i], alpha);
        }
    }

    /** 1 / (1 + e^-x): e^-x overflows to infinity below x ≈ -88, giving exactly 0 as the limit. */
    private static FloatVector sigmoid(FloatVector x) {
        return x.broadcast(1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }

    /** dx = dy · f'(x) over the values [from, to). */
    void activateBackward(Activation f, float alpha, float[] x, float[] y, float[] dy, float[] dx, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        switch (f) {
            case LINEAR, STEP, SIGN -> {
                System.arraycopy(dy, from, dx, from, to - from);
                return;
            }
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < bound; i += S.length()) {
                    VectorMask<Float> off = FloatVector.fromArray(S, x, i).compare(VectorOperators.LE, 0f);
                    FloatVector.fromArray(S, dy, i).blend(zero, off).intoArray(dx, i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += S.length()) {
                    FloatVector g = FloatVector.fromArray(S, dy, i);
                    g.blend(g.mul(alpha), FloatVector.fromArray(S, x, i).compare(VectorOperators.LE, 0f)).intoArray(dx, i);
                }
            }
            case SIGMOID -> {
                for (; i < bound; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, y, i);
                    FloatVector.fromArray(S, dy, i).mul(v.mul(v.neg().add(1f))).intoArray(dx, i);
                }
            }
            case TANH -> {
                for (; i < bound; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, y, i);
                    FloatVector.fromArray(S, dy, i).mul(v.mul(v).neg().add(1f)).intoArray(dx, i);
                }
            }
            case EXPONENTIAL -> {
                for (; i < bound; i += S.length()) {
                    FloatVector.fromArray(S, dy, i).mul(FloatVector.fromArray(S, y, i)).intoArray(dx, i);
                }
            }
            default -> { } // no vector path: all of it below
        }
        for (; i < to; i++) {
            dx[i] = dy[i] * derivative(f, x[i], y[i], alpha);
        }
    }

    private static float apply(Activation f, float x, float alpha) {
        return switch (f) {
            case LINEAR -> x;
            case RELU -> x > 0 ? x : 0;
            default -> (float) f.apply(x, alpha);
        };
    }

    private static float derivative(Activation f, float x, float y, float alpha) {
        return switch (f) {
            case LINEAR, STEP, SIGN -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            default -> (float) f.derivative(x, y, alpha);
        };
    }

    /** Softmax or (log) log-softmax, in double through RowMath. */
    void softmax(float[] x, float[] y, int rows, int cols, boolean log) {
        int n = rows * cols;
        double[] out = scratch.doubles(OUT, n);
        if (log) {
            RowMath.logSoftmax(toDouble(x, n, IN), out, rows, cols);
        } else {
            RowMath.softmax(toDouble(x, n, IN), out, rows, cols);
        }
        toFloat(out, y, n);
    }

    void softmaxBackward(float[] y, float[] dy, float[] dx, int rows, int cols, boolean log) {
        int n = rows * cols;
        double[] out = scratch.doubles(OUT, n);
        if (log) {
            RowMath.logSoftmaxBackward(toDouble(y, n, IN), toDouble(dy, n, IN2), out, rows, cols);
        } else {
            RowMath.softmaxBackward(toDouble(y, n, IN), toDouble(dy, n, IN2), out, rows, cols);
        }
        toFloat(out, dx, n);
    }

    void loss(LossKind kind, boolean fromLogits, float[] pred, float[] target, float[] grad, float[] rowLoss, int rows, int cols) {
        if (kind == LossKind.MSE || kind == LossKind.BINARY_CROSSENTROPY && !fromLogits) {
            vectorLoss(kind, pred, target, grad, rowLoss, rows, cols);
            return;
        }
        int n = rows * cols;
        double[] out = scratch.doubles(OUT, n), rowOut = scratch.doubles(ROWS, rows);
        RowMath.loss(kind, fromLogits, toDouble(pred, n, IN), toDouble(target, n, IN2), out, rowOut, rows, cols);
        toFloat(out, grad, n);
        toFloat(rowOut, rowLoss, rows);
    }

    /**
     * Mean squared error and the binary cross-entropy of probabilities, with RowMath's formulas in single precision:
     * each row's loss is the mean over its columns, the gradient is divided by the batch's rows, and probabilities
     * are clipped to [ε, 1 − ε] with a zero gradient outside. 1 − p is exact in float for p ≥ ½, so the clip at the top
     * is taken as 1 − p ≥ ε: float's 1 − ε is a tenth further from 1 than double's, which would move log(1 − p) by 0.2.
     */
    private static void vectorLoss(LossKind kind, float[] pred, float[] target, float[] grad, float[] rowLoss, int rows, int cols) {
        float scale = 1f / cols / rows;
        for (int r = 0; r < rows; r++) {
            double sum = kind == LossKind.MSE ? squaredErrors(pred, target, grad, r * cols, cols, scale)
                    : crossEntropies(pred, target, grad, r * cols, cols, scale);
            rowLoss[r] = (float) (sum / cols);
        }
    }

    /** Σ (p − t)² over one row, its gradient 2(p − t)·scale. (One loop per loss: a vector merged from two branches is boxed.) */
    private static double squaredErrors(float[] pred, float[] target, float[] grad, int o, int cols, float scale) {
        FloatVector sum = FloatVector.zero(S);
        int c = 0;
        for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
            FloatVector diff = FloatVector.fromArray(S, pred, o + c).sub(FloatVector.fromArray(S, target, o + c));
            sum = diff.fma(diff, sum);
            diff.mul(2 * scale).intoArray(grad, o + c);
        }
        double rowSum = sum.reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) {
            float diff = pred[o + c] - target[o + c];
            rowSum += diff * diff;
            grad[o + c] = 2 * diff * scale;
        }
        return rowSum;
    }

    /** −Σ t·log p + (1 − t)·log(1 − p) over one row, clipped, with its gradient ((1 − t)/(1 − p) − t/p)·scale. */
    private static double crossEntropies(float[] pred, float[] target, float[] grad, int o, int cols, float scale) {
        FloatVector sum = FloatVector.zero(S), low = FloatVector.broadcast(S, EPS), zero = FloatVector.zero(S);
        int c = 0;
        for (int bound = S.loopBound(cols); c < bound; c += S.length()) {
            FloatVector p = FloatVector.fromArray(S, pred, o + c), t = FloatVector.fromArray(S, target, o + c);
            FloatVector q = p.neg().add(1f), pc = p.max(low), qc = q.max(low), u = t.neg().add(1f);
            sum = sum.add(t.mul(pc.lanewise(VectorOperators.LOG)).add(u.mul(qc.lanewise(VectorOperators.LOG))));
            VectorMask<Float> clipped = p.compare(VectorOperators.LT, EPS).or(q.compare(VectorOperators.LT, EPS));
            u.div(qc).sub(t.div(pc)).mul(scale).blend(zero, clipped).intoArray(grad, o + c);
        }
        double rowSum = -sum.reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) {
            float p = pred[o + c], t = target[o + c], q = 1 - p, pc = Math.max(p, EPS), qc = Math.max(q, EPS);
            rowSum -= t * Math.log(pc) + (1 - t) * Math.log(qc);
            grad[o + c] = p < EPS || q < EPS ? 0 : ((1 - t) / qc - t / pc) * scale;
        }
        return rowSum;
    }

    /** v's first n values in slot {@code slot} of the double scratch. */
    private double[] toDouble(float[] v, int n, int slot) {
        double[] d = scratch.doubles(slot, n);
        for (int i = 0; i < n; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static void toFloat(double[] d, float[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[i] = (float) d[i];
        }
    }
}
