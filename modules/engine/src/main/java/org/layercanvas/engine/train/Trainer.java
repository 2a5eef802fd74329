package org.layercanvas.engine.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.project.EarlyStopping;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.CounterRandom;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.Tensor;

/**
 * Supervised training of a compiled plan: seeded shuffling each epoch, mini-batches, the loss and
 * its gradient on the device, an optimizer step per batch, validation and early stopping.
 * Only batches go to the device; per-row losses and predictions come back for the metrics.
 */
public final class Trainer {
    /** The most time the warm-up steps take before the first epoch. */
    private static final long WARM_UP_LIMIT_NANOS = 3_000_000_000L;
    /**
     * The warm-up ends after a window this long in which the JIT's threads compiled for a fifth of it or less: C2 finishing
     * its last, small methods then costs the first epoch little.
     */
    private static final long QUIET_WINDOW_NANOS = 100_000_000L;
    private final Plan plan;
    private final TrainingConfig config;
    private final LossKind loss;
    private final Optimizer optimizer;
    private final Tensor target, lossPerRow;
    private final int inSize, outSize;
    private int step;
    /** The optimizer steps {@link #step} has taken (with update). */
    private int steppedUpdates;
    /** Where fit gets each batch's gradients: here, unless {@link #gradientsFrom} says otherwise. */
    private BatchGradients gradients = (at, rows, xs, ys, seed, rowLoss) -> runSlice(rows, xs, ys, seed, rowLoss);

