package org.layercanvas.engine.insight;

/**
 * Counts of (true class, predicted class) over the rows of a batch. With several outputs the class
 * of a row is the argmax of its outputs (first maximum wins; targets may be one-hot or probabilities).
 * With one output there are two classes and a value is class 1 when it is &gt; 0.5 — the engine's
 * accuracy rule, which covers probabilities against 0/1 targets and ±1 targets alike (a NaN is class 0).
 * Ratios that divide by zero (an empty row or column, no rows at all) are NaN.
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final long total;

    private ConfusionMatrix(long[][] counts, long total) {
        this.counts = counts;
        this.total = total;
    }

    /** A matrix from its stored counts[true][predicted] (a run file). */
    public static ConfusionMatrix fromCounts(long[][] counts) {
        long total = 0;
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            copy[t] = counts[t].clone();
            for (long c : copy[t]) {
                total += c;
            }
        }
        return new ConfusionMatrix(copy, total);
    }

    /** predictions and targets are rows × cols, row-major. */
    public static ConfusionMatrix of(float[] predictions, float[] targets, int rows, int cols) {
        int classes = cols == 1 ? 2 : cols;
        long[][] counts = new long[classes][classes];
        for (int r = 0; r < rows; r++) {
            counts[classOf(targets, r, cols)][classOf(predictions, r, cols)]++;
        }
        return new ConfusionMatrix(counts, rows);
    }

    private static int classOf(float[] v, int row, int cols) {
        if (cols == 1) {
            return v[row] > 0.5f ? 1 : 0;
        }
        return org.layercanvas.engine.train.Metrics.argmax(v, row * cols, cols);
    }

    public int classes() {
        return counts.length;
    }

    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    public long total() {
        return total;
    }

    /** Fraction of rows on the diagonal. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return (double) correct / total;
    }

    /** Of the rows truly in class c, the fraction predicted as c. */
    public double recall(int c) {
        return (double) counts[c][c] / rowSum(c);
    }

    /** Of the rows predicted as class c, the fraction truly in c. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return (double) counts[c][c] / predicted;
    }

    /** Each true-class row divided by its sum (rows sum to 1), the usual heat-map form; an empty row is all NaN. */
    public double[][] rowNormalized() {
        double[][] m = new double[counts.length][counts.length];
        for (int t = 0; t < counts.length; t++) {
            long sum = rowSum(t);
            for (int p = 0; p < counts.length; p++) {
                m[t][p] = (double) counts[t][p] / sum;
            }
        }
        return m;
    }

    private long rowSum(int t) {
        long sum = 0;
        for (long v : counts[t]) {
            sum += v;
        }
        return sum;
    }
}
