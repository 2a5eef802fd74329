package org.layercanvas.engine.insight;

/**
 * What a classifier's outputs on held-out data show, and images of what the network makes. Each part
 * is null where it does not apply: confusion for classifiers; roc and overtraining for one-output
 * (signal/background) classifiers; boundary for two inputs; images for image autoencoders, VAEs and GANs.
 *
 * @param data which data the figures come from: "validation" or "test"
 */
public record Diagnostics(String data, ConfusionMatrix confusion, RocCurve roc, OvertrainingCheck overtraining,
                          DecisionBoundary boundary, ImageSet images) {
    public static final Diagnostics NONE = new Diagnostics(null, null, null, null, null, null);
}
