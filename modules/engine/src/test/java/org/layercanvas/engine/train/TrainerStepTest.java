package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

/**
 * Stepping batch K gives what training gives at batch K: from the weights training had before it, one SGD step lands on
 * the weights training has after it, bit for bit, with the same loss; so the shuffle order, the validation split and the
 * dropout draws are training's.
 */
class TrainerStepTest {
    /** 50 samples, 20 % held out: 40 train in 5 batches of 8 per epoch. */
    private static final Dataset DATA = data();
    private static final TrainingConfig SGD = new TrainingConfig("categorical_crossentropy", false, List.of(),
            new OptimizerConfig("sgd", Map.of("learning_rate", 0.1)), 8, 3, 42, 0.2, null);

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 7, 14})
    void steppingBatchKWithAnUpdateLandsOnTheWeightsTrainingHasAfterIt(int k) {
        try (Plan before = plan(); Plan after = plan()) {
            trainBatches(before, k);
            List<Double> losses = trainBatches(after, k + 1);
            BatchStep step = new Trainer(before, SGD).step(DATA, k, true);
            assertThat(step.epoch()).isEqualTo(k / 5 + 1);
            assertThat(step.batch()).isEqualTo(k % 5);
            assertThat(step.rows()).isEqualTo(8);
            assertThat(step.loss()).isEqualTo(losses.get(k));
            for (WeightTensor w : after.weights()) {
                assertThat(tensor(step, w.name() + ".next")).as(w.name()).containsExactly(w.values());
            }
        }
    }

    @Test
    void everyNodesOutputAndGradientAndEveryParametersGradientIsThere() {
        try (Plan plan = plan()) {
            BatchStep step = new Trainer(plan, SGD).step(DATA, 2, false);
            assertThat(step.tensors()).extracting(WeightTensor::name).containsExactly("inputs", "targets",
                    "in/output", "hidden/output", "hidden/grad_output", "drop/output", "drop/grad_output", "out/output", "out/grad_output",
                    "hidden/weight", "hidden/weight.grad", "hidden/bias", "hidden/bias.grad", "out/weight", "out/weight.grad", "out/bias",
                    "out/bias.grad");
            assertThat(step.tensors().get(0).shape()).isEqualTo(Shape.of(8, 4));
            assertThat(step.tensors().get(3).shape()).isEqualTo(Shape.of(8, 6));
            // without an update the weights are untouched
            assertThat(tensor(step, "hidden/weight")).containsExactly(plan.weights().get(0).values());
            // dropout zeroes what it drops, and passes no gradient there
            float[] dropped = tensor(step, "drop/output"), back = tensor(step, "drop/grad_output"), into = tensor(step, "hidden/grad_output");
            for (int i = 0; i < dropped.length; i++) {
                if (dropped[i] == 0 && tensor(step, "hidden/output")[i] != 0) {
                    assertThat(into[i]).isZero();
                }
            }
            assertThat(back).isNotEqualTo(new float[back.length]);
        }
    }

    @Test
    void aBatchPastTheLastEpochIsRefusedWithTheRange() {
        try (Plan plan = plan()) {
            assertThatThrownBy(() -> new Trainer(plan, SGD).step(DATA, 15, false))
                    .hasMessage("there is no batch 15: training has batches 0 to 14 (3 epochs of 5 batches)");
        }
    }

    private static float[] tensor(BatchStep step, String name) {
        return step.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().values();
    }

    /** Trains the first {@code n} batches; returns each one's loss. */
    private static List<Double> trainBatches(Plan plan, int n) {
        List<Double> losses = new ArrayList<>();
        new Trainer(plan, SGD).fit(DATA, new TrainingListener() {
            @Override
            public void batchEnd(int epoch, int batch, double loss) {
                losses.add(loss);
            }

            @Override
            public boolean stopRequested() {
                return losses.size() >= n;
            }
        });
        return losses;
    }

    private static Plan plan() {
        List<Node> nodes = List.of(new Node("in", "Input", Map.of("shape", List.of(4))),
                new Node("hidden", "Dense", Map.of("units", 6, "activation", "relu")),
                new Node("drop", "Dropout", Map.of("rate", 0.3)),
                new Node("out", "Dense", Map.of("units", 3, "activation", "softmax")));
        List<Edge> edges = List.of(new Edge("in", "hidden"), new Edge("hidden", "drop"), new Edge("drop", "out"));
        Plan plan = new Compiler(LayerRegistry.standard()).compile(new Network("main", nodes, edges), new ReferenceBackend(), 8);
        plan.initialize(1);
        return plan;
    }

    private static Dataset data() {
        Random r = new Random(9);
        float[] x = new float[50 * 4], y = new float[50 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < 50; i++) {
            y[i * 3 + r.nextInt(3)] = 1;
        }
        return new Dataset(x, Shape.of(4), y, Shape.of(3), 50);
    }
}
