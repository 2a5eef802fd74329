package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layercanvas.engine.Networks.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.GraphException;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.EarlyStopping;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

class TrainerTest {
    static final Dataset XOR = new Dataset(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, Shape.of(2), new float[] {0, 1, 1, 0}, Shape.of(1), 4);

    static Plan compile(Network net, int batch) {
        return new Compiler(LayerRegistry.standard()).compile(net, new ReferenceBackend(), batch);
    }

    static TrainingConfig config(String loss, String optimizer, Map<String, Object> opt, int batch, int epochs, double split, EarlyStopping es) {
        return new TrainingConfig(loss, false, List.of("accuracy"), new OptimizerConfig(optimizer, opt), batch, epochs, 42, split, es);
    }

    @Test
    void learnsXor() {
        Plan plan = compile(chain("in", "Input", Map.of("shape", List.of(2)),
                "h", "Dense", Map.of("units", 8, "activation", "tanh"),
                "out", "Dense", Map.of("units", 1, "activation", "sigmoid")), 4);
        plan.initialize(1);
        Trainer t = new Trainer(plan, config("binary_crossentropy", "adam", Map.of("learning_rate", 0.05), 4, 300, 0, null));
        History h = t.fit(XOR, TrainingListener.NONE);
        assertThat(h.epochs()).hasSize(300);
        assertThat(h.epochs().get(299).values().get("loss")).isLessThan(h.epochs().get(0).values().get("loss") / 10);
        assertThat(t.evaluate(XOR).get("accuracy")).isEqualTo(1.0);
    }

    @Test
    void sameSeedGivesTheSameRun() {
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            Plan plan = compile(chain("in", "Input", Map.of("shape", List.of(2)),
                    "h", "Dense", Map.of("units", 8, "activation", "relu"),
                    "drop", "Dropout", Map.of("rate", 0.2),
                    "out", "Dense", Map.of("units", 1, "activation", "sigmoid")), 2);
            plan.initialize(3);
            History h = new Trainer(plan, config("binary_crossentropy", "sgd", Map.of("momentum", 0.9), 2, 5, 0, null)).fit(XOR, TrainingListener.NONE);
            losses[run] = h.epochs().get(4).values().get("loss");
        }
        assertThat(losses[0]).isEqualTo(losses[1]);
    }

    @Test
    void earlyStoppingEndsWhenValidationLossStallsAndValidationComesFromTheEnd() {
        Random r = new Random(0);
        int n = 200;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
            y[i] = (float) r.nextGaussian(); // pure noise: nothing to learn, val_loss stops improving
        }
        Plan plan = compile(chain("in", "Input", Map.of("shape", List.of(1)),
                "h", "Dense", Map.of("units", 32, "activation", "relu"),
                "out", "Dense", Map.of("units", 1)), 16);
        plan.initialize(1);
        Trainer t = new Trainer(plan, new TrainingConfig("mse", false, List.of("mae"), new OptimizerConfig("adam", Map.of("learning_rate", 0.01)),
                16, 200, 42, 0.25, new EarlyStopping(3, 0)));
        List<EpochResult> seen = new ArrayList<>();
        History h = t.fit(new Dataset(x, Shape.of(1), y, Shape.of(1), n), new TrainingListener() {
            @Override
            public void epochEnd(EpochResult result) {
                seen.add(result);
            }
        });
        assertThat(h.stoppedEarly()).isTrue();
        assertThat(h.epochs()).hasSizeLessThan(200).isEqualTo(seen);
        assertThat(h.epochs().get(0).values()).containsKeys("loss", "mae", "val_loss", "val_mae");
    }

    @Test
    void perceptronAppliesRosenblattsRule() {
        Plan plan = compile(chain("in", "Input", Map.of("shape", List.of(2)),
                "out", "Dense", Map.of("units", 1, "activation", "sign", "kernel_initializer", "zeros")), 4);
        plan.initialize(0);
        // one batch of four: with w = 0, b = 0 every output is sign(0) = +1; the two t = -1 samples are mistakes
        Dataset d = new Dataset(new float[] {1, 2, -1, 0.5f, 2, -1, -3, -2}, Shape.of(2), new float[] {1, -1, 1, -1}, Shape.of(1), 4);
        new Trainer(plan, new TrainingConfig("mse", false, List.of(), new OptimizerConfig("perceptron", Map.of("learning_rate", 0.5)),
                4, 1, 42, 0, null)).fit(d, TrainingListener.NONE);
        // Δw = η Σ_mistakes t·x = 0.5·(−(−1, 0.5) − (−3, −2)) = 0.5·(4, 1.5); Δb = 0.5·(−1 −1) = −1
        float[] w = plan.weights().get(0).values(), b = plan.weights().get(1).values();
        assertThat(w).containsExactly(2f, 0.75f);
        assertThat(b).containsExactly(-1f);
    }

    @Test
    void badConfigurationsAreRefusedWithAReason() {
        Plan plan = compile(chain("in", "Input", Map.of("shape", List.of(2)), "out", "Dense", Map.of("units", 3)), 4);
        assertThatThrownBy(() -> new Trainer(plan, config("hinge", "adam", Map.of(), 4, 1, 0, null)))
                .hasMessage("unknown loss 'hinge' (known: mse, binary_crossentropy, categorical_crossentropy)");
        assertThatThrownBy(() -> new Trainer(plan, config("mse", "adam", Map.of("lr", 0.1), 4, 1, 0, null)))
                .hasMessage("optimizer adam has no parameter 'lr'");
        assertThatThrownBy(() -> new Trainer(plan, config("mse", "adam", Map.of(), 4, 1, 0, new EarlyStopping(2, 0))))
                .hasMessageContaining("set validation_split above 0");
        Trainer t = new Trainer(plan, config("categorical_crossentropy", "adam", Map.of(), 4, 1, 0, null));
        assertThatThrownBy(() -> t.fit(new Dataset(new float[2], Shape.of(2), new float[1], Shape.of(1), 1), TrainingListener.NONE))
                .hasMessageContaining("set data.preprocess.one_hot to 3");
        assertThatThrownBy(() -> compile(chain("in", "Input", Map.of("shape", List.of(2)), "d", "Dense", Map.of()), 4))
                .isInstanceOf(GraphException.class).hasMessageContaining("Dense 'd' needs the parameter 'units'");
    }
}
