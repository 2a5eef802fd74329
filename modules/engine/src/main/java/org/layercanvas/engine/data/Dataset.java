package org.layercanvas.engine.data;

import org.layercanvas.engine.graph.Shape;

/**
 * Samples in memory: row i's features are {@code features[i*featureShape.size() ...]} and its
 * targets {@code targets[i*targetShape.size() ...]}. Classification targets read from files are
 * class indices (target shape [1]) until preprocessing one-hot encodes them.
 */
public record Dataset(float[] features, Shape featureShape, float[] targets, Shape targetShape, int count) {
    public Dataset {
        if (features.length != (long) count * featureShape.size() || targets.length != (long) count * targetShape.size()) {
            throw new IllegalArgumentException("dataset arrays do not match " + count + " samples of "
                    + featureShape + " -> " + targetShape);
        }
    }

    /** Samples [from, to) as a new dataset. */
    public Dataset slice(int from, int to) {
        int f = featureShape.size(), t = targetShape.size();
        return new Dataset(java.util.Arrays.copyOfRange(features, from * f, to * f), featureShape,
                java.util.Arrays.copyOfRange(targets, from * t, to * t), targetShape, to - from);
    }
}
