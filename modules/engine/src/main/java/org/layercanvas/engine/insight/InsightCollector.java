package org.layercanvas.engine.insight;

import java.util.ArrayList;
import java.util.List;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.train.TrainingListener;

/**
 * Turns a trainer's callbacks into {@link RunEvents}: a record per batch, a {@link LayerSnapshot} now
 * and then, and an {@link EpochRecord} with {@link Diagnostics} per epoch; also applies the run's
 * {@link TrainingControl} (pause, stop). Whoever displays the events is decoupled from the batch rate:
 * a snapshot is taken once per epoch and otherwise at most every {@value #MIN_INTERVAL_MS} ms, and
 * never while looking has cost more than {@value #BUDGET_PERCENT} % of the training time (measured as it
 * goes) plus a {@value #ALLOWANCE_MS} ms allowance, so short runs are seen in full and long runs of tiny
 * epochs stay within the budget. The budget thins looks, never stops them: the first step of every
 * ⌈epochs / {@value #LOOKS_KEPT}⌉-th epoch is looked at whatever it costs, and so is the last step, so that
 * what the dashboard shows follows the run to its end and ends with its final state.
 */
public final class InsightCollector implements TrainingListener {
    static final long MIN_INTERVAL_MS = 250;
    static final int BUDGET_PERCENT = 2, PROBE_ROWS = 64, ALLOWANCE_MS = 10, LOOKS_KEPT = 20;

    private final TrainingConfig config;
    private final double budgetPercent, allowanceMs;
    private final RunEvents sink;
    private final TrainingListener delegate;
    private final TrainingControl control;
    private final double learningRate;
    private final List<NetworkProbe> probes = new ArrayList<>();
    private final Figures figures;
    private final int trainRows;
    private final long startNanos = System.nanoTime();
    private int batchesPerEpoch, epochs;
    private long step, lastBatchNanos = startNanos, pausedNanos, lookNanos, lastLookNanos, armedAt = -1, looksThisEpoch;
    private Diagnostics validationFigures;
    /** Batches still to come of a round computed together ({@link #computedTogether}), and the round's seconds per batch (negative until its first batch ends). */
    private int sharedBatches;
    private double sharedSeconds;
    /** Training seconds of the run before it was resumed from a checkpoint. */
    private double earlierSeconds;

    /**
     * @param plan          the network trained (a GAN's generator)
     * @param discriminator a GAN's discriminator, else null
     * @param train         the training data as given to the trainer (before the validation split)
     * @param learningRate  the optimizer's learning rate, recorded per batch
     */
    public InsightCollector(Plan plan, Plan discriminator, TrainingConfig config, Samples train, double learningRate,
                            RunEvents sink, TrainingListener delegate, TrainingControl control) {
        this(plan, discriminator, config, train, learningRate, sink, delegate, control, BUDGET_PERCENT, ALLOWANCE_MS);
    }

    /** With another budget: tests that count looks must not depend on how fast this machine is. */
    InsightCollector(Plan plan, Plan discriminator, TrainingConfig config, Samples train, double learningRate,
                     RunEvents sink, TrainingListener delegate, TrainingControl control, double budgetPercent, double allowanceMs) {
        this.budgetPercent = budgetPercent;
        this.allowanceMs = allowanceMs;
        this.config = config;
        this.sink = sink;
        this.delegate = delegate;
        this.control = control;
        this.learningRate = learningRate;
        boolean gan = discriminator != null;
        this.trainRows = train.count() - config.validationRows(train.count());
        if (gan) {
            probes.add(new NetworkProbe("generator/", plan, noise(plan, config.seed() + 11), PROBE_ROWS));
            probes.add(new NetworkProbe("discriminator/", discriminator, firstFeatures(train), Math.min(PROBE_ROWS, train.count())));
        } else if (plan.inputIds().size() == 1) {
            probes.add(new NetworkProbe("", plan, firstFeatures(train), Math.min(PROBE_ROWS, train.count())));
        }
        // the training part only (no copy of it): the overtraining check compares it with the validation data
        this.figures = plan.inputIds().size() == 1 ? new Figures(plan, config, train, trainRows) : null;
    }

    /** The first {@link #PROBE_ROWS} samples' features, the rows the probes look at. */
    private static float[] firstFeatures(Samples train) {
        int rows = Math.min(PROBE_ROWS, train.count());
        float[] x = new float[rows * train.featureShape().size()];
        train.copy(0, rows, x, 0, null, 0);
        return x;
    }

    private static float[] noise(Plan generator, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] z = new float[PROBE_ROWS * generator.inputShape().size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return z;
    }

    /**
     * For a run resumed from a checkpoint: batch records go on counting from {@code step} and the clock
     * from {@code seconds}, so the run's files continue as if never interrupted.
     */
    public void continueFrom(long step, double seconds) {
        this.step = step;
        this.earlierSeconds = seconds;
    }

    @Override
    public void started(int epochs, int batches) {
        batchesPerEpoch = batches;
        this.epochs = epochs;
        arm(); // the first look measures step 1, so epoch 1 has one even when it is a single batch
        delegate.started(epochs, batches);
        lastBatchNanos = System.nanoTime(); // the first batch's speed leaves out the set-up
    }

