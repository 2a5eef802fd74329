package org.layercanvas.engine.spi;

import java.util.Arrays;
import java.util.List;

/**
 * The losses of the catalogue. Per sample (row of {@code cols} outputs, prediction y, target t):
 * <ul>
 * <li>mse: mean over cols of (y-t)^2</li>
 * <li>binary_crossentropy: mean over cols of -(t log y + (1-t) log(1-y))</li>
 * <li>categorical_crossentropy: -sum over cols of t log y</li>
 * </ul>
 * The batch loss is the mean over rows. Probabilities are clipped to [1e-7, 1-1e-7] as Keras does;
 * with {@code from_logits} the prediction is a logit and the loss uses the stable log-sum-exp /
 * softplus forms instead. Ordinal is the kernel op code.
 */
public enum LossKind {
    MSE, BINARY_CROSSENTROPY, CATEGORICAL_CROSSENTROPY;

    public static final double EPSILON = 1e-7;

    public String key() {
        return name().toLowerCase();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(LossKind::key).toList();
    }

    public static LossKind of(String key) {
        return valueOf(key.toUpperCase());
    }
}
