package org.layercanvas.engine.api;

import java.util.List;
import org.layercanvas.engine.api.Shape;

/**
 * Samples in memory: row i's features are {@code features[i*featureShape.size() ...]} and its
 * targets {@code targets[i*targetShape.size() ...]}. Classification targets read from files are
 * class indices (target shape [1]) until preprocessing one-hot encodes them; {@code classNames}
 * names those indices when the file held text labels (empty otherwise).
 */
public record Dataset(float[] features, Shape featureShape, float[] targets, Shape targetShape, int count, List<String> classNames)
        implements Samples {
    public Dataset(float[] features, Shape featureShape, float[] targets, Shape targetShape, int count) {
        this(features, featureShape, targets, targetShape, count, List.of());
    }

    public Dataset {
        classNames = List.copyOf(classNames);
        if (features.length != (long) count * featureShape.size() || targets.length != (long) count * targetShape.size()) {
            throw new IllegalArgumentException("dataset arrays do not match " + count + " samples of "
                    + featureShape + " -> " + targetShape);
        }
    }

    @Override
    public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
        int f = featureShape.size(), t = targetShape.size();
        if (x != null) {
            System.arraycopy(features, from * f, x, xAt, rows * f);
        }
        if (y != null) {
            System.arraycopy(targets, from * t, y, yAt, rows * t);
        }
    }

    @Override
    public Dataset rows(int from, int to) {
        return slice(from, to);
    }

    @Override
    public Dataset load() {
        return this;
    }

    /** Samples [from, to) as a new dataset. */
    public Dataset slice(int from, int to) {
        int f = featureShape.size(), t = targetShape.size();
        return new Dataset(java.util.Arrays.copyOfRange(features, from * f, to * f), featureShape,
                java.util.Arrays.copyOfRange(targets, from * t, to * t), targetShape, to - from, classNames);
    }

    /**
     * The same samples with class indices renumbered to follow {@code names}, so that test data
     * uses the training data's numbering whatever order its labels first appear in.
     *
     * @throws IllegalArgumentException for a class that {@code names} lacks
     */
    public Dataset withClassOrder(List<String> names) {
        if (classNames.isEmpty() || classNames.equals(names)) {
            return this;
        }
        float[] renumbered = new float[targets.length];
        for (int i = 0; i < targets.length; i++) {
            String name = classNames.get((int) targets[i]);
            int index = names.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("class '" + name + "' (sample " + i + ") does not occur in the training data (classes: "
                        + String.join(", ", names) + ")");
            }
            renumbered[i] = index;
        }
        return new Dataset(features, featureShape, renumbered, targetShape, count, names);
    }
}
