package org.layercanvas.engine.spi;

import org.layercanvas.engine.api.Shape;

/**
 * A trainable (or state) tensor of a layer, in PyTorch's state_dict layout, e.g. Dense
 * {@code weight [units, in]}. {@code initializer} names an {@link org.layercanvas.engine.train.Initializers}
 * entry; {@code trainable=false} marks state such as running statistics.
 */
public record ParamTensor(String name, Shape shape, String initializer, boolean trainable) {
    public ParamTensor(String name, Shape shape, String initializer) {
        this(name, shape, initializer, true);
    }
}
