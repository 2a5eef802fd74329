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
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.project.EarlyStopping;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;

/** A run interrupted and continued from its checkpoint ends exactly (bitwise, on the java backend) as the run never interrupted. */
class ResumeTest {
    static final int ROWS = 50, BATCH = 8, EPOCHS = 4;

    static Dataset data() {
        Random r = new Random(5);
        float[] x = new float[ROWS * 3], y = new float[ROWS * 2];
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < 3; j++) {
                x[i * 3 + j] = (float) r.nextGaussian();
            }
            y[i * 2 + (x[i * 3] + x[i * 3 + 1] > 0 ? 1 : 0)] = 1;
        }
        return new Dataset(x, Shape.of(3), y, Shape.of(2), ROWS);
    }

    /** Dropout (random per step), batch normalization (running statistics) and Adam (moments): all state a resume must restore. */
    static Network network() {
        return chain("in", "Input", Map.of("shape", List.of(3)),
                "h", "Dense", Map.of("units", 6, "activation", "relu"),
                "bn", "BatchNormalization", Map.of(),
                "drop", "Dropout", Map.of("rate", 0.3),
                "out", "Dense", Map.of("units", 2, "activation", "softmax"));
    }

    static TrainingConfig config() {
        return new TrainingConfig("categorical_crossentropy", false, List.of("accuracy"), new OptimizerConfig("adam", Map.of("learning_rate", 0.01)),
                BATCH, EPOCHS, 42, 0.2, new EarlyStopping(50, 0));
    }

    static Plan plan() {
        Plan plan = TrainerTest.compile(network(), BATCH);
        plan.initialize(7);
        return plan;
    }

    record Outcome(List<WeightTensor> weights, List<EpochResult> epochs) {
    }

    static Outcome uninterrupted() {
        Plan plan = plan();
        History h = new Trainer(plan, config()).fit(data(), TrainingListener.NONE);
        return new Outcome(plan.weights(), h.epochs());
    }

    /** Counts batches and asks to stop (or fails, like a crash) once {@code after} have run. */
    static TrainingListener interruptAfter(int after, boolean crash, List<EpochResult> epochs) {
        return new TrainingListener() {
            int batches;

            @Override
            public void epochEnd(EpochResult result) {
                epochs.add(result);
            }

            @Override
            public void batchEnd(int epoch, int batch, double loss) {
                if (++batches == after && crash) {
                    throw new IllegalStateException("simulated crash");
                }
            }

            @Override
            public boolean stopRequested() {
                return batches >= after;
            }
        };
    }

    /** Trains until interrupted after {@code after} batches, then continues in a fresh plan and trainer from the last checkpoint. */
    static Outcome interruptedAndResumed(int after, boolean crash) {
        AtomicReference<Checkpoint> saved = new AtomicReference<>();
        List<EpochResult> epochs = new ArrayList<>();
        Plan first = plan();
        try {
            new Trainer(first, config()).fit(data(), interruptAfter(after, crash, epochs), saved::set, null);
            assertThat(crash).as("a stop request ends training without an exception").isFalse();
        } catch (IllegalStateException e) {
            assertThat(crash).isTrue();
        }
        Checkpoint c = saved.get();
        assertThat(c).isNotNull();
        epochs.subList(c.completedEpochs(), epochs.size()).clear(); // a crash loses what came after the checkpoint
        Plan second = TrainerTest.compile(network(), BATCH);
        second.initialize(99); // other weights: the checkpoint must replace them all
        epochs.addAll(new Trainer(second, config()).fit(data(), TrainingListener.NONE, null, c).epochs());
        return new Outcome(second.weights(), epochs);
    }

    static void assertSame(Outcome resumed, Outcome expected) {
        assertThat(resumed.weights()).hasSameSizeAs(expected.weights());
        for (int i = 0; i < expected.weights().size(); i++) {
            assertThat(resumed.weights().get(i).name()).isEqualTo(expected.weights().get(i).name());
            assertThat(resumed.weights().get(i).values()).as(expected.weights().get(i).name()).containsExactly(expected.weights().get(i).values());
        }
        assertThat(resumed.epochs()).hasSameSizeAs(expected.epochs());
        for (int i = 0; i < expected.epochs().size(); i++) {
            assertThat(resumed.epochs().get(i).values()).as("epoch " + (i + 1)).isEqualTo(expected.epochs().get(i).values());
        }
    }

    @Test
    void stoppedMidEpochAndResumedEqualsTheUninterruptedRun() {
        // 40 training rows in batches of 8: 5 per epoch; 7 batches stop in the middle of epoch 2
        assertSame(interruptedAndResumed(7, false), uninterrupted());
    }

    @Test
    void crashedMidEpochAndResumedFromTheLastEpochEndEqualsTheUninterruptedRun() {
        assertSame(interruptedAndResumed(13, true), uninterrupted());
    }

    @Test
    void stoppedAtAnEpochEndAndResumedEqualsTheUninterruptedRun() {
        assertSame(interruptedAndResumed(10, false), uninterrupted());
    }

    @Test
    void aCheckpointAfterEveryBatchWhenCheckpointMinutesIsZero() {
        List<Checkpoint> saved = new ArrayList<>();
        Plan plan = plan();
        new Trainer(plan, config().withEpochs(1).withCheckpointMinutes(0)).fit(data(), TrainingListener.NONE, saved::add, null);
        assertThat(saved).extracting(c -> c.metadata().get(Checkpoint.BATCH)).containsExactly("1", "2", "3", "4", "0");
        assertThat(saved.get(4).metadata().get(Checkpoint.EPOCH)).isEqualTo("2");
        assertThat(saved.get(0).tensors()).extracting(Checkpoint.Values::name).contains("h/weight", "bn/running_mean", "optimizer/h/weight/m",
                "optimizer/h/weight/v", Checkpoint.PREDICTIONS);
    }

    @Test
    void aCheckpointOfAnotherSeedIsRefused() {
        AtomicReference<Checkpoint> saved = new AtomicReference<>();
        new Trainer(plan(), config().withEpochs(1)).fit(data(), TrainingListener.NONE, saved::set, null);
        TrainingConfig other = new TrainingConfig("categorical_crossentropy", false, List.of("accuracy"),
                new OptimizerConfig("adam", Map.of("learning_rate", 0.01)), BATCH, EPOCHS, 43, 0.2, null);
        assertThatThrownBy(() -> new Trainer(plan(), other).fit(data(), TrainingListener.NONE, null, saved.get()))
                .hasMessageContaining("seed 42").hasMessageContaining("43");
    }

    @Test
    void resumableRandomDrawsJavaUtilRandomsNumbersAndContinuesFromItsState() {
        Random reference = new Random(42);
        ResumableRandom r = new ResumableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(r.nextInt(i + 1)).isEqualTo(reference.nextInt(i + 1));
            assertThat(r.nextGaussian()).isEqualTo(reference.nextGaussian()); // every other call uses the spare value
            assertThat(r.nextDouble()).isEqualTo(reference.nextDouble());
            assertThat(r.nextFloat()).isEqualTo(reference.nextFloat());
        }
        assertThat(r.nextGaussian()).isEqualTo(reference.nextGaussian());
        ResumableRandom copy = ResumableRandom.fromState(r.state()); // a spare Gaussian is pending now
        for (int i = 0; i < 100; i++) {
            assertThat(copy.nextGaussian()).isEqualTo(reference.nextGaussian());
            assertThat(copy.nextLong()).isEqualTo(reference.nextLong());
        }
    }
}
