package org.layercanvas.engine.api;

import org.layercanvas.engine.api.Shape;

/** A named tensor of trained values, e.g. {@code "d1/weight"} of shape [units, in] (PyTorch layouts). */
public record WeightTensor(String name, Shape shape, float[] values) {
    public WeightTensor {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values do not fill shape " + shape);
        }
    }
}
