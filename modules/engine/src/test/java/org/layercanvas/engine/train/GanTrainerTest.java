package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.layercanvas.engine.Networks.chain;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

/** A one-dimensional GAN: the generator learns to turn N(0, 1) noise into samples of N(3, 0.5²). */
class GanTrainerTest {
    @Test
    void generatorLearnsTheDataDistribution() {
        ReferenceBackend b = new ReferenceBackend();
        Compiler compiler = new Compiler(LayerRegistry.standard());
        int batch = 32;
        Plan g = compiler.compile(chain("z", "Input", Map.of("shape", List.of(1)),
                "g1", "Dense", Map.of("units", 1)), b, batch);
        Plan d = compiler.compile(chain("x", "Input", Map.of("shape", List.of(1)),
                "d1", "Dense", Map.of("units", 16, "activation", "tanh"),
                "d2", "Dense", Map.of("units", 1, "activation", "sigmoid")), b, 2 * batch, true);
        g.initialize(1);
        d.initialize(2);
        Random r = new Random(5);
        int n = 2048;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (3 + 0.5 * r.nextGaussian());
        }
        TrainingConfig config = new TrainingConfig("binary_crossentropy", false, List.of(), new OptimizerConfig("adam", Map.of("learning_rate", 0.01)),
                batch, 30, 42, 0, null, TrainingConfig.GAN);
        GanTrainer gan = new GanTrainer(g, d, config);
        float[] before = GanTrainer.samples(g, 1000, 9);
        History h = gan.fit(new Dataset(x, Shape.of(1), new float[n], Shape.of(1), n), TrainingListener.NONE);
        assertThat(h.epochs()).hasSize(30);
        assertThat(h.epochs().get(0).values()).containsKeys("d_loss", "g_loss");
        float[] after = GanTrainer.samples(g, 1000, 9);
        assertThat(Math.abs(mean(before) - 3)).isGreaterThan(1.5);
        assertThat(mean(after)).isBetween(2.6, 3.4);
        assertThat(std(after)).isBetween(0.1, 1.2);
    }

    static double mean(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s / v.length;
    }

    static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float f : v) {
            s += (f - m) * (f - m);
        }
        return Math.sqrt(s / v.length);
    }
}
