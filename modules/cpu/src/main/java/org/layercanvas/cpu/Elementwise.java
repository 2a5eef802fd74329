package org.layercanvas.cpu;

import org.layercanvas.engine.reference.RowMath;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LossKind;

/**
 * The CPU backend's scalar paths. Activations without a vector path use the engine's reference
 * math; softmax and the losses run the reference {@link RowMath} on a double copy of the small
 * batch × classes block, so their delicate numerics exist in one place.
 */
final class Elementwise {
    private Elementwise() {
    }

    static float apply(Activation f, float x, float alpha) {
        return switch (f) {
            case LINEAR -> x;
            case RELU -> x > 0 ? x : 0;
            default -> (float) f.apply(x, alpha);
        };
    }

    static float derivative(Activation f, float x, float y, float alpha) {
        return switch (f) {
            case LINEAR, STEP, SIGN -> 1;
            case RELU -> x > 0 ? 1 : 0;
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            default -> (float) f.derivative(x, y, alpha);
        };
    }

    static void softmax(float[] x, float[] y, int rows, int cols) {
        double[] in = toDouble(x, rows * cols), out = new double[rows * cols];
        RowMath.softmax(in, out, rows, cols);
        toFloat(out, y);
    }

    static void softmaxBackward(float[] y, float[] dy, float[] dx, int rows, int cols) {
        double[] out = new double[rows * cols];
        RowMath.softmaxBackward(toDouble(y, rows * cols), toDouble(dy, rows * cols), out, rows, cols);
        toFloat(out, dx);
    }

    static void loss(LossKind kind, boolean fromLogits, float[] pred, float[] target, float[] grad, float[] rowLoss, int rows, int cols) {
        int n = rows * cols;
        double[] g = new double[n], l = new double[rows];
        RowMath.loss(kind, fromLogits, toDouble(pred, n), toDouble(target, n), g, l, rows, cols);
        toFloat(g, grad);
        toFloat(l, rowLoss);
    }

    private static double[] toDouble(float[] v, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static void toFloat(double[] d, float[] v) {
        for (int i = 0; i < d.length; i++) {
            v[i] = (float) d[i];
        }
    }
}
