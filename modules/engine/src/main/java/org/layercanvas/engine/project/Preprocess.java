package org.layercanvas.engine.project;

/**
 * Applied to features and targets after reading, in this order: {@code scale} multiplies every
 * feature; {@code standardize} makes each feature zero-mean, unit-variance with statistics of the
 * training data (also applied to test data); {@code oneHot} turns class-index targets into one-hot
 * rows of that many classes. Null / false means not applied.
 */
public record Preprocess(Double scale, boolean standardize, Integer oneHot) {
    public static final Preprocess NONE = new Preprocess(null, false, null);
}
