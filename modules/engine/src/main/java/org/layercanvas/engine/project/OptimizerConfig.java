package org.layercanvas.engine.project;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "optimizer" object: its type (sgd, rmsprop, adam, perceptron) and the other fields as given,
 * e.g. {@code {"type": "adam", "learning_rate": 0.001}}. Values are validated against the
 * optimizer's parameter specs when training starts.
 */
public record OptimizerConfig(String type, Map<String, Object> params) {
    public OptimizerConfig {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
