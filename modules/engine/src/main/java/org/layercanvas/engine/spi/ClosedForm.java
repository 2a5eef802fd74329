package org.layercanvas.engine.spi;

import java.util.Map;

/**
 * A layer whose parameters come from a formula on the training data instead of gradient descent
 * (LDA, QDA). It must read the network's Input directly; the trainer fits it once and then only
 * evaluates.
 */
public interface ClosedForm {
    /**
     * @param features {@code count} rows of the layer's input
     * @param targets  {@code count} class labels, 0 or 1
     * @return a value for every parameter tensor of the layer, by name, in its layout
     * @throws IllegalArgumentException when the data does not allow the fit (one class only, singular covariance)
     */
    Map<String, float[]> fit(LayerConfig config, int features, float[] x, float[] targets, int count);
}
