package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;
import static org.layercanvas.engine.Networks.chain;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

/**
 * LDA and QDA against the lecture's derivation computed independently here: means and
 * maximum-likelihood covariances by hand, 2×2 inverses by the explicit formula, and P(t=1|x) by
 * Bayes' rule over the Gaussian densities themselves (not the expanded linear/quadratic forms).
 */
class ClosedFormModelsTest {
    // class 0: 4 points, class 1: 3 points (priors 4/7, 3/7)
    static final float[] X = {0, 0, 2, 1, 1, 3, -1, 1, 4, 4, 6, 5, 5, 7};
    static final float[] T = {0, 0, 0, 0, 1, 1, 1};

    static double[] mean(int k) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0; i < T.length; i++) {
            if (T[i] == k) {
                sx += X[2 * i];
                sy += X[2 * i + 1];
                n++;
            }
        }
        return new double[] {sx / n, sy / n};
    }

    static double[][] cov(int k) {
        double[] m = mean(k);
        double[][] c = new double[2][2];
        int n = 0;
        for (int i = 0; i < T.length; i++) {
            if (T[i] == k) {
                double dx = X[2 * i] - m[0], dy = X[2 * i + 1] - m[1];
                c[0][0] += dx * dx;
                c[0][1] += dx * dy;
                c[1][1] += dy * dy;
                n++;
            }
        }
        c[0][0] /= n;
        c[0][1] /= n;
        c[1][1] /= n;
        c[1][0] = c[0][1];
        return c;
    }

    static double density(double[] x, double[] m, double[][] c) {
        double det = c[0][0] * c[1][1] - c[0][1] * c[1][0];
        double dx = x[0] - m[0], dy = x[1] - m[1];
        double q = (c[1][1] * dx * dx - 2 * c[0][1] * dx * dy + c[0][0] * dy * dy) / det;
        return Math.exp(-0.5 * q) / (2 * Math.PI * Math.sqrt(det));
    }

    static Plan fitted(String type) {
        Plan plan = new Compiler(LayerRegistry.standard()).compile(chain("x", "Input", Map.of("shape", List.of(2)), "m", type, Map.of()),
                new ReferenceBackend(), 8);
        new Trainer(plan, new TrainingConfig("binary_crossentropy", false, List.of("accuracy"), new OptimizerConfig("sgd", Map.of()), 8, 1, 42, 0, null))
                .fit(new Dataset(X, Shape.of(2), T, Shape.of(1), T.length), TrainingListener.NONE);
        return plan;
    }

    @Test
    void ldaEqualsTheBayesPosteriorWithTheSharedCovariance() {
        double p0 = 4.0 / 7, p1 = 3.0 / 7;
        double[][] c0 = cov(0), c1 = cov(1), s = new double[2][2];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                s[a][b] = p0 * c0[a][b] + p1 * c1[a][b];
            }
        }
        double det = s[0][0] * s[1][1] - s[0][1] * s[1][0];
        double[] dm = {mean(1)[0] - mean(0)[0], mean(1)[1] - mean(0)[1]};
        double[] w = {(s[1][1] * dm[0] - s[0][1] * dm[1]) / det, (-s[1][0] * dm[0] + s[0][0] * dm[1]) / det};
        Plan plan = fitted("LDA");
        float[] weight = plan.weights().get(0).values();
        assertThat((double) weight[0]).isCloseTo(w[0], offset(1e-6));
        assertThat((double) weight[1]).isCloseTo(w[1], offset(1e-6));
        for (double[] x : new double[][] {{1, 1}, {3, 3}, {5, 2}, {-2, 6}}) {
            double a = p1 * density(x, mean(1), s), b = p0 * density(x, mean(0), s);
            float got = plan.predict(new float[] {(float) x[0], (float) x[1]}, 1)[0];
            assertThat((double) got).as("P(t=1|%s)", java.util.Arrays.toString(x)).isCloseTo(a / (a + b), offset(1e-6));
        }
    }

    @Test
    void qdaEqualsTheBayesPosteriorWithPerClassCovariances() {
        double p0 = 4.0 / 7, p1 = 3.0 / 7;
        Plan plan = fitted("QDA");
        for (double[] x : new double[][] {{1, 1}, {3, 3}, {5, 2}, {-2, 6}, {4.5, 5.5}}) {
            double a = p1 * density(x, mean(1), cov(1)), b = p0 * density(x, mean(0), cov(0));
            float got = plan.predict(new float[] {(float) x[0], (float) x[1]}, 1)[0];
            assertThat((double) got).as("P(t=1|%s)", java.util.Arrays.toString(x)).isCloseTo(a / (a + b), offset(1e-6));
        }
    }

    @Test
    void degenerateDataIsExplained() {
        Plan plan = new Compiler(LayerRegistry.standard()).compile(chain("x", "Input", Map.of("shape", List.of(2)), "m", "QDA", Map.of()),
                new ReferenceBackend(), 8);
        Trainer t = new Trainer(plan, new TrainingConfig("binary_crossentropy", false, List.of(), new OptimizerConfig("sgd", Map.of()), 8, 1, 42, 0, null));
        float[] collinear = {0, 0, 1, 1, 2, 2, 3, 3, 5, 1, 6, 0, 5, 4};
        assertThatThrownBy(() -> t.fit(new Dataset(collinear, Shape.of(2), T, Shape.of(1), 7), TrainingListener.NONE))
                .hasMessageContaining("QDA 'm': the covariance of class 0 is singular");
        assertThatThrownBy(() -> t.fit(new Dataset(X, Shape.of(2), new float[7], Shape.of(1), 7), TrainingListener.NONE))
                .hasMessageContaining("need training samples of both classes");
    }
}
