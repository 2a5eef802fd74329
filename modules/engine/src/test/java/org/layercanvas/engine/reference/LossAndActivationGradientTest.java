package org.layercanvas.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.Tensor;

/** Loss gradients and activation derivatives against central finite differences, in double precision. */
class LossAndActivationGradientTest {
    private final ReferenceBackend b = new ReferenceBackend();
    private final Random random = new Random(5);

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void lossGradientIsTheDerivativeOfTheMeanLoss(LossKind kind) {
        for (boolean logits : new boolean[] {false, true}) {
            int rows = 4, cols = kind == LossKind.CATEGORICAL_CROSSENTROPY ? 5 : 3, n = rows * cols;
            double[] pred = new double[n], target = new double[n];
            for (int i = 0; i < n; i++) {
                pred[i] = logits || kind == LossKind.MSE ? random.nextGaussian() * 2 : 0.05 + 0.9 * random.nextDouble();
                target[i] = kind == LossKind.MSE ? random.nextGaussian() : kind == LossKind.BINARY_CROSSENTROPY ? random.nextInt(2) : 0;
            }
            if (kind == LossKind.CATEGORICAL_CROSSENTROPY) {
                for (int r = 0; r < rows; r++) {
                    target[r * cols + random.nextInt(cols)] = 1;
                }
            }
            Tensor p = b.allocate(n), t = b.allocate(n), g = b.allocate(n), l = b.allocate(rows);
            b.writeDouble(t, target);
            b.writeDouble(p, pred);
            b.loss(kind, logits, p, t, g, l, rows, cols);
            double[] grad = b.readDouble(g);
            for (int i = 0; i < n; i++) {
                double h = 1e-6, saved = pred[i];
                pred[i] = saved + h;
                double up = meanLoss(kind, logits, pred, t, rows, cols);
                pred[i] = saved - h;
                double down = meanLoss(kind, logits, pred, t, rows, cols);
                pred[i] = saved;
                double numeric = (up - down) / (2 * h);
                assertThat(grad[i]).as("%s logits=%s d/dpred[%d]", kind, logits, i).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-7 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    private double meanLoss(LossKind kind, boolean logits, double[] pred, Tensor t, int rows, int cols) {
        Tensor p = b.allocate(pred.length), g = b.allocate(pred.length), l = b.allocate(rows);
        b.writeDouble(p, pred);
        b.loss(kind, logits, p, t, g, l, rows, cols);
        double s = 0;
        for (double v : b.readDouble(l)) {
            s += v;
        }
        return s / rows;
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"STEP", "SIGN", "SOFTMAX", "LOG_SOFTMAX"}, mode = EnumSource.Mode.EXCLUDE)
    void derivativeMatchesFiniteDifferences(Activation f) {
        double alpha = f.defaultAlpha();
        for (double x = -5.05; x < 5; x += 0.37) {
            double h = 1e-6;
            double numeric = (f.apply(x + h, alpha) - f.apply(x - h, alpha)) / (2 * h);
            assertThat(f.derivative(x, f.apply(x, alpha), alpha)).as("%s'(%s)", f, x)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-7));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"STEP", "SIGN"})
    void stepAndSignPassGradientsStraightThrough(Activation f) {
        assertThat(f.derivative(-3, f.apply(-3, 0), 0)).isEqualTo(1.0);
        assertThat(f.derivative(2, f.apply(2, 0), 0)).isEqualTo(1.0);
        assertThat(f.apply(-0.1, 0)).isEqualTo(f == Activation.SIGN ? -1.0 : 0.0);
        assertThat(f.apply(0.1, 0)).isEqualTo(1.0);
    }

    @org.junit.jupiter.api.Test
    void softmaxBackwardIsTheJacobianProduct() {
        int cols = 5;
        double[] x = {0.3, -1.2, 2.0, 0.0, 0.7}, dy = {0.5, -0.1, 0.2, 0.9, -0.4};
        Tensor tx = b.allocate(cols), ty = b.allocate(cols), tdy = b.allocate(cols), tdx = b.allocate(cols);
        b.writeDouble(tx, x);
        b.writeDouble(tdy, dy);
        b.softmax(tx, ty, 1, cols);
        b.softmaxBackward(ty, tdy, tdx, 1, cols);
        double[] dx = b.readDouble(tdx);
        for (int i = 0; i < cols; i++) {
            double h = 1e-6;
            double[] xp = x.clone(), xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double numeric = (dot(softmax(xp), dy) - dot(softmax(xm), dy)) / (2 * h);
            assertThat(dx[i]).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-8));
        }
    }

    @org.junit.jupiter.api.Test
    void logSoftmaxIsTheLogOfSoftmaxAndStaysFinite() {
        double[] x = {0.3, -1.2, 2.0, 0.0, 0.7}, s = softmax(x);
        Tensor tx = b.allocate(5), ty = b.allocate(5);
        b.writeDouble(tx, x);
        b.logSoftmax(tx, ty, 1, 5);
        double[] y = b.readDouble(ty);
        for (int i = 0; i < 5; i++) {
            assertThat(y[i]).isCloseTo(Math.log(s[i]), org.assertj.core.data.Offset.offset(1e-12));
        }
        b.writeDouble(tx, new double[] {0, -2000, 0, 0, 0});
        b.logSoftmax(tx, ty, 1, 5);
        assertThat(b.readDouble(ty)[1]).isCloseTo(-2000 - Math.log(4), org.assertj.core.data.Offset.offset(1e-9));
    }

    private double[] softmax(double[] x) {
        Tensor tx = b.allocate(x.length), ty = b.allocate(x.length);
        b.writeDouble(tx, x);
        b.softmax(tx, ty, 1, x.length);
        return b.readDouble(ty);
    }

    private static double dot(double[] a, double[] c) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * c[i];
        }
        return s;
    }
}
