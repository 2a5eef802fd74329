package org.layercanvas.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.train.BatchGradients;
import org.layercanvas.engine.train.Optimizer;

/**
 * Parameter averaging: every {@code every} batches, one Spark job. Each task starts from the broadcast weights and
 * optimizer state and trains on its slice of each of the round's batches (one optimizer step per batch, as many rows as
 * a synchronous step would give it); the driver averages what comes back, weights and optimizer state, each task
 * weighted by the rows it trained on, and the round's batches are reported one by one as the trainer asks for them.
 * Fewer synchronisations than {@link SyncGradients} ({@code 1/every} of them), at the price of training that is no
 * longer that of one machine: slices step on their own gradients in between.
 */
final class AveragedSteps implements BatchGradients {
    private final JavaSparkContext spark;
    private final Plan plan;
    private final SliceWorker.Job job;
    private final int partitions, every, batchSize, trainRows, batchesPerEpoch;
    private final JavaRDD<Integer> tasks;
    /** The driver's optimizer: it holds the averaged state after every round, so checkpoints (and resuming) have it. */
    private Optimizer optimizer;
    /** Weights and optimizer state after the last round (null until the first, which starts from the driver's). */
    private float[] state;
    /** Per batch of the current round not yet reported: its rows' losses and outputs. */
    private final Deque<float[][]> pending = new ArrayDeque<>();
    private long roundNanos;
    private int rounds;

    AveragedSteps(JavaSparkContext spark, Plan plan, SliceWorker.Job job, int partitions, int every, int batchSize, int trainRows) {
        this.spark = spark;
        this.plan = plan;
        this.job = job;
        this.partitions = partitions;
        this.every = every;
        this.batchSize = batchSize;
        this.trainRows = trainRows;
        this.batchesPerEpoch = (trainRows + batchSize - 1) / batchSize;
        this.tasks = PartitionResults.tasks(spark, partitions);
    }

    @Override
    public boolean updatesWeights() {
        return true;
    }

    @Override
    public void attach(org.layercanvas.engine.train.Trainer trainer) {
        optimizer = trainer.optimizer();
    }

    /** A round's first batch brings the whole round; the others are already done (so training stops only between rounds). */
    @Override
    public int computedTogether(BatchAt at) {
        return pending.isEmpty() ? roundLength(at) : 0;
    }

    private int roundLength(BatchAt at) {
        return Math.min(every, batchesPerEpoch - at.batch());
    }

    @Override
    public void run(BatchAt at, int rows, float[] xs, float[] ys, long seed, float[] rowLoss) {
        if (pending.isEmpty()) {
            round(at);
        }
        float[][] batch = pending.poll();
        System.arraycopy(batch[0], 0, rowLoss, 0, rows);
        plan.backend().write(plan.output(), batch[1], 0, batch[1].length);
    }

    /** Trains the round that starts at {@code at} on the executors and averages what they return. */
    private void round(BatchAt at) {
        long start = System.nanoTime();
        if (state == null) { // the driver's weights and optimizer state: fresh, or as a resumed run's checkpoint left them
            state = SliceWorker.Flat.state(plan, optimizer);
        }
        int count = roundLength(at);
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = Math.min(batchSize, trainRows - (at.batch() + i) * batchSize);
        }
        int firstStep = (at.epoch() - 1) * batchesPerEpoch + at.batch() + 1, parts = partitions, epoch = at.epoch(), first = at.batch();
        String shuffle = at.shuffleAtEpochStart();
        SliceWorker.Job job = this.job;
        Broadcast<float[]> from = spark.broadcast(state);
        List<RoundResult> results = tasks.map(p -> SliceWorker.of(job).train(from.value(), epoch, first, shuffle, rows, p, parts, firstStep))
                .collect();
        from.destroy();
        state = PartitionResults.weightedMean(results.stream().map(RoundResult::state).toList(),
                results.stream().mapToInt(RoundResult::rows).toArray());
        SliceWorker.Flat.writeState(plan, optimizer, state);
        for (int b = 0; b < count; b++) { // the partitions' slices in order: the batch's rows as the trainer read them
            int batch = b;
            pending.add(new float[][] {PartitionResults.concatenate(results.stream().map(r -> r.rowLoss()[batch]).toList()),
                    PartitionResults.concatenate(results.stream().map(r -> r.outputs()[batch]).toList())});
        }
        rounds++;
        roundNanos += System.nanoTime() - start;
    }

    /** Mean seconds per round, from the broadcast to the averaged weights. */
    double secondsPerRound() {
        return rounds == 0 ? 0 : roundNanos / 1e9 / rounds;
    }

    int rounds() {
        return rounds;
    }
}
