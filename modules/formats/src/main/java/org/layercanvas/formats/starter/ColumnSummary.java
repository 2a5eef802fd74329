package org.layercanvas.formats.starter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layercanvas.engine.insight.Histogram;

/**
 * One column of a {@link DataPreview}: whether it holds numbers or text, its range and histogram
 * (numbers), and how often each value occurs where the values are classes (text, or few whole numbers).
 *
 * @param count       the values summarised: one per data row, or for an image column every pixel
 * @param numeric     every value is a number; otherwise the column is text
 * @param min         the smallest finite number (NaN for text or no rows)
 * @param mean        the mean of the finite numbers (NaN for text or no rows)
 * @param max         the largest finite number (NaN for text or no rows)
 * @param nonFinite   how many values are NaN or infinite (0 for text)
 * @param histogram   {@value #BINS} equal bins over [min, max] (null for text)
 * @param valueCounts each class value with its count: text in order of first appearance (the class
 *                    numbering the CSV reader uses), class indices 0..N-1 in order; empty for quantities
 *                    and for text with more than {@value #MAX_DISTINCT} different values
 * @param classes     the number of classes by {@link Task}'s rule, 0 for a quantity; for text with more
 *                    than {@value #MAX_DISTINCT} different values, {@value #MAX_DISTINCT} + 1
 */
public record ColumnSummary(String name, long count, boolean numeric, double min, double mean, double max, long nonFinite, Histogram histogram,
                           Map<String, Long> valueCounts, int classes) {
    public static final int BINS = 20;
    /** Beyond this many different text values a column is a name or an id, not a class: counting stops. */
    public static final int MAX_DISTINCT = 1000;

    public ColumnSummary {
        valueCounts = Collections.unmodifiableMap(new LinkedHashMap<>(valueCounts));
    }

    /** The task that predicting this column is: see {@link Task}. */
    public Task task() {
        return Task.forClasses(classes);
    }

    /** A numeric column of {@code length} values from {@code offset}. */
    static ColumnSummary ofNumbers(String name, float[] values, int offset, int length) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
        long nonFinite = 0;
        long[] perIndex = new long[Task.MAX_CLASS_INDEX + 1];
        boolean indices = true; // all whole numbers in 0..MAX_CLASS_INDEX so far
        for (int i = offset; i < offset + length; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) {
                nonFinite++;
                indices = false;
                continue;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            if (indices && v == Math.rint(v) && v >= 0 && v <= Task.MAX_CLASS_INDEX) {
                perIndex[(int) v]++;
            } else {
                indices = false;
            }
        }
        int classes = length == 0 ? 0 : Task.classCount(false, 0, indices, min, max);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            counts.put(Integer.toString(c), perIndex[c]);
        }
        boolean none = length == nonFinite;
        return new ColumnSummary(name, length, true, none ? Double.NaN : min, none ? Double.NaN : sum / (length - nonFinite),
                none ? Double.NaN : max, nonFinite, Histogram.of(values, offset, length, BINS), counts, classes);
    }

    /** A text column; {@code counts} null when it had more than {@link #MAX_DISTINCT} different values. */
    static ColumnSummary ofText(String name, long count, Map<String, Long> counts) {
        int classes = Task.classCount(true, counts == null ? MAX_DISTINCT + 1 : counts.size(), false, Double.NaN, Double.NaN);
        return new ColumnSummary(name, count, false, Double.NaN, Double.NaN, Double.NaN, 0, null, counts == null ? Map.of() : counts, classes);
    }
}
