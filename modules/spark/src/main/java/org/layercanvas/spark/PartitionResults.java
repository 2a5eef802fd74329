package org.layercanvas.spark;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What both modes do with the tasks' results on the driver: one task per partition, their arrays combined in partition
 * order (collect keeps it), so the result does not depend on which executor ran what.
 */
final class PartitionResults {
    private PartitionResults() {
    }

    /** Partitions 0 to {@code n - 1}, one task each, kept for the job of every step or round. */
    static JavaRDD<Integer> tasks(JavaSparkContext spark, int n) {
        return spark.parallelize(IntStream.range(0, n).boxed().toList(), n).cache();
    }

    /**
     * The mean of equally long arrays, each weighted by its share of {@code counts}' total (the rows it stands for),
     * summed in double in the order given.
     */
    static float[] weightedMean(List<float[]> values, int[] counts) {
        int total = IntStream.of(counts).sum();
        double[] sum = new double[values.get(0).length];
        for (int v = 0; v < values.size(); v++) {
            double share = (double) counts[v] / total;
            float[] x = values.get(v);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += share * x[i];
            }
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = (float) sum[i];
        }
        return mean;
    }

    /** The arrays one after the other: the slices of a batch back in the batch's row order. */
    static float[] concatenate(List<float[]> parts) {
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
