package org.layercanvas.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.train.BatchGradients;

/**
 * Synchronous data-parallel steps: each batch is cut into one slice per partition; a Spark job runs every slice on the
 * executors ({@link SliceWorker}) from the driver's current weights (a broadcast); the driver adds the slices' gradients,
 * each weighted by its share of the batch's rows, in partition order ({@link PartitionResults}), so the result does not depend on which executor ran what, and its trainer takes the optimizer
 * step as on one machine. One job per step: its fixed cost (tens to hundreds of milliseconds) is what the measured
 * overhead per synchronisation is.
 *
 * <p>Batch normalisation normalises each slice with the slice's own statistics, as PyTorch's DistributedDataParallel
 * without SyncBatchNorm does (the same as one machine with one slice per batch); the running statistics the slices'
 * forward passes left are averaged, weighted by rows, into the driver's: the running mean is then the whole batch's, the
 * running variance the mean of the slices' variances.
 */
final class SyncGradients implements BatchGradients {
    private final JavaSparkContext spark;
    private final Plan plan;
    private final SliceWorker.Job job;
    private final int partitions;
    private final JavaRDD<Integer> slices;
    private long syncNanos;
    private int steps;

    /**
     * @param plan       the driver's plan: its weights go out, the summed gradients (and averaged running statistics) come back into it
     * @param partitions slices per batch (a batch smaller than that has fewer: one row each)
     */
    SyncGradients(JavaSparkContext spark, Plan plan, SliceWorker.Job job, int partitions) {
        this.spark = spark;
        this.plan = plan;
        this.job = job;
        this.partitions = partitions;
        this.slices = PartitionResults.tasks(spark, partitions);
    }

    @Override
    public void run(BatchAt at, int rows, float[] xs, float[] ys, long seed, float[] rowLoss) {
        long start = System.nanoTime();
        Broadcast<float[]> weights = spark.broadcast(SliceWorker.Flat.weights(plan));
        int parts = Math.min(partitions, rows);
        SliceWorker.Job job = this.job;
        int epoch = at.epoch(), batch = at.batch();
        String shuffle = at.shuffleAtEpochStart(); // the task carries plain values: BatchAt is not Serializable
        List<SliceResult> results = slices.filter(p -> p < parts).map(p -> SliceWorker.of(job).run(weights.value(),
                new BatchAt(epoch, batch, shuffle), p * rows / parts, (p + 1) * rows / parts, seed)).collect();
        weights.destroy();
        // each slice's gradient is of its rows' mean loss: weighted by its share of the batch, they add up to the batch's
        int[] sliceRows = results.stream().mapToInt(r -> r.rowLoss().length).toArray();
        SliceWorker.Flat.writeGradients(plan, PartitionResults.weightedMean(results.stream().map(SliceResult::gradients).toList(), sliceRows));
        if (results.get(0).state().length > 0) {
            SliceWorker.Flat.writeUntrained(plan, PartitionResults.weightedMean(results.stream().map(SliceResult::state).toList(), sliceRows));
        }
        System.arraycopy(PartitionResults.concatenate(results.stream().map(SliceResult::rowLoss).toList()), 0, rowLoss, 0, rows);
        float[] outputs = PartitionResults.concatenate(results.stream().map(SliceResult::outputs).toList());
        plan.backend().write(plan.output(), outputs, 0, outputs.length);
        steps++;
        syncNanos += System.nanoTime() - start;
    }

    /** Mean seconds per step from broadcasting the weights to having the summed gradients: the cost of one synchronisation. */
    double secondsPerStep() {
        return steps == 0 ? 0 : syncNanos / 1e9 / steps;
    }

    int steps() {
        return steps;
    }
}
