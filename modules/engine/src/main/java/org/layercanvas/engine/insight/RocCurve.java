package org.layercanvas.engine.insight;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * ROC curve of a score against binary targets (signal = target &gt; 0.5). Point k is the rate of
 * signal and background rows with score ≥ thresholds[k]; thresholds decrease, the first point is
 * (0, 0) at threshold +∞ and the last is (1, 1) at the lowest score. Rows sharing a score form one
 * point, so ties give a diagonal segment and the trapezoid {@link #auc()} equals the Mann–Whitney
 * AUC with ties counted half. Rows with a NaN score are left out.
 *
 * <p>When signal or background is missing the rates are undefined: the curve has no points and the
 * AUC is NaN, so a dashboard can show "n/a" instead of failing.
 */
public final class RocCurve {
    private final double[] fpr, tpr, thresholds;

    private RocCurve(double[] fpr, double[] tpr, double[] thresholds) {
        this.fpr = fpr;
        this.tpr = tpr;
        this.thresholds = thresholds;
    }

    /** A curve from its stored points (a run file), in the order {@link #falsePositiveRate()} gives them. */
    public static RocCurve fromPoints(double[] fpr, double[] tpr, double[] thresholds) {
        if (fpr.length != tpr.length || fpr.length != thresholds.length) {
            throw new IllegalArgumentException("ROC points need as many false and true positive rates as thresholds");
        }
        return new RocCurve(fpr.clone(), tpr.clone(), thresholds.clone());
    }

    public static RocCurve of(float[] scores, float[] targets, int n) {
        long[] order = new long[n];
        int m = 0;
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (!Float.isNaN(scores[i])) {
                order[m++] = sortKey(scores[i], i);
                positives += targets[i] > 0.5f ? 1 : 0;
            }
        }
        long negatives = m - positives;
        if (positives == 0 || negatives == 0) {
            return new RocCurve(new double[0], new double[0], new double[0]);
        }
        order = Arrays.copyOf(order, m);
        Arrays.sort(order);
        double[] fpr = new double[m + 1], tpr = new double[m + 1], thr = new double[m + 1];
        thr[0] = Double.POSITIVE_INFINITY;
        int points = 1;
        long tp = 0, fp = 0;
        // ascending keys are ascending scores: walk from the end for decreasing thresholds
        for (int k = m - 1; k >= 0; ) {
            float score = scores[(int) order[k]];
            // == also joins -0.0 with 0.0, which the key orders apart
            for (; k >= 0 && scores[(int) order[k]] == score; k--) {
                if (targets[(int) order[k]] > 0.5f) {
                    tp++;
                } else {
                    fp++;
                }
            }
            fpr[points] = (double) fp / negatives;
            tpr[points] = (double) tp / positives;
            thr[points] = score;
            points++;
        }
        return new RocCurve(Arrays.copyOf(fpr, points), Arrays.copyOf(tpr, points), Arrays.copyOf(thr, points));
    }

    /**
     * A long that sorts like the score, with the row index in the low half: sorting primitives avoids
     * boxing a million Integers. Flipping the magnitude bits of negative floats makes their int bits
     * order like the floats (sign-magnitude to two's complement order).
     */
    private static long sortKey(float score, int row) {
        int bits = Float.floatToIntBits(score);
        bits ^= (bits >> 31) & 0x7fffffff;
        return ((long) bits << 32) | row;
    }

    public int size() {
        return fpr.length;
    }

    public double[] falsePositiveRate() {
        return fpr.clone();
    }

    public double[] truePositiveRate() {
        return tpr.clone();
    }

    /** The score threshold of each point (≥ selects); the first is +∞. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Signal efficiency, the physicists' name for the true-positive rate. */
    public double[] signalEfficiency() {
        return tpr.clone();
    }

    /** Background rejection, 1 − false-positive rate. */
    public double[] backgroundRejection() {
        double[] r = new double[fpr.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = 1 - fpr[i];
        }
        return r;
    }

    /** Area under the curve by the trapezoid rule; NaN when the curve is empty (one class missing). */
    public double auc() {
        if (fpr.length == 0) {
            return Double.NaN;
        }
        double area = 0;
        for (int i = 1; i < fpr.length; i++) {
            area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        }
        return area;
    }

    /**
     * A curve of at most maxPoints (≥ 2) of these points, first and last kept, for drawing. Points go by
     * Visvalingam–Whyatt: repeatedly drop the point whose triangle with its neighbours is smallest. That
     * triangle is exactly the trapezoid area the drop changes, so the AUC moves as little as each step
     * allows, and collinear points (tie diagonals, flat runs) go first at no cost.
     */
    public RocCurve downsample(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a downsampled ROC curve keeps its two end points, maxPoints " + maxPoints + " < 2");
        }
        int n = fpr.length;
        if (n <= maxPoints) {
            return this;
        }
        int[] prev = new int[n], next = new int[n], stamp = new int[n];
        boolean[] removed = new boolean[n];
        // entries: {area, index, stamp}; an entry whose stamp is behind the point's is stale
        PriorityQueue<double[]> queue = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1;
        }
        for (int i = 1; i < n - 1; i++) {
            queue.add(new double[] {triangle(i - 1, i, i + 1), i, 0});
        }
        for (int left = n; left > maxPoints; ) {
            double[] e = queue.poll();
            int i = (int) e[1];
            if (removed[i] || (int) e[2] != stamp[i]) {
                continue;
            }
            removed[i] = true;
            left--;
            int p = prev[i], q = next[i];
            next[p] = q;
            prev[q] = p;
            for (int j : new int[] {p, q}) {
                if (j != 0 && j != n - 1) {
                    queue.add(new double[] {triangle(prev[j], j, next[j]), j, ++stamp[j]});
                }
            }
        }
        double[] f = new double[maxPoints], t = new double[maxPoints], th = new double[maxPoints];
        int k = 0;
        for (int i = 0; i < n; i = next[i]) {
            f[k] = fpr[i];
            t[k] = tpr[i];
            th[k] = thresholds[i];
            k++;
        }
        return new RocCurve(f, t, th);
    }

    private double triangle(int a, int b, int c) {
        return Math.abs((fpr[b] - fpr[a]) * (tpr[c] - tpr[a]) - (fpr[c] - fpr[a]) * (tpr[b] - tpr[a])) / 2;
    }
}
