package org.layercanvas.engine.insight;

import java.util.Arrays;

/**
 * Two-sample Kolmogorov–Smirnov test, unbinned, as TMVA's overtraining check reads it: a small
 * probability says the two samples are unlikely to come from one distribution. NaN values are left
 * out (±Infinity are kept: they order); when either sample is then empty, every field is NaN.
 */
public final class KolmogorovSmirnov {
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    /** D = sup |F_a − F_b|, the probability Q_KS(z) of a D at least this large, and z = D·√(na·nb/(na+nb)). */
    public record Result(double statistic, double probability, double z) {
    }

    private KolmogorovSmirnov() {
    }

    /** Tests the first na values of a against the first nb values of b. */
    public static Result test(float[] a, int na, float[] b, int nb) {
        float[] x = finiteSorted(a, na), y = finiteSorted(b, nb);
        int n = x.length, m = y.length;
        if (n == 0 || m == 0) {
            return new Result(Double.NaN, Double.NaN, Double.NaN);
        }
        double d = 0;
        int i = 0, j = 0;
        // once one sample is used up its CDF is 1 and the gap only shrinks, so the loop can stop there
        while (i < n && j < m) {
            float v = Math.min(x[i], y[j]);
            // step both CDFs past every value equal to v before comparing, so ties never open a false gap
            // (<= rather than Float.compare so that -0.0 and 0.0 count as one value)
            while (i < n && x[i] <= v) {
                i++;
            }
            while (j < m && y[j] <= v) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / n - (double) j / m));
        }
        double z = d * Math.sqrt((double) n * m / (n + m));
        return new Result(d, kolmogorovProbability(z), z);
    }

    private static float[] finiteSorted(float[] v, int count) {
        float[] s = new float[count];
        int k = 0;
        for (int i = 0; i < count; i++) {
            if (!Float.isNaN(v[i])) {
                s[k++] = v[i];
            }
        }
        s = Arrays.copyOf(s, k);
        Arrays.sort(s);
        return s;
    }

    /**
     * Q_KS(z) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²z²), the limiting probability that √(nm/(n+m))·D exceeds z.
     * That series converges slowly as z → 0, so below z = 1 the equivalent Jacobi-theta form
     * 1 − (√(2π)/z) Σ_{k≥1} exp(−(2k−1)²π²/(8z²)) is used (as in ROOT's TMath::KolmogorovProb), which
     * gives exactly 1 for small z. Both are summed until the terms no longer change the result.
     */
    public static double kolmogorovProbability(double z) {
        if (z <= 0) {
            return 1;
        }
        if (z < 1) {
            double sum = 0;
            for (int k = 1; ; k++) {
                double term = Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * z * z));
                sum += term;
                if (term <= 1e-17 * sum) {
                    return 1 - SQRT_2PI / z * sum;
                }
            }
        }
        double sum = 0;
        for (int k = 1; ; k++) {
            double term = Math.exp(-2.0 * k * k * z * z);
            sum += (k % 2 == 1) ? term : -term;
            if (term <= 1e-17 * sum) {
                return Math.max(0, 2 * sum);
            }
        }
    }
}
