package org.layercanvas.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.layercanvas.engine.Networks.chain;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.Tensor;

/**
 * LayerNormalization alone on the double-precision reference backend: its forward pass against the
 * formula, and its input, weight and bias gradients against central finite differences of
 * L = Σ r·y for a fixed random r (not symmetric: a constant r would see no gradient through the
 * normalization at all), for samples of shape [d] and [t, d], with random weight and bias.
 */
class LayerNormalizationGradientTest {
    private static final int BATCH = 3, D = 5;
    private static final double EPS = 0.01;

    private static Plan compile(int steps) {
        List<Integer> shape = steps == 0 ? List.of(D) : List.of(steps, D);
        return new Compiler(LayerRegistry.standard()).compile(chain("in", "Input", Map.of("shape", shape),
                "ln", "LayerNormalization", Map.of("epsilon", EPS)), new ReferenceBackend(), BATCH, true);
    }

    /** Plan with random weight and bias and a random input written; returns the input. */
    private static double[] prepare(Plan plan, Random random) {
        ReferenceBackend b = (ReferenceBackend) plan.backend();
        for (Parameter p : plan.parameters()) {
            b.writeDouble(p.value(), randoms(random, p.size(), 1));
        }
        double[] x = randoms(random, BATCH * plan.inputShape().size(), 2);
        b.writeDouble(plan.input(), x);
        return x;
    }

    @ParameterizedTest(name = "samples of {0} steps (0: a vector)")
    @ValueSource(ints = {0, 4})
    void forwardIsTheFormulaInTrainingAndInference(int steps) {
        try (Plan plan = compile(steps)) {
            ReferenceBackend b = (ReferenceBackend) plan.backend();
            double[] x = prepare(plan, new Random(5));
            double[] w = b.readDouble(param(plan, "weight").value()), bias = b.readDouble(param(plan, "bias").value());
            double[] want = new double[x.length];
            for (int row = 0; row < x.length / D; row++) {
                double mean = 0, var = 0;
                for (int c = 0; c < D; c++) {
                    mean += x[row * D + c] / D;
                }
                for (int c = 0; c < D; c++) {
                    var += Math.pow(x[row * D + c] - mean, 2) / D;
                }
                for (int c = 0; c < D; c++) {
                    want[row * D + c] = (x[row * D + c] - mean) / Math.sqrt(var + EPS) * w[c] + bias[c];
                }
            }
            // within 1e-9, not exactly: backends take epsilon as a float (0.01f)
            for (boolean training : new boolean[] {true, false}) {
                plan.forward(BATCH, training, 1);
                double[] got = b.readDouble(plan.output());
                for (int i = 0; i < want.length; i++) {
                    assertThat(got[i]).as("training=%s y[%d]", training, i).isCloseTo(want[i], within(1e-9));
                }
            }
        }
    }

    @ParameterizedTest(name = "samples of {0} steps (0: a vector)")
    @ValueSource(ints = {0, 4})
    void gradientsMatchFiniteDifferences(int steps) {
        try (Plan plan = compile(steps)) {
            ReferenceBackend b = (ReferenceBackend) plan.backend();
            Random random = new Random(11);
            prepare(plan, random);
            double[] r = randoms(random, BATCH * plan.outputShape().size(), 1);
            plan.forward(BATCH, true, 0);
            b.writeDouble(plan.outputGrad(), r);
            plan.backward(BATCH);
            check(plan, "input", plan.input(), plan.inputGrad(), r);
            for (Parameter p : plan.parameters()) {
                check(plan, p.qualifiedName(), p.value(), p.grad(), r);
            }
        }
    }

    private static void check(Plan plan, String what, Tensor value, Tensor grad, double[] r) {
        ReferenceBackend b = (ReferenceBackend) plan.backend();
        double[] analytic = b.readDouble(grad), values = b.readDouble(value);
        int n = what.equals("input") ? BATCH * plan.inputShape().size() : values.length;
        for (int i = 0; i < n; i++) {
            double h = 1e-6, saved = values[i];
            values[i] = saved + h;
            double up = objective(plan, value, values, r);
            values[i] = saved - h;
            double down = objective(plan, value, values, r);
            values[i] = saved;
            b.writeDouble(value, values);
            double numeric = (up - down) / (2 * h);
            assertThat(Math.abs(analytic[i] - numeric)).as("d/d %s[%d]: analytic %s numeric %s", what, i, analytic[i], numeric)
                    .isLessThanOrEqualTo(1e-6 * Math.max(1, Math.abs(numeric)));
        }
    }

    private static double objective(Plan plan, Tensor value, double[] values, double[] r) {
        ReferenceBackend b = (ReferenceBackend) plan.backend();
        b.writeDouble(value, values);
        plan.forward(BATCH, true, 0);
        double[] y = b.readDouble(plan.output());
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += r[i] * y[i];
        }
        return s;
    }

    private static Parameter param(Plan plan, String name) {
        return plan.parameters().stream().filter(p -> p.spec().name().equals(name)).findFirst().orElseThrow();
    }

    private static double[] randoms(Random random, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return v;
    }
}