    @Override
    public void computedTogether(int batches) {
        sharedBatches = batches;
        sharedSeconds = -1;
        delegate.computedTogether(batches);
    }

    @Override
    public void batchEnd(int epoch, int batch, double loss) {
        long now = System.nanoTime();
        step++;
        // full batches, but the last of a supervised epoch may be short (a GAN drops the remainder)
        int rows = Math.min(config.batchSize(), trainRows - batch * config.batchSize());
        double dt = Math.max(1, now - lastBatchNanos) / 1e9;
        if (sharedBatches > 0) { // the round's time is the first batch's wait; each of its batches gets an equal share
            if (sharedSeconds < 0) {
                sharedSeconds = dt / sharedBatches;
            }
            dt = sharedSeconds;
            sharedBatches--;
        }
        sink.batch(new BatchRecord(step, epoch, batch, loss, learningRate, rows / dt, seconds(now)));
        if (armedAt == step - 1) {
            lookSafely(epoch, now);
        }
        if (armedAt < 0) {
            // at an epoch's end, measure the next epoch's first step (epochs of one batch would otherwise get every other
            // look); the last step is looked at in any case: the run's final state
            boolean endOfEpoch = batch == batchesPerEpoch - 1, lastNext = step + 1 == (long) epochs * batchesPerEpoch;
            if (lastNext || (endOfEpoch ? withinBudget(now) || kept(epoch + 1) : due(now))) {
                arm();
            }
        }
        delegate.batchEnd(epoch, batch, loss);
        pausedNanos += control.checkpoint();
        lastBatchNanos = System.nanoTime();
    }

    /** Remembers the parameters now, so that the look after the next step measures that one step. */
    private void arm() {
        long t = System.nanoTime();
        probes.forEach(NetworkProbe::before);
        countLook(System.nanoTime() - t);
        armedAt = step;
    }

    /**
     * Adds a look's time to what the budget has spent, except for the first look (around step 1): that
     * one runs the looking code cold, several times slower than later, and would use up a short run's budget.
     */
    private void countLook(long nanos) {
        if (step > 1) {
            lookNanos += nanos;
        }
    }

    /** Whether epoch {@code e}'s first step is looked at beyond the budget: every ⌈epochs / LOOKS_KEPT⌉-th epoch's is. */
    private boolean kept(int e) {
        int every = Math.max(1, (epochs + LOOKS_KEPT - 1) / LOOKS_KEPT);
        return e <= epochs && (e - 1) % every == 0;
    }

    /** Due for the first look of an epoch, or once the last is old enough; never beyond the budget. */
    private boolean due(long now) {
        return withinBudget(now) && (looksThisEpoch == 0 || now - lastLookNanos >= MIN_INTERVAL_MS * 1_000_000L);
    }

    private boolean withinBudget(long now) {
        double training = now - startNanos - pausedNanos;
        return lookNanos * 100.0 <= budgetPercent * training + allowanceMs * 100 * 1e6;
    }

    /**
     * A look that fails (statistics of a diverging network, say) is left out, never the training: the
     * batch records and epochs still show what happened.
     */
    private void lookSafely(int epoch, long now) {
        try {
            look(epoch, now);
        } catch (RuntimeException e) {
            armedAt = -1;
            lastLookNanos = now;
        }
    }

    private void look(int epoch, long now) {
        long t = System.nanoTime();
        List<LayerSnapshot.ParamStats> params = new ArrayList<>();
        List<LayerSnapshot.ActivationStats> activations = new ArrayList<>();
        for (NetworkProbe p : probes) {
            params.addAll(p.after());
            activations.addAll(p.activations());
        }
        DecisionBoundary boundary = figures != null && figures.hasBoundary() ? figures.boundary() : null;
        sink.layers(new LayerSnapshot(step, epoch, params, activations, boundary));
        countLook(System.nanoTime() - t);
        lastLookNanos = now;
        looksThisEpoch++;
        armedAt = -1;
    }

    private double seconds(long now) {
        return earlierSeconds + (now - startNanos - pausedNanos) / 1e9;
    }

    @Override
    public void validated(Samples validation, Trainer.Evaluation evaluation) {
        validationFigures = figures == null ? null : figures.compute("validation", validation, evaluation);
        delegate.validated(validation, evaluation);
    }

    @Override
    public void epochEnd(EpochResult result) {
        Diagnostics d = validationFigures;
        if (d == null && figures != null && config.scheme().equals(TrainingConfig.GAN)) {
            d = figures.compute("samples", null, null);
        }
        sink.epoch(new EpochRecord(result, d == null ? Diagnostics.NONE : d));
        validationFigures = null;
        looksThisEpoch = 0;
        delegate.epochEnd(result);
        lastBatchNanos = System.nanoTime(); // samples/s measures batches, not the validation pass
    }

    /** The figures for the test data after training (null without figures for this network). */
    public Diagnostics testFigures(Samples test, Trainer.Evaluation evaluation) {
        return figures == null || test == null ? Diagnostics.NONE : figures.compute("test", test, evaluation);
    }

    /** Training seconds so far, pauses excluded. */
    public double trainingSeconds() {
        return seconds(System.nanoTime());
    }

    @Override
    public boolean stopRequested() {
        return control.stopped() || delegate.stopRequested();
    }
}
