package org.layercanvas.engine.insight;

/**
 * Statistics of one tensor (or a slice of it). {@code count} is every value; mean, population std,
 * min, max and the L2 norm are over the finite values only, so one NaN does not blank the whole row
 * of a dashboard while {@code nonFiniteFraction} still reports it. With no finite value mean, std, min
 * and max are NaN and the norm is 0; with no value at all the fractions are NaN too.
 */
public record Summary(long count, double mean, double std, double min, double max, double l2Norm,
                      double zeroFraction, double nonFiniteFraction) {

    /**
     * Two passes in double: sums, extremes and counts first, then Σ(x − mean)², which does not cancel
     * like Σx² − n·mean² and, unlike Welford's update, has no division per value (a dashboard looks at
     * hundreds of thousands of weights a few times per second).
     */
    public static Summary of(float[] values, int offset, int length) {
        long finite = 0, zeros = 0;
        double sum = 0, sumSq = 0;
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + length; i++) {
            double v = values[i];
            if (v == 0) {
                zeros++;
            }
            if (!Double.isFinite(v)) {
                continue;
            }
            finite++;
            sum += v;
            sumSq += v * v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        boolean none = finite == 0;
        double mean = none ? Double.NaN : sum / finite, m2 = 0;
        for (int i = offset; !none && i < offset + length; i++) {
            double v = values[i];
            if (Double.isFinite(v)) {
                m2 += (v - mean) * (v - mean);
            }
        }
        return new Summary(length, mean, none ? Double.NaN : Math.sqrt(m2 / finite),
                none ? Double.NaN : min, none ? Double.NaN : max, Math.sqrt(sumSq),
                (double) zeros / length, (double) (length - finite) / length);
    }

    /** The histogram of the values this summary describes, over their range (see {@link Histogram#of(float[], int, int, int)}). */
    public Histogram histogram(float[] values, int offset, int length, int bins) {
        boolean none = Double.isNaN(min); // no finite value: autoRange's empty case (min > max)
        double[] range = Histogram.autoRange(none ? 1 : min, none ? 0 : max);
        return Histogram.of(values, offset, length, range[0], range[1], bins);
    }

    /** ‖a‖₂ over a slice, accumulated in double. */
    public static double norm(float[] a, int offset, int length) {
        double s = 0;
        for (int i = offset; i < offset + length; i++) {
            s += (double) a[i] * a[i];
        }
        return Math.sqrt(s);
    }

    /**
     * ‖a − b‖₂ over the same slice of two arrays, e.g. the size of an update ‖W_after − W_before‖.
     * Accumulated in double; a non-finite entry makes the result NaN or Infinity, as an update with one should.
     */
    public static double l2Distance(float[] a, float[] b, int offset, int length) {
        double s = 0;
        for (int i = offset; i < offset + length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
