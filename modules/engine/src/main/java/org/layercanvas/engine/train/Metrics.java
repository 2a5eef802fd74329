package org.layercanvas.engine.train;

import java.util.Arrays;
import java.util.List;

/**
 * The metrics of the catalogue, computed on the host from predictions and targets (rows × cols).
 * accuracy: argmax match for several outputs; for one output, prediction and target on the same
 * side of 0.5 (which also scores ±1 sign outputs against ±1 targets). auc: area under the ROC curve
 * of the single output against targets &gt; 0.5, with ties counted half.
 */
public final class Metrics {
    public static final List<String> NAMES = List.of("accuracy", "auc", "mse", "mae");

    private Metrics() {
    }

    public static double compute(String name, float[] pred, float[] target, int rows, int cols) {
        return switch (name) {
            case "accuracy" -> accuracy(pred, target, rows, cols);
            case "mse" -> meanError(pred, target, rows * cols, true);
            case "mae" -> meanError(pred, target, rows * cols, false);
            case "auc" -> auc(pred, target, rows, cols);
            default -> throw new IllegalArgumentException("unknown metric '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
    }

    static double accuracy(float[] pred, float[] target, int rows, int cols) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            if (cols == 1) {
                correct += (pred[r] > 0.5f) == (target[r] > 0.5f) ? 1 : 0;
            } else {
                correct += argmax(pred, r * cols, cols) == argmax(target, r * cols, cols) ? 1 : 0;
            }
        }
        return rows == 0 ? 0 : (double) correct / rows;
    }

    /** The index of the largest of {@code n} values from {@code offset}; the first one wins ties. */
    public static int argmax(float[] v, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[offset + i] > v[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    private static double meanError(float[] pred, float[] target, int n, boolean squared) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = pred[i] - target[i];
            s += squared ? d * d : Math.abs(d);
        }
        return n == 0 ? 0 : s / n;
    }

    /** Mann–Whitney form of the ROC AUC: the probability a random positive scores above a random negative. */
    static double auc(float[] pred, float[] target, int rows, int cols) {
        if (cols != 1) {
            throw new IllegalArgumentException("auc needs a single output, the network has " + cols);
        }
        Integer[] idx = new Integer[rows];
        for (int i = 0; i < rows; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Float.compare(pred[a], pred[b]));
        double rankSumPos = 0;
        long pos = 0;
        for (int i = 0; i < rows; ) {
            int j = i;
            while (j + 1 < rows && pred[idx[j + 1]] == pred[idx[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (target[idx[k]] > 0.5f) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = rows - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
