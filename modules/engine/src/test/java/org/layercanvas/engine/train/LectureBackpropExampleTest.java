package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.layercanvas.engine.Networks.chain;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

/**
 * The lecture's worked example: a 2-2-1 sigmoid network, x = (0.2, 0.3), t = 0, loss (y−t)², SGD
 * with η = 1. The forward pass matches the slide (y = 0.77, loss = 0.60). The slide's gradients use
 * σ'(s) = σ(s)·σ(1−s); the correct derivative is σ(s)·(1−σ(s)), so the gradients and updated weights
 * here are computed by hand from that and differ from the slide (docs/lecture-backprop.md).
 */
class LectureBackpropExampleTest {
    static final double[][] W = {{0.1, 0.2}, {0.3, 0.4}};
    static final double[] B = {0.5, 0.5}, W2 = {0.5, 0.6};
    static final double B2 = 0.5;
    static final double[] X = {0.2, 0.3};

    static double sigmoid(double s) {
        return 1 / (1 + Math.exp(-s));
    }

    @Test
    void forwardPassAndOneStepOfGradientDescentFollowTheCorrectMath() {
        Plan plan = new Compiler(LayerRegistry.standard()).compile(chain(
                "x", "Input", Map.of("shape", List.of(2)),
                "hidden", "Dense", Map.of("units", 2, "activation", "sigmoid"),
                "y", "Dense", Map.of("units", 1, "activation", "sigmoid")), new ReferenceBackend(), 1);
        plan.loadWeights(List.of(
                new WeightTensor("hidden/weight", Shape.of(2, 2), new float[] {0.1f, 0.2f, 0.3f, 0.4f}),
                new WeightTensor("hidden/bias", Shape.of(2), new float[] {0.5f, 0.5f}),
                new WeightTensor("y/weight", Shape.of(1, 2), new float[] {0.5f, 0.6f}),
                new WeightTensor("y/bias", Shape.of(1), new float[] {0.5f})));
        TrainingConfig config = new TrainingConfig("mse", false, List.of(), new OptimizerConfig("sgd", Map.of("learning_rate", 1.0)),
                1, 1, 42, 0, null);
        Trainer trainer = new Trainer(plan, config);
        Dataset sample = new Dataset(new float[] {0.2f, 0.3f}, Shape.of(2), new float[] {0f}, Shape.of(1), 1);

        // forward, by hand: s1 = W x + b, x1 = σ(s1), s2 = W' x1 + b', y = σ(s2)
        double[] s1 = {W[0][0] * X[0] + W[0][1] * X[1] + B[0], W[1][0] * X[0] + W[1][1] * X[1] + B[1]};
        double[] x1 = {sigmoid(s1[0]), sigmoid(s1[1])};
        double y = sigmoid(W2[0] * x1[0] + W2[1] * x1[1] + B2);
        assertThat(s1[0]).isCloseTo(0.58, offset(1e-12));
        assertThat(s1[1]).isCloseTo(0.68, offset(1e-12));
        assertThat(y).isCloseTo(0.77, offset(0.005));
        assertThat(plan.predict(sample.features(), 1)[0]).isCloseTo((float) y, offset(1e-6f));
        assertThat(trainer.evaluate(sample).get("loss")).isCloseTo(y * y, offset(1e-6)).isCloseTo(0.60, offset(0.005));

        // backward, by hand with σ' = σ(1−σ): δ2 = 2(y−t)·y(1−y), δ1_i = δ2·W'_i·x1_i(1−x1_i)
        double delta2 = 2 * y * y * (1 - y);
        double[] delta1 = {delta2 * W2[0] * x1[0] * (1 - x1[0]), delta2 * W2[1] * x1[1] * (1 - x1[1])};
        assertThat(delta2).isCloseTo(0.2718, offset(1e-4));          // the slide says 0.53 for ∂ℓ/∂b'
        assertThat(delta2 * x1[0]).isCloseTo(0.1743, offset(1e-4));  // the slide says 0.34 for ∂ℓ/∂W'_1

        trainer.fit(sample, TrainingListener.NONE);
        Map<String, float[]> after = new java.util.HashMap<>();
        plan.weights().forEach(w -> after.put(w.name(), w.values()));
        double[] wantW = {W[0][0] - delta1[0] * X[0], W[0][1] - delta1[0] * X[1], W[1][0] - delta1[1] * X[0], W[1][1] - delta1[1] * X[1]};
        for (int i = 0; i < 4; i++) {
            assertThat((double) after.get("hidden/weight")[i]).isCloseTo(wantW[i], offset(1e-6));
        }
        assertThat((double) after.get("hidden/bias")[0]).isCloseTo(B[0] - delta1[0], offset(1e-6));
        assertThat((double) after.get("hidden/bias")[1]).isCloseTo(B[1] - delta1[1], offset(1e-6));
        assertThat((double) after.get("y/weight")[0]).isCloseTo(W2[0] - delta2 * x1[0], offset(1e-6));
        assertThat((double) after.get("y/weight")[1]).isCloseTo(W2[1] - delta2 * x1[1], offset(1e-6));
        assertThat((double) after.get("y/bias")[0]).isCloseTo(B2 - delta2, offset(1e-6));
        // the output moves towards the target t = 0
        assertThat(plan.predict(sample.features(), 1)[0]).isLessThan((float) y);
    }
}
