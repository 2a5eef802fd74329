package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.layercanvas.engine.Networks.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.train.GanTrainer;
import org.layercanvas.engine.train.History;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.engine.api.WeightTensor;

class InsightCollectorTest {
    static final Compiler COMPILER = new Compiler(LayerRegistry.standard());

    /** Keeps every event; thread-safe so a test thread may read while training runs. */
    static class Recorder implements RunEvents {
        final List<BatchRecord> batches = new CopyOnWriteArrayList<>();
        final List<Long> batchWallNanos = new CopyOnWriteArrayList<>();
        final List<LayerSnapshot> snapshots = new CopyOnWriteArrayList<>();
        final List<EpochRecord> epochs = new CopyOnWriteArrayList<>();

        @Override
        public void started(RunInfo info) {
        }

        @Override
        public void batch(BatchRecord batch) {
            batches.add(batch);
            batchWallNanos.add(System.nanoTime());
        }

        @Override
        public void layers(LayerSnapshot snapshot) {
            snapshots.add(snapshot);
        }

        @Override
        public void epoch(EpochRecord epoch) {
            epochs.add(epoch);
        }

        @Override
        public void finished(RunOutcome outcome) {
        }
    }

    /** Two Gaussian blobs in the plane, class 0 around (-1, -1) and class 1 around (1, 1.5), alternating. */
    static Dataset blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x[2 * i] = (float) ((c == 0 ? -1 : 1) + 0.6 * r.nextGaussian());
            x[2 * i + 1] = (float) ((c == 0 ? -1 : 1.5) + 0.6 * r.nextGaussian());
            y[i] = c;
        }
        return new Dataset(x, Shape.of(2), y, Shape.of(1), n);
    }

    static Plan classifier(int maxBatch, long seed) {
        Plan plan = COMPILER.compile(chain("in", "Input", Map.of("shape", List.of(2)),
                "h", "Dense", Map.of("units", 6, "activation", "tanh"),
                "out", "Dense", Map.of("units", 1, "activation", "sigmoid")), new ReferenceBackend(), maxBatch);
        plan.initialize(seed);
        return plan;
    }

    static TrainingConfig config(String loss, List<String> metrics, String optimizer, Map<String, Object> opt, int batch, int epochs,
                                 double split) {
        return new TrainingConfig(loss, false, metrics, new OptimizerConfig(optimizer, opt), batch, epochs, 42, split, null);
    }

    /** Tests that count looks give them any time they take, so the counts do not depend on the machine's speed. */
    static final double UNLIMITED = Double.POSITIVE_INFINITY;

    static InsightCollector collector(Plan plan, TrainingConfig c, Dataset data, double lr, RunEvents sink, TrainingListener delegate,
                                      TrainingControl control) {
        return new InsightCollector(plan, null, c, data, lr, sink, delegate, control, UNLIMITED, 0);
    }

    static Map<String, Double> norms(Plan plan) {
        Map<String, Double> m = new HashMap<>();
        for (WeightTensor w : plan.weights()) {
            m.put(w.name(), Summary.of(w.values(), 0, w.values().length).l2Norm());
        }
        return m;
    }

    @Test
    void oneBatchRecordPerBatchWithStepIndicesAndTheOptimizersLearningRate() {
        // 52 rows, validation_split 0.25 -> floor(13) = 13 validation rows, 39 training rows: batches of 16, 16, 7
        Dataset data = blobs(52, 1);
        Plan plan = classifier(16, 3);
        TrainingConfig c = config("binary_crossentropy", List.of("accuracy"), "sgd", Map.of("learning_rate", 0.1), 16, 3, 0.25);
        Trainer trainer = new Trainer(plan, c);
        Recorder rec = new Recorder();
        List<double[]> heard = new ArrayList<>();
        TrainingListener delegate = new TrainingListener() {
            @Override
            public void batchEnd(int epoch, int batch, double loss) {
                heard.add(new double[] {epoch, batch, loss});
            }
        };
        History h = trainer.fit(data, collector(plan, c, data, trainer.optimizer().learningRate(), rec, delegate, new TrainingControl()));
        assertThat(h.epochs()).hasSize(3);
        assertThat(rec.batches).hasSize(9);
        assertThat(heard).hasSize(9);
        for (int i = 0; i < 9; i++) {
            BatchRecord b = rec.batches.get(i);
            assertThat(b.step()).isEqualTo(i + 1);
            assertThat(b.epoch()).isEqualTo(i / 3 + 1);
            assertThat(b.batch()).isEqualTo(i % 3);
            assertThat(b.loss()).isEqualTo(heard.get(i)[2]);
            assertThat(b.learningRate()).isEqualTo((double) 0.1f);
            assertThat(b.samplesPerSecond()).isPositive().isFinite();
            assertThat(b.seconds()).isGreaterThanOrEqualTo(i == 0 ? 0 : rec.batches.get(i - 1).seconds());
        }
        assertThat(rec.epochs).extracting(e -> e.result().epoch()).containsExactly(1, 2, 3);
    }

    @Test
    void samplesPerSecondCountsTheRowsOfEachBatchTheLastOneShort() throws Exception {
        // called directly, with known pauses, so that the time of each batch is bounded from outside
        Dataset data = blobs(52, 1);
        Plan plan = classifier(16, 3);
        TrainingConfig c = config("binary_crossentropy", List.of("accuracy"), "sgd", Map.of("learning_rate", 0.1), 16, 1, 0.25);
        Recorder rec = new Recorder();
        InsightCollector col = collector(plan, c, data, 0.1, rec, TrainingListener.NONE, new TrainingControl());
        long prevStart = System.nanoTime();
        col.started(1, 3); // the first batch is timed from here: set-up is not training
        long prevEnd = System.nanoTime();
        int[] rows = {16, 16, 7}; // 39 training rows
        for (int b = 0; b < 3; b++) {
            Thread.sleep(60);
            long start = System.nanoTime();
            col.batchEnd(1, b, 0.5);
            long end = System.nanoTime();
            double shortest = (start - prevEnd) / 1e9, longest = (end - prevStart) / 1e9;
            assertThat(rec.batches.get(b).samplesPerSecond()).as("batch %d", b)
                    .isBetween(rows[b] / longest * 0.999, rows[b] / shortest * 1.001);
            prevStart = start;
            prevEnd = end;
        }
    }

    /**
     * A round of parameter averaging: four batches computed in one job, their ends reported at once. Each gets a quarter
     * of the round's time; before, the first got all of it and the others a few microseconds (a million samples/s).
     */
    @Test
    void batchesComputedTogetherShareTheRoundsTime() throws Exception {
        Dataset data = blobs(80, 1);
        Plan plan = classifier(16, 3);
        TrainingConfig c = config("binary_crossentropy", List.of(), "sgd", Map.of("learning_rate", 0.1), 16, 1, 0);
        Recorder rec = new Recorder();
        InsightCollector col = collector(plan, c, data, 0.1, rec, TrainingListener.NONE, new TrainingControl());
        long start = System.nanoTime();
        col.started(1, 5);
        col.computedTogether(4);
        Thread.sleep(200);
        for (int b = 0; b < 4; b++) {
            col.batchEnd(1, b, 0.5);
        }
        double round = (System.nanoTime() - start) / 1e9;
        Thread.sleep(50);
        col.batchEnd(1, 4, 0.5); // a batch of its own again
        for (int b = 0; b < 4; b++) {
            assertThat(rec.batches.get(b).samplesPerSecond()).as("batch %d", b)
                    .isEqualTo(rec.batches.get(0).samplesPerSecond())
                    .isBetween(4 * 16 / round, 4 * 16 / 0.2);
        }
        assertThat(rec.batches.get(4).samplesPerSecond()).isLessThanOrEqualTo(16 / 0.05);
    }

    @Test
    void snapshotsEveryEpochAndThePlainSgdUpdateRatioIsOneStepOfTheReportedGradient() {
        Dataset data = blobs(48, 2);
        Plan plan = classifier(16, 5);
        double lr = 0.5;
        TrainingConfig c = config("binary_crossentropy", List.of(), "sgd", Map.of("learning_rate", lr), 16, 8, 0);
        Trainer trainer = new Trainer(plan, c);
        Recorder rec = new Recorder();
        Map<Long, Map<String, Double>> normsAfterStep = new HashMap<>();
        normsAfterStep.put(0L, norms(plan));
        long[] step = {0};
        TrainingListener delegate = new TrainingListener() {
            @Override
            public void batchEnd(int epoch, int batch, double loss) {
                normsAfterStep.put(++step[0], norms(plan));
            }
        };
        trainer.fit(data, collector(plan, c, data, lr, rec, delegate, new TrainingControl()));
        assertThat(rec.batches).hasSize(24);
        assertThat(new TreeSet<>(rec.snapshots.stream().map(LayerSnapshot::epoch).toList())).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        int checked = 0;
        for (LayerSnapshot s : rec.snapshots) {
            assertThat(s.params()).extracting(LayerSnapshot.ParamStats::name).containsExactly("h/weight", "h/bias", "out/weight", "out/bias");
            for (LayerSnapshot.ParamStats p : s.params()) {
                assertThat(p.weights().l2Norm()).isCloseTo(normsAfterStep.get(s.step()).get(p.name()), offset(1e-9));
                if (Double.isNaN(p.updateRatio())) {
                    continue;
                }
                // W(t+1) = W(t) − lr·g with g the gradient of step t+1 (the one reported): ||ΔW|| / ||W(t)|| = lr·||g|| / ||W(t)||
                double before = normsAfterStep.get(s.step() - 1).get(p.name());
                if (before == 0) {
                    continue; // the zero-initialised biases at step 0
                }
                double expected = lr * p.gradients().l2Norm() / before;
                assertThat(expected).as("%s at step %d", p.name(), s.step()).isGreaterThan(1e-3);
                assertThat(p.updateRatio()).as("%s at step %d", p.name(), s.step()).isCloseTo(expected, offset(1e-5 * expected));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(8 * 2);
    }

    @Test
    void everyEpochGetsASnapshotWithOneBatchPerEpoch() {
        // XOR trained on its four rows at once: one batch, so one step, per epoch
        Dataset xor = new Dataset(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, Shape.of(2), new float[] {0, 1, 1, 0}, Shape.of(1), 4);
        Plan plan = classifier(4, 1);
        TrainingConfig c = config("binary_crossentropy", List.of("accuracy"), "sgd", Map.of("learning_rate", 0.5), 4, 5, 0);
        Trainer trainer = new Trainer(plan, c);
        Recorder rec = new Recorder();
        Map<Long, Map<String, Double>> normsAfterStep = new HashMap<>();
        normsAfterStep.put(0L, norms(plan));
        long[] step = {0};
        trainer.fit(xor, collector(plan, c, xor, 0.5, rec, new TrainingListener() {
            @Override
            public void batchEnd(int epoch, int batch, double loss) {
                normsAfterStep.put(++step[0], norms(plan));
            }
        }, new TrainingControl()));
        assertThat(rec.batches).hasSize(5);
        assertThat(new TreeSet<>(rec.snapshots.stream().map(LayerSnapshot::epoch).toList())).containsExactly(1, 2, 3, 4, 5);
        for (LayerSnapshot s : rec.snapshots) {
            LayerSnapshot.ParamStats kernel = s.params().get(0);
            assertThat(kernel.name()).isEqualTo("h/weight");
            double expected = 0.5 * kernel.gradients().l2Norm() / normsAfterStep.get(s.step() - 1).get("h/weight");
            assertThat(kernel.updateRatio()).as("step %d", s.step()).isCloseTo(expected, offset(1e-5 * expected));
        }
    }

    @Test
    void activationsOfEveryNodeInPlanOrderAndADecisionBoundaryOfTheNetworksPredictions() {
        Dataset data = blobs(80, 3);
        Plan plan = classifier(16, 7);
        TrainingConfig c = config("binary_crossentropy", List.of("accuracy"), "sgd", Map.of("learning_rate", 0.3), 16, 3, 0);
        Trainer trainer = new Trainer(plan, c);
        // the grid spans the data with a 10 % margin on each side
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY, yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 80; i++) {
            xMin = Math.min(xMin, data.features()[2 * i]);
            xMax = Math.max(xMax, data.features()[2 * i]);
            yMin = Math.min(yMin, data.features()[2 * i + 1]);
            yMax = Math.max(yMax, data.features()[2 * i + 1]);
        }
        double xLo = xMin - 0.1 * (xMax - xMin), xHi = xMax + 0.1 * (xMax - xMin);
        double yLo = yMin - 0.1 * (yMax - yMin), yHi = yMax + 0.1 * (yMax - yMin);
        int[][] cells = {{0, 0}, {47, 47}, {10, 30}, {30, 10}, {24, 5}};
        List<float[]> expectedAtSnapshot = new ArrayList<>();
        Recorder rec = new Recorder() {
            @Override
            public void layers(LayerSnapshot snapshot) {
                super.layers(snapshot);
                // the network as it is when the snapshot is taken (on the training thread)
                float[] xy = new float[2 * cells.length];
                for (int k = 0; k < cells.length; k++) {
                    xy[2 * k] = (float) (xLo + (xHi - xLo) * (cells[k][0] + 0.5) / 48);
                    xy[2 * k + 1] = (float) (yLo + (yHi - yLo) * (cells[k][1] + 0.5) / 48);
                }
                expectedAtSnapshot.add(plan.predict(xy, cells.length));
            }
        };
        trainer.fit(data, collector(plan, c, data, 0.3, rec, TrainingListener.NONE, new TrainingControl()));
        assertThat(plan.nodeIds()).containsExactly("in", "h", "out");
        assertThat(rec.snapshots).isNotEmpty();
        // the probe batch is the first min(64, batch size 16) = 16 rows of the training data
        float[] probe = java.util.Arrays.copyOf(data.features(), 16 * 2);
        for (int si = 0; si < rec.snapshots.size(); si++) {
            LayerSnapshot s = rec.snapshots.get(si);
            assertThat(s.activations()).extracting(LayerSnapshot.ActivationStats::nodeId).containsExactly("in", "h", "out");
            // the Input's activations are the probe's values
            Summary in = s.activations().get(0).summary();
            assertThat(in.count()).isEqualTo(32);
            assertThat(in.mean()).isCloseTo(Summary.of(probe, 0, 32).mean(), offset(1e-9));
            assertThat(in.max()).isEqualTo(Summary.of(probe, 0, 32).max());
            assertThat(s.activations().get(1).summary().count()).isEqualTo(16 * 6);
            assertThat(s.activations().get(2).summary().count()).isEqualTo(16);
            assertThat(s.activations().get(1).summary().max()).isLessThanOrEqualTo(1); // tanh
            DecisionBoundary b = s.boundary();
            assertThat(b).isNotNull();
            assertThat(b.nx()).isEqualTo(48);
            assertThat(b.ny()).isEqualTo(48);
            assertThat(b.classes()).isEqualTo(2);
            assertThat(b.xLo()).isCloseTo(xLo, offset(1e-9));
            assertThat(b.xHi()).isCloseTo(xHi, offset(1e-9));
            assertThat(b.yLo()).isCloseTo(yLo, offset(1e-9));
            assertThat(b.yHi()).isCloseTo(yHi, offset(1e-9));
            assertThat(b.values()).hasSize(48 * 48);
            for (int k = 0; k < cells.length; k++) {
                assertThat(b.values()[cells[k][1] * 48 + cells[k][0]]).as("cell %d, %d", cells[k][0], cells[k][1])
                        .isCloseTo(expectedAtSnapshot.get(si)[k], offset(1e-6f));
            }
            // the points are a sample of the training data with their labels
            assertThat(b.points()).hasSize(2 * b.labels().length);
            assertThat(b.points()[0]).isEqualTo(data.features()[0]);
            assertThat(b.labels()[0]).isEqualTo((int) data.targets()[0]);
        }
    }

    @Test
    void aBinaryClassifierGetsConfusionRocAndOvertrainingOnItsValidationSplit() {
        // 60 rows, validation_split 0.25 -> the last 15 rows validate
        Dataset data = blobs(60, 4);
        Plan plan = classifier(16, 3);
        TrainingConfig c = config("binary_crossentropy", List.of("accuracy"), "sgd", Map.of("learning_rate", 0.3), 16, 2, 0.25);
        Recorder rec = new Recorder();
        List<float[]> validationOutputs = new ArrayList<>();
        new Trainer(plan, c).fit(data, collector(plan, c, data, 0.3, rec, new TrainingListener() {
            @Override
            public void validated(org.layercanvas.engine.api.Samples validation, Trainer.Evaluation evaluation) {
                assertThat(validation.count()).isEqualTo(15);
                validationOutputs.add(evaluation.outputs().clone());
            }
        }, new TrainingControl()));
        assertThat(rec.epochs).hasSize(2);
        int positives = 0;
        for (int i = 45; i < 60; i++) {
            positives += data.targets()[i] > 0.5f ? 1 : 0;
        }
        assertThat(positives).isEqualTo(8); // rows 45..59: the odd ones, 45, 47, …, 59, are class 1
        for (int e = 0; e < 2; e++) {
            Diagnostics d = rec.epochs.get(e).diagnostics();
            assertThat(d.data()).isEqualTo("validation");
            assertThat(d.confusion()).isNotNull();
            assertThat(d.confusion().classes()).isEqualTo(2);
            assertThat(d.confusion().total()).isEqualTo(15);
            assertThat(d.confusion().count(1, 0) + d.confusion().count(1, 1)).isEqualTo(positives);
            long predictedPositive = 0;
            for (float o : validationOutputs.get(e)) {
                predictedPositive += o > 0.5f ? 1 : 0;
            }
            assertThat(d.confusion().count(0, 1) + d.confusion().count(1, 1)).isEqualTo(predictedPositive);
            assertThat(d.roc()).isNotNull();
            double[] fpr = d.roc().falsePositiveRate(), tpr = d.roc().truePositiveRate();
            assertThat(fpr[0]).isZero();
            assertThat(tpr[0]).isZero();
            assertThat(fpr[fpr.length - 1]).isEqualTo(1);
            assertThat(tpr[tpr.length - 1]).isEqualTo(1);
            assertThat(d.overtraining()).isNotNull();
            assertThat(d.overtraining().signalTest().total()).isEqualTo(positives);
            assertThat(d.overtraining().backgroundTest().total()).isEqualTo(15 - positives);
            // training sample: every row of the training part (60 less the 15 validation rows), none of the validation rows
            assertThat(d.overtraining().signalTrain().total() + d.overtraining().backgroundTrain().total()).isEqualTo(45);
            assertThat(d.boundary()).isNotNull();
            assertThat(d.images()).isNull();
        }
    }

    @Test
    void aRegressionGetsNoClassifierFigures() {
        Random r = new Random(6);
        int n = 40;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
            y[i] = 2 * x[i] + 0.3f + (float) (0.1 * r.nextGaussian());
        }
        Dataset data = new Dataset(x, Shape.of(1), y, Shape.of(1), n);
        Plan plan = COMPILER.compile(chain("in", "Input", Map.of("shape", List.of(1)),
                "h", "Dense", Map.of("units", 4, "activation", "tanh"),
                "out", "Dense", Map.of("units", 1)), new ReferenceBackend(), 8);
        plan.initialize(2);
        TrainingConfig c = config("mse", List.of("mae"), "sgd", Map.of("learning_rate", 0.05), 8, 2, 0.25);
        Recorder rec = new Recorder();
        new Trainer(plan, c).fit(data, collector(plan, c, data, 0.05, rec, TrainingListener.NONE, new TrainingControl()));
        assertThat(rec.epochs).hasSize(2);
        for (EpochRecord e : rec.epochs) {
            Diagnostics d = e.diagnostics();
            assertThat(d.confusion()).isNull();
            assertThat(d.roc()).isNull();
            assertThat(d.overtraining()).isNull();
            assertThat(d.boundary()).isNull();
            assertThat(d.images()).isNull();
        }
        assertThat(rec.snapshots).isNotEmpty().allSatisfy(s -> assertThat(s.boundary()).isNull());
    }

    /** A classifier trained for many epochs in a thread, for pausing and stopping. */
    private static Thread trainInBackground(Plan plan, TrainingConfig c, Dataset data, Recorder rec, TrainingControl control,
                                            AtomicReference<History> result) {
        Trainer trainer = new Trainer(plan, c);
        InsightCollector col = collector(plan, c, data, 0.1, rec, TrainingListener.NONE, control);
        Thread t = new Thread(() -> result.set(trainer.fit(data, col)), "training");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitBatches(Recorder rec, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (rec.batches.size() < count) {
            assertThat(System.nanoTime()).as("waiting for %d batches", count).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    /**
     * Without any budget: the look at step 1 (not counted: it runs cold) and the next, epoch 2's first step, whose cost
     * then exhausts the budget; from then on only the looks kept whatever they cost: each epoch's first step (of 8 epochs,
     * every epoch's) and the run's last step.
     */
    @Test
    void beyondTheBudgetEachEpochsFirstStepAndTheLastStepAreStillLookedAt() {
        Recorder rec = withoutBudget(8);
        assertThat(rec.batches).hasSize(8 * 3);
        assertThat(rec.snapshots).extracting(LayerSnapshot::step).containsExactly(1L, 4L, 7L, 10L, 13L, 16L, 19L, 22L, 24L);
    }

    /** A 40-epoch run beyond its budget (from epoch 2 on) is looked at every other epoch to the end, and at its last step. */
    @Test
    void aLongRunBeyondItsBudgetIsLookedAtThinnedToTheEndNotStopped() {
        Recorder rec = withoutBudget(40);
        List<Integer> epochs = rec.snapshots.stream().map(LayerSnapshot::epoch).distinct().toList();
        assertThat(epochs).containsSequence(1, 2, 3, 5, 7).contains(37, 39, 40).hasSizeLessThanOrEqualTo(InsightCollector.LOOKS_KEPT + 2);
        assertThat(rec.snapshots.get(rec.snapshots.size() - 1).step()).isEqualTo(40 * 3);
    }

    /** A classifier trained on 48 points in batches of 16 (3 per epoch) for {@code epochs}, its looks given no time at all. */
    private static Recorder withoutBudget(int epochs) {
        Dataset data = blobs(48, 2);
        Plan plan = classifier(16, 5);
        TrainingConfig c = config("binary_crossentropy", List.of(), "sgd", Map.of("learning_rate", 0.5), 16, epochs, 0);
        Recorder rec = new Recorder();
        new Trainer(plan, c).fit(data, new InsightCollector(plan, null, c, data, 0.5, rec, TrainingListener.NONE, new TrainingControl(), 0, 0));
        return rec;
    }

    @Test
    @Timeout(60)
    void pauseBlocksTrainingResumeContinuesAndThePauseIsNotTrainingTime() throws Exception {
        Dataset data = blobs(32, 5);
        Plan plan = classifier(8, 1);
        TrainingConfig c = config("binary_crossentropy", List.of(), "sgd", Map.of("learning_rate", 0.1), 8, 100_000, 0);
        Recorder rec = new Recorder();
        TrainingControl control = new TrainingControl();
        AtomicReference<History> result = new AtomicReference<>();
        Thread t = trainInBackground(plan, c, data, rec, control, result);
        awaitBatches(rec, 20);
        control.pause();
        assertThat(control.paused()).isTrue();
        while (!control.holding()) { // the batch under way finishes, then the trainer blocks
            Thread.sleep(5);
        }
        int atPause = rec.batches.size();
        Thread.sleep(600);
        assertThat(rec.batches).hasSize(atPause);
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
        assertThat(control.holding()).isTrue();
        control.resume();
        assertThat(control.paused()).isFalse();
        awaitBatches(rec, atPause + 20);
        assertThat(control.holding()).isFalse();
        control.stop();
        t.join(20_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get().stoppedEarly()).isTrue();
        assertThat(result.get().epochs().size()).isLessThan(100_000);
        // the pause lies between batch atPause-1 and atPause: ≥ 0.6 s of wall time, hardly any training time
        List<BatchRecord> b = rec.batches;
        double wallGap = (rec.batchWallNanos.get(atPause) - rec.batchWallNanos.get(atPause - 1)) / 1e9;
        double trainingGap = b.get(atPause).seconds() - b.get(atPause - 1).seconds();
        assertThat(wallGap).isGreaterThan(0.45);
        assertThat(trainingGap).isLessThan(wallGap - 0.4).isGreaterThanOrEqualTo(0);
        for (int i = 1; i < b.size(); i++) {
            assertThat(b.get(i).seconds()).isGreaterThanOrEqualTo(b.get(i - 1).seconds());
        }
    }

    @Test
    @Timeout(60)
    void stopEndsAPausedRun() throws Exception {
        Dataset data = blobs(32, 5);
        Plan plan = classifier(8, 1);
        TrainingConfig c = config("binary_crossentropy", List.of(), "sgd", Map.of("learning_rate", 0.1), 8, 100_000, 0);
        Recorder rec = new Recorder();
        TrainingControl control = new TrainingControl();
        AtomicReference<History> result = new AtomicReference<>();
        Thread t = trainInBackground(plan, c, data, rec, control, result);
        awaitBatches(rec, 5);
        control.pause();
        Thread.sleep(100);
        control.stop();
        assertThat(control.paused()).isFalse();
        t.join(20_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get().stoppedEarly()).isTrue();
    }

    @Test
    void stopEndsTheFitAfterTheCurrentBatch() {
        Dataset data = blobs(32, 5);
        Plan plan = classifier(8, 1);
        TrainingConfig c = config("binary_crossentropy", List.of(), "sgd", Map.of("learning_rate", 0.1), 8, 10, 0);
        Recorder rec = new Recorder();
        TrainingControl control = new TrainingControl();
        // 4 batches per epoch; stopped during the second batch of epoch 2 (step 6)
        TrainingListener delegate = new TrainingListener() {
            @Override
            public void batchEnd(int epoch, int batch, double loss) {
                if (epoch == 2 && batch == 1) {
                    control.stop();
                }
            }
        };
        History h = new Trainer(plan, c).fit(data, collector(plan, c, data, 0.1, rec, delegate, control));
        assertThat(h.stoppedEarly()).isTrue();
        assertThat(h.epochs()).hasSize(1);
        assertThat(rec.batches).hasSize(6);
        assertThat(rec.epochs).hasSize(1);
    }

    /** The G step back-propagates through D; D's snapshot must still show the gradients of D's own update. */
    @Test
    void aGanDiscriminatorsUpdateRatioIsItsOwnStep() {
        ReferenceBackend backend = new ReferenceBackend();
        int batch = 8;
        Plan g = COMPILER.compile(chain("z", "Input", Map.of("shape", List.of(2)),
                "g1", "Dense", Map.of("units", 25, "activation", "sigmoid")), backend, batch);
        Plan d = COMPILER.compile(chain("x", "Input", Map.of("shape", List.of(25)),
                "d1", "Dense", Map.of("units", 4, "activation", "tanh"),
                "d2", "Dense", Map.of("units", 1, "activation", "sigmoid")), backend, 2 * batch, true);
        g.initialize(5);
        d.initialize(6);
        Random r = new Random(7);
        float[] x = new float[32 * 25];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        Dataset real = new Dataset(x, Shape.of(25), new float[32], Shape.of(1), 32);
        double lr = 0.1;
        TrainingConfig c = new TrainingConfig("binary_crossentropy", false, List.of(), new OptimizerConfig("sgd", Map.of("learning_rate", lr)),
                batch, 2, 42, 0, null, TrainingConfig.GAN);
        GanTrainer gan = new GanTrainer(g, d, c);
        Map<Long, Map<String, Double>> dNormsAfterStep = new HashMap<>();
        dNormsAfterStep.put(0L, norms(d));
        long[] step = {0};
        Recorder rec = new Recorder();
        gan.fit(real, new InsightCollector(g, d, c, real, gan.learningRate(), rec, new TrainingListener() {
            @Override
            public void batchEnd(int epoch, int b, double loss) {
                dNormsAfterStep.put(++step[0], norms(d));
            }
        }, new TrainingControl(), UNLIMITED, 0));
        assertThat(rec.snapshots).isNotEmpty();
        for (LayerSnapshot s : rec.snapshots) {
            LayerSnapshot.ParamStats dKernel = s.params().stream().filter(p -> p.name().equals("discriminator/d1/weight")).findFirst().orElseThrow();
            double expected = lr * dKernel.gradients().l2Norm() / dNormsAfterStep.get(s.step() - 1).get("d1/weight");
            assertThat(dKernel.updateRatio()).as("step %d", s.step()).isCloseTo(expected, offset(1e-4 * expected));
        }
    }

    @Test
    void aGanGetsSnapshotsOfBothNetworksAndSampleImagesEachEpoch() {
        ReferenceBackend backend = new ReferenceBackend();
        int batch = 16;
        // 25 outputs: a flat square, 5 × 5 images (ImageSet.layout takes squares above 4 × 4)
        Plan g = COMPILER.compile(chain("z", "Input", Map.of("shape", List.of(3)),
                "g1", "Dense", Map.of("units", 25, "activation", "sigmoid")), backend, batch);
        Plan d = COMPILER.compile(chain("x", "Input", Map.of("shape", List.of(25)),
                "d1", "Dense", Map.of("units", 8, "activation", "tanh"),
                "d2", "Dense", Map.of("units", 1, "activation", "sigmoid")), backend, 2 * batch, true);
        g.initialize(1);
        d.initialize(2);
        Random r = new Random(3);
        int n = 64;
        float[] x = new float[n * 25];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 25) < 12 ? 0.9f : (float) (0.1 * r.nextDouble()); // top half of each image bright
        }
        Dataset real = new Dataset(x, Shape.of(25), new float[n], Shape.of(1), n);
        TrainingConfig c = new TrainingConfig("binary_crossentropy", false, List.of(), new OptimizerConfig("adam", Map.of("learning_rate", 0.01)),
                batch, 3, 42, 0, null, TrainingConfig.GAN);
        GanTrainer gan = new GanTrainer(g, d, c);
        List<float[]> samplesAtEpochEnd = new ArrayList<>();
        Recorder rec = new Recorder() {
            @Override
            public void epoch(EpochRecord epoch) {
                super.epoch(epoch);
                samplesAtEpochEnd.add(GanTrainer.samples(g, 16, 42 + 7));
            }
        };
        InsightCollector col = new InsightCollector(g, d, c, real, gan.learningRate(), rec, TrainingListener.NONE, new TrainingControl(),
                UNLIMITED, 0);
        History h = gan.fit(real, col);
        assertThat(h.epochs()).hasSize(3);
        // 64 rows / 16 = 4 batches per epoch, every one of batch_size rows
        assertThat(rec.batches).hasSize(12);
        assertThat(rec.batches).allSatisfy(b -> assertThat(b.learningRate()).isEqualTo((double) 0.01f));
        assertThat(new TreeSet<>(rec.snapshots.stream().map(LayerSnapshot::epoch).toList())).containsExactly(1, 2, 3);
        for (LayerSnapshot s : rec.snapshots) {
            assertThat(s.params()).extracting(LayerSnapshot.ParamStats::name).containsExactly(
                    "generator/g1/weight", "generator/g1/bias", "discriminator/d1/weight", "discriminator/d1/bias",
                    "discriminator/d2/weight", "discriminator/d2/bias");
            assertThat(s.activations()).extracting(LayerSnapshot.ActivationStats::nodeId).containsExactly(
                    "generator/z", "generator/g1", "discriminator/x", "discriminator/d1", "discriminator/d2");
            // the generator's probe is 16 rows (its batch size) of noise
            assertThat(s.activations().get(1).summary().count()).isEqualTo(16 * 25);
            assertThat(s.boundary()).isNull();
        }
        assertThat(rec.epochs).hasSize(3);
        for (int e = 0; e < 3; e++) {
            Diagnostics diag = rec.epochs.get(e).diagnostics();
            assertThat(diag.confusion()).isNull();
            assertThat(diag.roc()).isNull();
            ImageSet images = diag.images();
            assertThat(images).isNotNull();
            assertThat(images.count()).isEqualTo(16);
            assertThat(images.channels()).isEqualTo(1);
            assertThat(images.height()).isEqualTo(5);
            assertThat(images.width()).isEqualTo(5);
            assertThat(images.pixels()).hasSize(16 * 25);
            assertThat(images.pixels()).containsExactly(samplesAtEpochEnd.get(e));
        }
    }

    @Test
    void smallFlatOutputsAreNoImages() {
        assertThat(ImageSet.layout(Shape.of(16))).isNull(); // 4 × 4 is too small to be taken for an image
        assertThat(ImageSet.layout(Shape.of(25))).containsExactly(1, 5, 5);
        assertThat(ImageSet.layout(Shape.of(4, 4))).containsExactly(1, 4, 4);
    }
}