    /** @throws IllegalArgumentException for an unknown loss, metric or optimizer, or one that does not fit the network */
    public Trainer(Plan plan, TrainingConfig config) {
        this.plan = plan;
        this.config = config;
        if (!LossKind.keys().contains(config.loss())) {
            throw new IllegalArgumentException("unknown loss '" + config.loss() + "' (known: " + String.join(", ", LossKind.keys()) + ")");
        }
        this.loss = LossKind.of(config.loss());
        this.optimizer = Optimizers.create(config.optimizer());
        this.inSize = plan.inputShape().size();
        this.outSize = plan.outputShape().size();
        for (String m : config.metrics()) {
            if (!Metrics.NAMES.contains(m)) {
                throw new IllegalArgumentException("unknown metric '" + m + "' (known: " + String.join(", ", Metrics.NAMES) + ")");
            }
            if (m.equals("auc") && outSize != 1) {
                throw new IllegalArgumentException("metric auc needs a network with one output, this one has " + outSize);
            }
        }
        if (config.optimizer().type().equals("perceptron") && (loss != LossKind.MSE || outSize != 1)) {
            throw new IllegalArgumentException("the perceptron optimizer applies Rosenblatt's rule to one sign output trained with mse");
        }
        if (config.batchSize() < 1 || config.batchSize() > plan.maxBatch()) {
            throw new IllegalArgumentException("batch_size must be between 1 and " + plan.maxBatch() + ", not " + config.batchSize());
        }
        if (config.earlyStopping() != null && config.validationSplit() <= 0) {
            throw new IllegalArgumentException("early_stopping watches val_loss: set validation_split above 0");
        }
        Backend b = plan.backend();
        this.target = b.allocate(plan.maxBatch() * outSize);
        this.lossPerRow = b.allocate(plan.maxBatch());
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Has {@link #fit} take every batch's gradients from {@code source} (data-parallel training) instead of its own plan. */
    public Trainer gradientsFrom(BatchGradients source) {
        this.gradients = source;
        source.attach(this);
        return this;
    }

    /**
     * Runs {@code rows} samples forward and backward on this trainer's plan, as a batch of fit: every parameter's gradient
     * is then that of the rows' mean loss, the plan's output holds their outputs and {@code rowLoss} each row's loss (auxiliary
     * terms included). One machine's share of a data-parallel step, and fit's own batches.
     */
    public void runSlice(int rows, float[] xs, float[] ys, long seed, float[] rowLoss) {
        forwardBackward(rows, xs, ys, seed);
        plan.backend().read(lossPerRow, rowLoss, 0, rows);
        addAuxiliary(rowLoss, rows);
    }

    /**
     * Training step {@code t} (from 1) on {@code rows} samples as fit takes it: {@link #runSlice} with the step's seed, then
     * the optimizer's step. One machine's local step of parameter averaging.
     */
    public void localStep(int rows, float[] xs, float[] ys, int t, float[] rowLoss) {
        runSlice(rows, xs, ys, stepSeed(t), rowLoss);
        optimizer.step(plan.backend(), plan.parameters(), t, rows);
    }

    /** The seed of training step {@code step} (from 1): dropout and noise draw from it. */
    public long stepSeed(int step) {
        return stepSeed(config.seed(), step);
    }

    /** The seed of step {@code step} of a network trained with seed {@code seed} (a GAN's two: its seed and the next). */
    static long stepSeed(long seed, int step) {
        return CounterRandom.hash(seed, step) ^ ((long) step << 32);
    }

    /** Splits off the last {@code validation_split} of the data (before shuffling, as Keras does) and trains. */
    public History fit(Samples data, TrainingListener listener) {
        return fit(data, listener, null, null);
    }

    /**
     * As above, keeping checkpoints and continuing from one.
     *
     * @param saver receives a {@link Checkpoint} at every epoch end, every {@code checkpoint_minutes} within
     *              an epoch and when a stop request ends training; null for none
     * @param from  a checkpoint this trainer's run saved, to continue from exactly as if never interrupted
     *              (same data, configuration and backend); null to start afresh
     * @return the epochs this call trained
     * @throws TrainingDiverged when a batch's loss is not finite and {@code on_non_finite} is "stop"
     */
    public History fit(Samples data, TrainingListener listener, Consumer<Checkpoint> saver, Checkpoint from) {
        checkFits(data);
        int valCount = config.validationRows(data.count());
        Samples train = trainingRows(data);
        Samples val = valCount > 0 ? ShuffledEpoch.keptWhenBuffered(data.rows(data.count() - valCount, data.count())) : null;
        if (fitClosedForms(train)) {
            long start = System.nanoTime();
            Map<String, Double> values = new LinkedHashMap<>();
            evaluate(train).forEach(values::put);
            if (val != null) {
                validate(val, values, listener);
            }
            EpochResult fitted = new EpochResult(1, values, (System.nanoTime() - start) / 1e9);
            listener.epochEnd(fitted);
            return new History(List.of(fitted), false);
        }
        int batch = config.batchSize();
        int batches = (train.count() + batch - 1) / batch;
        listener.started(config.epochs(), batches);
        ResumableRandom shuffle = new ResumableRandom(config.seed());
        int firstEpoch = 1, firstBatch = 0;
        List<EpochResult> epochs = new ArrayList<>();
        EarlyStopping early = config.earlyStopping();
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        float[] xs = new float[batch * inSize], ys = new float[batch * outSize];
        // an epoch's outputs and targets are kept for its metrics only: an autoencoder's (no metrics) would be two copies of the data
        int kept = config.metrics().isEmpty() ? 0 : train.count() * outSize;
        float[] rowLoss = new float[batch], preds = new float[kept], targets = new float[kept];
        if (from != null) {
            from.checkSeed(config.seed());
            from.restore("", plan, optimizer);
            step = from.integer(Checkpoint.STEP);
            firstEpoch = from.integer(Checkpoint.EPOCH);
            firstBatch = from.integer(Checkpoint.BATCH);
            shuffle = ResumableRandom.fromState(from.text(Checkpoint.RANDOM_AT_EPOCH_START));
            best = from.number(Checkpoint.BEST);
            sinceBest = from.integer(Checkpoint.SINCE_BEST);
        }
        rehearse(train, Math.min(batch, train.count()), batches, xs, ys);
        long intervalNanos = (long) (config.checkpointMinutes() * 60e9), lastCheckpoint = System.nanoTime();
        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            String randomAtEpochStart = shuffle.state();
            try (ShuffledEpoch samples = new ShuffledEpoch(train, shuffle)) {
                double lossSum = 0;
                int seen = 0, bi = 0;
                if (epoch == firstEpoch && firstBatch > 0) { // continuing within the epoch: its sums and predictions so far
                    bi = firstBatch;
                    lossSum = from.number(Checkpoint.LOSS_SUM);
                    seen = from.integer(Checkpoint.SEEN);
                    boolean metrics = !config.metrics().isEmpty();
                    if (metrics) {
                        double[] saved = from.tensor(Checkpoint.PREDICTIONS);
                        for (int i = 0; i < seen * outSize; i++) {
                            preds[i] = (float) saved[i];
                        }
                    }
                    samples.skip(seen, metrics ? targets : null);
                }
                for (; bi < batches; bi++) {
                    BatchGradients.BatchAt at = new BatchGradients.BatchAt(epoch, bi, randomAtEpochStart);
                    int together = gradients.computedTogether(at);
                    if (together > 0 && listener.stopRequested()) {
                        save(saver, epoch, bi, randomAtEpochStart, shuffle, lossSum, seen, preds, best, sinceBest);
                        return new History(epochs, true);
                    }
                    int rows = Math.min(batch, train.count() - bi * batch);
                    samples.next(rows, xs, ys);
                    Backend b = plan.backend();
                    step++;
                    if (together > 1) {
                        listener.computedTogether(together);
                    }
                    gradients.run(at, rows, xs, ys, stepSeed(step), rowLoss);
                    double batchLoss = sum(rowLoss, rows);
                    if (!Divergence.finite(batchLoss) && config.onNonFinite().equals(TrainingConfig.STOP)) {
                        throw Divergence.diverged(List.of(plan), List.of(""), new int[] {rows}, epoch, bi, "loss", batchLoss);
                    }
                    if (!config.metrics().isEmpty()) {
                        b.read(plan.output(), preds, seen * outSize, rows * outSize);
                        System.arraycopy(ys, 0, targets, seen * outSize, rows * outSize);
                    }
                    if (!gradients.updatesWeights()) {
                        optimizer.step(b, plan.parameters(), step, rows);
                    }
                    lossSum += batchLoss;
                    seen += rows;
                    listener.batchEnd(epoch, bi, batchLoss / rows);
                    if (saver != null && bi + 1 < batches && System.nanoTime() - lastCheckpoint >= intervalNanos
                            && gradients.computedTogether(new BatchGradients.BatchAt(epoch, bi + 1, randomAtEpochStart)) > 0) {
                        save(saver, epoch, bi + 1, randomAtEpochStart, shuffle, lossSum, seen, preds, best, sinceBest);
                        lastCheckpoint = System.nanoTime();
                    }
                }
                Map<String, Double> values = new LinkedHashMap<>();
                values.put("loss", lossSum / seen);
                for (String m : config.metrics()) {
                    values.put(m, Metrics.compute(m, toProbabilities(preds, seen), targets, seen, outSize));
                }
                if (val != null) {
                    validate(val, values, listener);
                }
                EpochResult result = new EpochResult(epoch, values, (System.nanoTime() - start) / 1e9);
                epochs.add(result);
                listener.epochEnd(result);
                boolean stop = false;
                if (early != null) {
                    double valLoss = values.get("val_loss");
                    if (valLoss < best - early.minDelta()) {
                        best = valLoss;
                        sinceBest = 0;
                    } else {
                        stop = ++sinceBest >= early.patience();
                    }
                }
                save(saver, epoch + 1, 0, shuffle.state(), shuffle, 0, 0, preds, best, sinceBest);
                lastCheckpoint = System.nanoTime();
                if (stop) {
                    return new History(epochs, true);
                }
            }
        }
        return new History(epochs, false);
    }

    /**
     * The rows fit trains on: all but the last {@code validation_split} of them.
     *
     * @throws IllegalArgumentException when the split leaves none
     */
    private Samples trainingRows(Samples data) {
        return trainingRows(data, config);
    }

    /** As fit splits them (and, when the shuffle buffer holds them all, keeps them in memory): {@link BatchSlices} reads the same. */
    static Samples trainingRows(Samples data, TrainingConfig config) {
        int valCount = config.validationRows(data.count());
        if (data.count() - valCount == 0) {
            throw new IllegalArgumentException("no training samples left after validation_split " + config.validationSplit());
        }
        return ShuffledEpoch.keptWhenBuffered(valCount > 0 ? data.rows(0, data.count() - valCount) : data);
    }

    /**
     * Runs batch {@code index} (counted from 0 over the epochs) as {@link #fit} would train it from the plan's current
     * weights: the same validation split, seeded shuffle, dropout and noise draws. Forward and backward only, unless
     * {@code update}: then one optimizer step too, numbered after this trainer's earlier updates (a new trainer's first
     * has no momentum yet and Adam's bias correction of step 1; the next continue from there).
     *
     * @throws IllegalArgumentException when the data does not fit the network or the batch is past the last epoch
     */
    public BatchStep step(Samples data, int index, boolean update) {
        checkFits(data);
        Samples train = trainingRows(data);
        int batch = config.batchSize(), batches = (train.count() + batch - 1) / batch;
        if (index < 0 || index >= (long) batches * config.epochs()) {
            throw new IllegalArgumentException("there is no batch " + index + ": training has batches 0 to " + ((long) batches * config.epochs() - 1)
                    + " (" + config.epochs() + (config.epochs() == 1 ? " epoch" : " epochs") + " of " + batches + (batches == 1 ? " batch)" : " batches)"));
        }
        int epoch = index / batches, inEpoch = index % batches, rows = Math.min(batch, train.count() - inEpoch * batch);
        float[] xs = new float[rows * inSize], ys = new float[rows * outSize];
        ResumableRandom shuffle = new ResumableRandom(config.seed());
        for (int e = 0; e <= epoch; e++) { // each epoch draws its order (and, for streamed data, its windows') from the generator
            try (ShuffledEpoch samples = new ShuffledEpoch(train, shuffle)) {
                samples.skip(e < epoch ? train.count() : inEpoch * batch, null);
                if (e == epoch) {
                    samples.next(rows, xs, ys);
                }
            }
        }
        int t = index + 1; // the step fit counts this batch as
        float[] rowLoss = new float[rows];
        runSlice(rows, xs, ys, stepSeed(t), rowLoss);
        double loss = sum(rowLoss, rows);
        List<WeightTensor> tensors = new ArrayList<>();
        tensors.add(new WeightTensor("inputs", withRows(rows, plan.inputShape()), xs));
        tensors.add(new WeightTensor("targets", withRows(rows, plan.outputShape()), ys));
        for (String id : plan.nodeIds()) {
            Shape shape = withRows(rows, plan.shapeOf(id));
            tensors.add(new WeightTensor(id + "/output", shape, read(plan.outputOf(id), shape.size())));
            Tensor grad = plan.gradientOf(id);
            if (grad != null) {
                tensors.add(new WeightTensor(id + "/grad_output", shape, read(grad, shape.size())));
            }
        }
        for (Parameter p : plan.parameters()) {
            tensors.add(new WeightTensor(p.qualifiedName(), p.spec().shape(), read(p.value(), p.size())));
            if (p.grad() != null) {
                tensors.add(new WeightTensor(p.qualifiedName() + ".grad", p.spec().shape(), read(p.grad(), p.size())));
            }
        }
        if (update) {
            optimizer.step(plan.backend(), plan.parameters(), ++steppedUpdates, rows);
            for (Parameter p : plan.parameters()) {
                tensors.add(new WeightTensor(p.qualifiedName() + ".next", p.spec().shape(), read(p.value(), p.size())));
            }
        }
        return new BatchStep(epoch + 1, inEpoch, rows, loss / rows, tensors);
    }

    private static Shape withRows(int rows, Shape sample) {
        int[] dims = new int[sample.rank() + 1];
        dims[0] = rows;
        System.arraycopy(sample.dims(), 0, dims, 1, sample.rank());
        return Shape.of(dims);
    }

    private float[] read(Tensor t, int n) {
        float[] v = new float[n];
        plan.backend().read(t, v, 0, n);
        return v;
    }

    /** A batch's summed loss. */
    private static double sum(float[] rowLoss, int rows) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += rowLoss[r];
        }
        return sum;
    }

    /** Runs the network forward and backward on the batch in xs and ys: the per-row losses in lossPerRow, every gradient set. */
    private void forwardBackward(int rows, float[] xs, float[] ys, long seed) {
        Backend b = plan.backend();
        b.write(plan.input(), xs, 0, rows * inSize);
        b.write(target, ys, 0, rows * outSize);
        plan.forward(rows, true, seed);
        b.loss(loss, config.fromLogits(), plan.output(), target, plan.outputGrad(), lossPerRow, rows, outSize);
        plan.backward(rows);
    }

    /**
     * Trains steps on the first rows of the data at the real batch size until the JIT has compiled what they run, then
     * puts back every weight and the optimizer's state exactly as they were (as a checkpoint does): the steps leave no
     * trace but the code the JIT compiled for these shapes, which the first epoch would otherwise wait for. It trains at
     * least {@link Backend#beginWarmUp()} steps, then stops once the compiler threads have been quiet for a while, after
     * {@link #WARM_UP_LIMIT_NANOS} (a network whose steps take long has its loops compiled while running), or after as many
     * steps as an epoch has: more would cost more than the first epoch could gain.
     */
    private void rehearse(Samples train, int rows, int batches, float[] xs, float[] ys) {
        int steps = plan.backend().beginWarmUp();
        if (steps == 0) {
            return;
        }
        try {
            trainAndUndo(steps, train, rows, batches, xs, ys);
        } finally {
            plan.backend().endWarmUp();
        }
    }

    /** The warm-up's steps: at least {@code steps}, then until the JIT is quiet, the time limit or an epoch's steps; then undone. */
    private void trainAndUndo(int steps, Samples train, int rows, int batches, float[] xs, float[] ys) {
        List<Checkpoint.Values> saved = new ArrayList<>();
        Checkpoint.capture(saved, "", plan, optimizer);
        train.copy(0, rows, xs, 0, ys, 0);
        CompilerActivity jit = CompilerActivity.ofThisProcess();
        long start = System.nanoTime(), windowStart = start, jitAtWindowStart = jit.cpuNanos();
        int most = Math.max(steps, batches);
        for (int t = 1; t <= most; t++) {
            forwardBackward(rows, xs, ys, CounterRandom.hash(config.seed(), -t));
            optimizer.step(plan.backend(), plan.parameters(), t, rows);
            long now = System.nanoTime();
            if (now - start >= WARM_UP_LIMIT_NANOS) {
                break;
            }
            if (now - windowStart >= QUIET_WINDOW_NANOS) {
                long compiling = jit.cpuNanos() - jitAtWindowStart;
                if (t >= steps && compiling * 5 <= now - windowStart) {
                    break;
                }
                windowStart = now;
                jitAtWindowStart += compiling;
            }
        }
        new Checkpoint(saved, Map.of()).restore("", plan, optimizer);
    }

    /** A checkpoint before batch {@code batch} (0-based) of epoch {@code epoch}, after {@code seen} rows of it. */
    private void save(Consumer<Checkpoint> saver, int epoch, int batch, String randomAtEpochStart, ResumableRandom shuffle, double lossSum,
                      int seen, float[] preds, double best, int sinceBest) {
        if (saver == null) {
            return;
        }
        List<Checkpoint.Values> tensors = new ArrayList<>();
        Checkpoint.capture(tensors, "", plan, optimizer);
        if (seen > 0 && !config.metrics().isEmpty()) {
            double[] p = new double[seen * outSize];
            for (int i = 0; i < p.length; i++) {
                p[i] = preds[i];
            }
            tensors.add(new Checkpoint.Values(Checkpoint.PREDICTIONS, Shape.of(p.length), p, false));
        }
        Map<String, String> m = Checkpoint.metadata(config.seed(), epoch, batch, step);
        m.put(Checkpoint.RANDOM_AT_EPOCH_START, randomAtEpochStart);
        m.put(Checkpoint.RANDOM_NOW, shuffle.state());
        m.put(Checkpoint.LOSS_SUM, String.valueOf(lossSum));
        m.put(Checkpoint.SEEN, String.valueOf(seen));
        m.put(Checkpoint.BEST, String.valueOf(best));
        m.put(Checkpoint.SINCE_BEST, String.valueOf(sinceBest));
        saver.accept(new Checkpoint(tensors, m));
    }

    /**
     * Fits every closed-form layer (LDA, QDA) on the training data and writes its parameters;
     * returns true when nothing is left to train by gradient descent.
     *
     * @throws IllegalArgumentException when a closed-form layer does not read the Input directly
     */
    private boolean fitClosedForms(Samples samples) {
        Dataset train = null; // read into memory only for a closed-form layer, which needs every row at once
        var v = plan.validation();
        boolean any = false;
        for (String id : v.order()) {
            if (!(v.types().get(id) instanceof org.layercanvas.engine.spi.ClosedForm fit)) {
                continue;
            }
            LayerConfig c = v.configs().get(id);
            if (!(v.types().get(c.inputIds().get(0)) instanceof org.layercanvas.engine.layers.InputLayer)) {
                throw new IllegalArgumentException(c.describe() + " is fitted in closed form on the data, so it must read the Input directly");
            }
            if (samples.targetShape().size() != 1) {
                throw new IllegalArgumentException(c.describe() + " needs one class label (0 or 1) per sample, not " + samples.targetShape()
                        + ": remove data.preprocess.one_hot");
            }
            train = train == null ? samples.load() : train;
            Map<String, float[]> values = fit.fit(c, inSize, train.features(), train.targets(), train.count());
            for (var p : plan.parameters()) {
                if (p.nodeId().equals(id)) {
                    plan.backend().write(p.value(), values.get(p.spec().name()), 0, p.size());
                }
            }
            any = true;
        }
        return any && plan.parameters().stream().noneMatch(p -> p.grad() != null);
    }

    private void validate(Samples val, Map<String, Double> values, TrainingListener listener) {
        Evaluation e = assess(val);
        e.values().forEach((k, v) -> values.put("val_" + k, v));
        listener.validated(val, e);
    }

    /** The loss and every configured metric on {@code data}, in inference mode. */
    public Map<String, Double> evaluate(Samples data) {
        return assess(data).values();
    }

    /**
     * Metrics and the network's outputs (as the metrics saw them: probabilities, not logits) on a data set,
     * with the data's targets (rows × outputs) they were measured against.
     */
    public record Evaluation(Map<String, Double> values, float[] outputs, float[] targets) {
    }

    /** {@link #evaluate} that also returns the outputs, for diagnostics such as ROC curves. */
    public Evaluation assess(Samples data) {
        checkFits(data);
        Backend b = plan.backend();
        int batch = plan.maxBatch();
        float[] preds = new float[data.count() * outSize], targets = new float[data.count() * outSize];
        float[] rowLoss = new float[batch], xs = new float[batch * inSize];
        double lossSum = 0;
        for (int start = 0; start < data.count(); start += batch) {
            int rows = Math.min(batch, data.count() - start);
            data.copy(start, rows, xs, 0, targets, start * outSize);
            b.write(plan.input(), xs, 0, rows * inSize);
            b.write(target, targets, start * outSize, rows * outSize);
            plan.forward(rows, false, 0);
            b.loss(loss, config.fromLogits(), plan.output(), target, plan.outputGrad(), lossPerRow, rows, outSize);
            b.read(lossPerRow, rowLoss, 0, rows);
            addAuxiliary(rowLoss, rows);
            b.read(plan.output(), preds, start * outSize, rows * outSize);
            for (int r = 0; r < rows; r++) {
                lossSum += rowLoss[r];
            }
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", data.count() == 0 ? Double.NaN : lossSum / data.count());
        float[] outputs = toProbabilities(preds, data.count());
        for (String m : config.metrics()) {
            values.put(m, Metrics.compute(m, outputs, targets, data.count(), outSize));
        }
        return new Evaluation(values, outputs, targets);
    }

    /** Adds the layers' own loss terms (KL divergence) to each row's loss. */
    private void addAuxiliary(float[] rowLoss, int rows) {
        for (Tensor aux : plan.auxiliaryLosses()) {
            float[] extra = new float[rows];
            plan.backend().read(aux, extra, 0, rows);
            for (int r = 0; r < rows; r++) {
                rowLoss[r] += extra[r];
            }
        }
    }

    /** With from_logits the network outputs logits; metrics that threshold at 0.5 need probabilities. */
    private float[] toProbabilities(float[] preds, int rows) {
        if (!config.fromLogits() || outSize != 1) {
            return preds; // argmax of logits equals argmax of softmax
        }
        float[] p = new float[rows];
        for (int i = 0; i < rows; i++) {
            p[i] = (float) (1 / (1 + Math.exp(-preds[i])));
        }
        return p;
    }

    private void checkFits(Samples data) {
        if (data.featureShape().size() != inSize) {
            throw new IllegalArgumentException("the network's input takes " + plan.inputShape() + " (" + inSize
                    + " values) per sample but the data has " + data.featureShape() + " (" + data.featureShape().size() + ")");
        }
        if (data.targetShape().size() != outSize) {
            throw new IllegalArgumentException("the network's output gives " + plan.outputShape() + " (" + outSize
                    + " values) per sample but the data's targets have " + data.targetShape()
                    + (data.targetShape().size() == 1 && outSize > 1 ? ": set data.preprocess.one_hot to " + outSize : ""));
        }
    }

    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
