package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.ParamTensor;

/** The divergence guard and Keras's gradient clipping. */
class GuardAndClippingTest {
    static Parameter parameter(ReferenceBackend b, String node, float[] grad) {
        Parameter p = new Parameter(node, new ParamTensor("weight", Shape.of(grad.length), "zeros", true), b.allocate(grad.length),
                b.allocate(grad.length));
        b.write(p.grad(), grad, 0, grad.length);
        return p;
    }

    static float[] values(ReferenceBackend b, org.layercanvas.engine.spi.Tensor t, int n) {
        float[] v = new float[n];
        b.read(t, v, 0, n);
        return v;
    }

    @Test
    void clipnormScalesEachGradientByItsOwnNorm() {
        ReferenceBackend b = new ReferenceBackend();
        Parameter big = parameter(b, "a", new float[] {3, 4}), small = parameter(b, "b", new float[] {0.3f, 0.4f});
        // plain SGD with learning rate 1: the step is minus the clipped gradient
        Optimizer sgd = Optimizers.create(new OptimizerConfig("sgd", Map.of("learning_rate", 1.0, "clipnorm", 1.0)));
        sgd.step(b, List.of(big, small), 1, 1);
        assertThat(values(b, big.value(), 2)).containsExactly(-0.6f, -0.8f); // norm 5 scaled to 1
        assertThat(values(b, small.value(), 2)).containsExactly(-0.3f, -0.4f); // norm 0.5: left alone, not scaled with the other
    }

    @Test
    void clipvalueLimitsEachValueAndPassesTheOthersExactly() {
        ReferenceBackend b = new ReferenceBackend();
        Parameter p = parameter(b, "a", new float[] {-7, -0.5f, 1e-8f, 0.25f, 2});
        Optimizers.create(new OptimizerConfig("adam", Map.of("clipvalue", 0.5))).step(b, List.of(p), 1, 1);
        assertThat(values(b, p.grad(), 5)).containsExactly(-0.5f, -0.5f, 1e-8f, 0.25f, 0.5f);
    }

    @Test
    void clipnormAndClipvalueTogetherAreRefusedAsInKeras() {
        assertThatThrownBy(() -> Optimizers.create(new OptimizerConfig("rmsprop", Map.of("clipnorm", 1.0, "clipvalue", 1.0))))
                .hasMessageContaining("clipnorm or clipvalue, not both");
    }

    /** 1e39 is infinite as a float: the reference backend computes in double precision, where 1e30 would not overflow. */
    static TrainingConfig sgd(double lr) {
        return new TrainingConfig("categorical_crossentropy", false, List.of("accuracy"), new OptimizerConfig("sgd", Map.of("learning_rate", lr)),
                ResumeTest.BATCH, 3, 42, 0, null);
    }

    /** No batch normalization, which would rescale the exploding weights. */
    static org.layercanvas.engine.compile.Plan mlp() {
        var plan = TrainerTest.compile(org.layercanvas.engine.Networks.chain("in", "Input", Map.of("shape", List.of(3)),
                "hidden", "Dense", Map.of("units", 6, "activation", "relu"),
                "out", "Dense", Map.of("units", 2, "activation", "softmax")), ResumeTest.BATCH);
        plan.initialize(7);
        return plan;
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingWhereAndTheFirstNonFiniteTensor() {
        var plan = mlp();
        assertThatThrownBy(() -> new Trainer(plan, sgd(1e39)).fit(ResumeTest.data(), TrainingListener.NONE))
                .isInstanceOf(TrainingDiverged.class)
                .hasMessageMatching("training diverged at epoch 1, batch \\d+: loss is (NaN|[+-]Infinity); first non-finite value in "
                        + "(node '\\w+' \\(activation\\)|parameter '\\w+/\\w+'|the gradient .*) — lower the learning rate or clip gradients "
                        + "\\(training.optimizer.clipnorm / clipvalue\\)");
    }

    @Test
    void onNonFiniteContinueTrainsOnAsBefore() {
        var plan = mlp();
        History h = new Trainer(plan, sgd(1e39).withOnNonFinite(TrainingConfig.CONTINUE)).fit(ResumeTest.data(), TrainingListener.NONE);
        assertThat(h.epochs()).hasSize(3);
        assertThat(h.epochs().get(2).values().get("loss")).isNaN();
    }
}
