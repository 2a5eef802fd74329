package org.layercanvas.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.train.BatchGradients;
import org.layercanvas.engine.train.GanGradients;

/**
 * Synchronous data-parallel steps: each batch is cut into one slice per partition; a Spark job runs every slice on the
 * executors ({@link SliceWorker}) from the driver's current weights (a broadcast); the driver adds the slices' gradients,
 * each weighted by its share of the batch's rows, in partition order ({@link PartitionResults}), so the result does not depend on which executor ran what, and its trainer takes the optimizer
 * step as on one machine. One job per step: its fixed cost (tens to hundreds of milliseconds) is what the measured
 * overhead per synchronisation is.
 *
 * <p>A GAN's step is two such jobs, the discriminator's and then the generator's, each from both networks' current weights.
 *
 * <p>Batch normalisation normalises each slice with the slice's own statistics, as PyTorch's DistributedDataParallel
 * without SyncBatchNorm does (the same as one machine with one slice per batch); the running statistics the slices'
 * forward passes left are averaged, weighted by rows, into the driver's: the running mean is then the whole batch's, the
 * running variance the mean of the slices' variances.
 */
final class SyncGradients implements BatchGradients, GanGradients {
    private final JavaSparkContext spark;
    /** The network trained, or a GAN's generator. */
    private final Plan plan;
    /** A GAN's discriminator, or null. */
    private final Plan discriminator;
    private final SliceWorker.Job job;
    private final int partitions;
    private final JavaRDD<Integer> slices;
    private long syncNanos;
    private int steps;

    /**
     * @param plan          the driver's plan: its weights go out, the summed gradients (and averaged running statistics) come back into it
     * @param discriminator a GAN's discriminator (then {@code plan} is its generator), or null
     * @param partitions    slices per batch (a batch smaller than that has fewer: one row each)
     */
    SyncGradients(JavaSparkContext spark, Plan plan, Plan discriminator, SliceWorker.Job job, int partitions) {
        this.spark = spark;
        this.plan = plan;
        this.discriminator = discriminator;
        this.job = job;
        this.partitions = partitions;
        this.slices = PartitionResults.tasks(spark, partitions);
    }

    @Override
    public void run(BatchAt at, int rows, float[] xs, float[] ys, long seed, float[] rowLoss) {
        int epoch = at.epoch(), batch = at.batch();
        String shuffle = at.shuffleAtEpochStart(); // the task carries plain values: BatchAt is not Serializable
        List<SliceResult> results = synchronise(rows, SliceWorker.Flat.weights(plan),
                (worker, weights, from, to) -> worker.run(weights, new BatchAt(epoch, batch, shuffle), from, to, seed), plan, plan);
        System.arraycopy(PartitionResults.concatenate(results.stream().map(SliceResult::rowLoss).toList()), 0, rowLoss, 0, rows);
        float[] outputs = PartitionResults.concatenate(results.stream().map(SliceResult::outputs).toList());
        plan.backend().write(plan.output(), outputs, 0, outputs.length);
    }

    /**
     * A GAN's discriminator step: each slice runs its share of the batch's real rows (read on the executor) and of the
     * noise (which travels with the task: rows × the generator's input) through both networks.
     */
    @Override
    public double discriminator(BatchAt at, int rows, float[] real, float[] z, long gSeed, long dSeed) {
        int epoch = at.epoch(), batch = at.batch();
        String shuffle = at.shuffleAtEpochStart();
        return meanLoss(rows, synchronise(rows, SliceWorker.Flat.weights(plan, discriminator), (worker, weights, from, to) ->
                worker.discriminator(weights, new BatchAt(epoch, batch, shuffle), from, to, z, gSeed, dSeed), discriminator, plan, discriminator));
    }

    /** A GAN's generator step: each slice its share of the noise, through the discriminator into the generator. */
    @Override
    public double generator(int rows, float[] z, long gSeed, long dSeed) {
        return meanLoss(rows, synchronise(rows, SliceWorker.Flat.weights(plan, discriminator),
                (worker, weights, from, to) -> worker.generator(weights, from, to, z, gSeed, dSeed), plan, plan, discriminator));
    }

    /** What a task runs on its executor's worker, from the broadcast weights, on rows {@code from} to {@code to} of the batch. */
    private interface SliceTask<R extends SliceSums> extends java.io.Serializable {
        R run(SliceWorker worker, float[] weights, int from, int to);
    }

    /**
     * One synchronisation, one Spark job: {@code weights} out (a broadcast), a task per slice of the batch's {@code rows},
     * and back the slices' results in partition order; each slice's gradient is of its rows' mean loss, so weighted by its
     * share of the batch they add up to the batch's, which go into {@code stepped}; the running statistics, weighted alike,
     * into {@code withState}.
     */
    private <R extends SliceSums> List<R> synchronise(int rows, float[] weights, SliceTask<R> task, Plan stepped, Plan... withState) {
        long start = System.nanoTime();
        Broadcast<float[]> sent = spark.broadcast(weights);
        int parts = Math.min(partitions, rows);
        SliceWorker.Job job = this.job;
        List<R> results = slices.filter(p -> p < parts).map(p -> task.run(SliceWorker.of(job), sent.value(), p * rows / parts,
                (p + 1) * rows / parts)).collect();
        sent.destroy();
        int[] sliceRows = results.stream().mapToInt(SliceSums::rows).toArray();
        SliceWorker.Flat.writeGradients(PartitionResults.weightedMean(results.stream().map(SliceSums::gradients).toList(), sliceRows), stepped);
        if (results.get(0).state().length > 0) {
            SliceWorker.Flat.writeUntrained(PartitionResults.weightedMean(results.stream().map(SliceSums::state).toList(), sliceRows), withState);
        }
        steps++;
        syncNanos += System.nanoTime() - start;
        return results;
    }

    /** The batch's mean loss from its slices' means, each weighted by its rows. */
    private static double meanLoss(int rows, List<GanSliceResult> results) {
        double loss = 0;
        for (GanSliceResult r : results) {
            loss += r.loss() * r.rows() / rows;
        }
        return loss;
    }

    /** Mean seconds per step from broadcasting the weights to having the summed gradients: the cost of one synchronisation. */
    double secondsPerStep() {
        return steps == 0 ? 0 : syncNanos / 1e9 / steps;
    }

    int steps() {
        return steps;
    }
}
