package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layercanvas.engine.Networks.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

/**
 * A GAN run stopped in the middle of an epoch and continued from its checkpoint ends bitwise as the run never
 * stopped, its data in memory or streamed in small shuffle buffers; a loss that is not a number stops it as diverged.
 */
class GanResumeTest {
    static final int BATCH = 8, ROWS = 100, EPOCHS = 3;

    record Gan(Plan generator, Plan discriminator) {
        List<WeightTensor> weights() {
            List<WeightTensor> all = new ArrayList<>(generator.weights());
            all.addAll(discriminator.weights());
            return all;
        }
    }

    static Gan gan(long seed) {
        ReferenceBackend b = new ReferenceBackend();
        Compiler compiler = new Compiler(LayerRegistry.standard());
        Plan g = compiler.compile(chain("z", "Input", Map.of("shape", List.of(2)), "g1", "Dense", Map.of("units", 3)), b, BATCH);
        Plan d = compiler.compile(chain("x", "Input", Map.of("shape", List.of(3)), "d1", "Dense", Map.of("units", 8, "activation", "tanh"),
                "drop", "Dropout", Map.of("rate", 0.2), "d2", "Dense", Map.of("units", 1, "activation", "sigmoid")), b, 2 * BATCH, true);
        g.initialize(seed);
        d.initialize(seed + 1);
        return new Gan(g, d);
    }

    static Dataset data() {
        Random r = new Random(4);
        float[] x = new float[ROWS * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (1 + r.nextGaussian());
        }
        return new Dataset(x, Shape.of(3), new float[ROWS], Shape.of(1), ROWS);
    }

    static TrainingConfig config(double learningRate) {
        return new TrainingConfig("binary_crossentropy", false, List.of(), new OptimizerConfig("adam", Map.of("learning_rate", learningRate)),
                BATCH, EPOCHS, 42, 0, null, TrainingConfig.GAN);
    }

    private static List<WeightTensor> uninterrupted(Samples data) {
        Gan gan = gan(1);
        new GanTrainer(gan.generator(), gan.discriminator(), config(0.01)).fit(data, TrainingListener.NONE);
        return gan.weights();
    }

    /** Stopped after {@code after} batches, continued in fresh networks (other initial weights) from the checkpoint. */
    private static List<WeightTensor> resumed(Samples data, int after) {
        AtomicReference<Checkpoint> saved = new AtomicReference<>();
        Gan first = gan(1);
        new GanTrainer(first.generator(), first.discriminator(), config(0.01).withCheckpointMinutes(0))
                .fit(data, ResumeTest.interruptAfter(after, false, new ArrayList<>()), saved::set, null);
        Gan second = gan(77);
        new GanTrainer(second.generator(), second.discriminator(), config(0.01)).fit(data, TrainingListener.NONE, null, saved.get());
        return second.weights();
    }

    private static void assertSameWeights(List<WeightTensor> actual, List<WeightTensor> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).values()).as(expected.get(i).name()).containsExactly(expected.get(i).values());
        }
    }

    @Test
    void stoppedMidEpochAndResumedEqualsTheUninterruptedRun() {
        // 100 rows in batches of 8: 12 batches an epoch; 17 stop in the middle of epoch 2
        assertSameWeights(resumed(data(), 17), uninterrupted(data()));
    }

    @Test
    void streamedInSmallBuffersItResumesExactlyToo() {
        Samples streamed = new StreamedTrainingTest.Streamed(data(), 6, 20);
        List<WeightTensor> once = uninterrupted(streamed);
        assertSameWeights(uninterrupted(new StreamedTrainingTest.Streamed(data(), 6, 20)), once);
        assertSameWeights(resumed(new StreamedTrainingTest.Streamed(data(), 6, 20), 17), once);
    }

    @Test
    void aLossThatIsNotANumberStopsTheRunAsDiverged() {
        Dataset data = data();
        data.features()[5 * 3] = Float.NaN; // a real sample the discriminator turns into a NaN loss
        Gan gan = gan(1);
        assertThatThrownBy(() -> new GanTrainer(gan.generator(), gan.discriminator(), config(0.01)).fit(data, TrainingListener.NONE))
                .isInstanceOf(TrainingDiverged.class).hasMessageContaining("the discriminator's loss");
    }
}
