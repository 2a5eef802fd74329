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
        SliceWorker.Flat.writeGradients(PartitionResults.weightedMean(results.stream().map(SliceResult::gradients).toList(), sliceRows), plan);
        if (results.get(0).state().length > 0) {
            SliceWorker.Flat.writeUntrained(PartitionResults.weightedMean(results.stream().map(SliceResult::state).toList(), sliceRows), plan);
        }
        System.arraycopy(PartitionResults.concatenate(results.stream().map(SliceResult::rowLoss).toList()), 0, rowLoss, 0, rows);
        float[] outputs = PartitionResults.concatenate(results.stream().map(SliceResult::outputs).toList());
        plan.backend().write(plan.output(), outputs, 0, outputs.length);
        steps++;
        syncNanos += System.nanoTime() - start;
    }

    /**
     * A GAN's discriminator step: each slice runs its share of the batch's real rows (read on the executor) and of the
     * noise (which travels with the task: rows × the generator's input) through both networks.
     */
    @Override
    public double discriminator(BatchAt at, int rows, float[] real, float[] z, long gSeed, long dSeed) {
        int epoch = at.epoch(), batch = at.batch();
        String shuffle = at.shuffleAtEpochStart();
        return ganStep(rows, discriminator, (worker, weights, from, to) -> worker.discriminator(weights, new BatchAt(epoch, batch, shuffle), from, to, z,
                gSeed, dSeed));
    }

    /** A GAN's generator step: each slice its share of the noise, through the discriminator into the generator. */
    @Override
    public double generator(int rows, float[] z, long gSeed, long dSeed) {
        return ganStep(rows, plan, (worker, weights, from, to) -> worker.generator(weights, from, to, z, gSeed, dSeed));
    }

    /** What a task of a GAN's step runs on its executor's worker, from both networks' weights, on rows {@code from} to {@code to}. */
    private interface GanSlice extends java.io.Serializable {
        GanSliceResult run(SliceWorker worker, float[] weights, int from, int to);
    }

    /**
     * One job of a GAN's step: both networks' weights out, {@code stepped}'s gradients (weighted by rows, added in
     * partition order) and both networks' running statistics back; returns the batch's mean loss.
     */
    private double ganStep(int rows, Plan stepped, GanSlice slice) {
        long start = System.nanoTime();
        Broadcast<float[]> weights = spark.broadcast(SliceWorker.Flat.weights(plan, discriminator));
        int parts = Math.min(partitions, rows);
        SliceWorker.Job job = this.job;
        List<GanSliceResult> results = slices.filter(p -> p < parts).map(p -> slice.run(SliceWorker.of(job), weights.value(), p * rows / parts,
                (p + 1) * rows / parts)).collect();
        weights.destroy();
        int[] sliceRows = results.stream().mapToInt(GanSliceResult::rows).toArray();
        SliceWorker.Flat.writeGradients(PartitionResults.weightedMean(results.stream().map(GanSliceResult::gradients).toList(), sliceRows), stepped);
        if (results.get(0).state().length > 0) {
            SliceWorker.Flat.writeUntrained(PartitionResults.weightedMean(results.stream().map(GanSliceResult::state).toList(), sliceRows), plan,
                    discriminator);
        }
        double loss = 0;
        for (GanSliceResult r : results) {
            loss += r.loss() * r.rows() / rows;
        }
        steps++;
        syncNanos += System.nanoTime() - start;
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
