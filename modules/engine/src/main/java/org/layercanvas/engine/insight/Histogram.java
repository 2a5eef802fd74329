package org.layercanvas.engine.insight;

import java.util.Arrays;

/**
 * Equal-width bins over [lo, hi]. Bin i holds lo + i·w ≤ v &lt; lo + (i+1)·w, except that the last
 * bin also holds v == hi. Finite values below lo / above hi are counted as underflow / overflow,
 * NaN and ±Infinity as {@link #nonFinite()}; {@link #total()} is every value seen.
 */
public final class Histogram {
    private final double lo, hi;
    private final long[] counts;
    private final long underflow, overflow, nonFinite;

    private Histogram(double lo, double hi, long[] counts, long underflow, long overflow, long nonFinite) {
        this.lo = lo;
        this.hi = hi;
        this.counts = counts;
        this.underflow = underflow;
        this.overflow = overflow;
        this.nonFinite = nonFinite;
    }

    /** A histogram from its stored parts (a run file): bin counts over [lo, hi] and the counts outside. */
    public static Histogram fromCounts(double lo, double hi, long[] counts, long underflow, long overflow, long nonFinite) {
        return new Histogram(lo, hi, counts.clone(), underflow, overflow, nonFinite);
    }

    /**
     * Histogram over [min, max] of the finite values, so only non-finite values fall outside the
     * bins. A single distinct value gets the range [v − 0.5, v + 0.5]; no finite value at all gets [0, 1].
     */
    public static Histogram of(float[] values, int offset, int length, int bins) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + length; i++) {
            if (Float.isFinite(values[i])) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
        }
        double[] range = autoRange(min, max);
        return of(values, offset, length, range[0], range[1], bins);
    }

    /** Histogram over the fixed range [lo, hi]; needs finite lo &lt; hi and bins ≥ 1. */
    public static Histogram of(float[] values, int offset, int length, double lo, double hi, int bins) {
        if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("histogram range needs finite lo < hi, got [" + lo + ", " + hi + "]");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("histogram needs at least one bin, got " + bins);
        }
        long[] counts = new long[bins];
        long under = 0, over = 0, nonFinite = 0;
        double scale = bins / (hi - lo); // one multiplication per value instead of a division
        for (int i = offset; i < offset + length; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) {
                nonFinite++;
            } else if (v < lo) {
                under++;
            } else if (v > hi) {
                over++;
            } else {
                // v == hi lands on index bins (or just below); the min() puts it into the last bin
                counts[Math.min(bins - 1, (int) ((v - lo) * scale))]++;
            }
        }
        return new Histogram(lo, hi, counts, under, over, nonFinite);
    }

    /**
     * The automatic range for finite values spanning [min, max] (min &gt; max when there were none),
     * widened so that it is never empty. Shared with {@link OvertrainingCheck}, whose range spans several inputs.
     */
    static double[] autoRange(double min, double max) {
        if (min > max) {
            return new double[] {0, 1};
        }
        if (min == max) {
            double half = Math.max(0.5, Math.ulp(min) * 4); // beyond 2^52, ±0.5 would round back to the value itself
            return new double[] {min - half, max + half};
        }
        return new double[] {min, max};
    }

    public double lo() {
        return lo;
    }

    public double hi() {
        return hi;
    }

    public int bins() {
        return counts.length;
    }

    /** A copy of the per-bin counts. */
    public long[] counts() {
        return counts.clone();
    }

    public long underflow() {
        return underflow;
    }

    public long overflow() {
        return overflow;
    }

    public long nonFinite() {
        return nonFinite;
    }

    /** Every value seen: the bins plus underflow, overflow and non-finite. */
    public long total() {
        return inRange() + underflow + overflow + nonFinite;
    }

    public double binWidth() {
        return (hi - lo) / counts.length;
    }

    public double binCenter(int i) {
        return lo + (i + 0.5) * binWidth();
    }

    /**
     * The counts scaled so that the bars have unit area (Σ density·width = 1), which lets samples of
     * different sizes be overlaid. Only the in-range values are normalised; all zeros when there are none.
     */
    public double[] density() {
        double[] d = new double[counts.length];
        long n = inRange();
        if (n > 0) {
            double scale = 1.0 / (n * binWidth());
            for (int i = 0; i < d.length; i++) {
                d[i] = counts[i] * scale;
            }
        }
        return d;
    }

    private long inRange() {
        return Arrays.stream(counts).sum();
    }
}
