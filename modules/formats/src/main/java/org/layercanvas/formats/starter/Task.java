package org.layercanvas.formats.starter;

import org.layercanvas.engine.api.Dataset;

/**
 * What a starter project learns to predict. The rule, for a chosen target column:
 * <ul>
 *   <li>text values are classes (the CSV reader numbers them in order of first appearance);</li>
 *   <li>numbers that are all whole and between 0 and {@value #MAX_CLASS_INDEX} are class indices, as
 *       many classes as the largest value + 1 (one_hot needs indices 0..N-1, so labels 1..3 give 4
 *       classes of which class 0 never occurs);</li>
 *   <li>anything else is a quantity: {@link #REGRESSION}.</li>
 * </ul>
 * Two classes (or one) make {@link #BINARY}, more {@link #MULTICLASS}.
 */
public enum Task {
    /** One sigmoid output, binary cross-entropy. */
    BINARY,
    /** One softmax output per class, categorical cross-entropy on one-hot targets. */
    MULTICLASS,
    /** Linear outputs, mean squared error. */
    REGRESSION;

    /** The largest whole number still read as a class index: "few distinct integer values". */
    public static final int MAX_CLASS_INDEX = 19;

    /** The task for {@code classes} classes; 0 means the target is a quantity. */
    public static Task forClasses(int classes) {
        return classes == 0 ? REGRESSION : classes <= 2 ? BINARY : MULTICLASS;
    }

    /**
     * How many classes a target has by the rule above, 0 for a quantity.
     *
     * @param text  the values are text (then {@code distinct} is their count)
     * @param whole every value is a whole number (ignored for text)
     */
    public static int classCount(boolean text, int distinct, boolean whole, double min, double max) {
        if (text) {
            return distinct;
        }
        return whole && min >= 0 && max <= MAX_CLASS_INDEX ? (int) max + 1 : 0;
    }

    /** The number of classes of a dataset's targets by the rule above, 0 for a quantity. */
    public static int classCount(Dataset data) {
        if (!data.classNames().isEmpty()) {
            return data.classNames().size();
        }
        if (data.targetShape().size() != 1) {
            return 0; // several targets per sample: only regression predicts a vector
        }
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        boolean whole = true;
        for (float t : data.targets()) {
            min = Math.min(min, t);
            max = Math.max(max, t);
            whole &= t == Math.rint(t);
        }
        return classCount(false, 0, whole, min, max);
    }

    /** The task of a dataset's targets by the rule above. */
    public static Task of(Dataset data) {
        return forClasses(classCount(data));
    }
}
