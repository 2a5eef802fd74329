package org.layercanvas.engine.spi;

/**
 * A buffer owned by one {@link Backend}, living on its device for the whole run. Holds
 * {@link #size()} numbers; layouts are row-major with the batch dimension first.
 */
public interface Tensor {
    int size();
}
