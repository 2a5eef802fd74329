package org.layercanvas.engine.compile;

import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.Tensor;

/** One parameter tensor of a compiled plan with its gradient (null for non-trainable state). */
public record Parameter(String nodeId, ParamTensor spec, Tensor value, Tensor grad) {
    /** The safetensors name, {@code <nodeId>/<param>}. */
    public String qualifiedName() {
        return nodeId + "/" + spec.name();
    }

    public int size() {
        return spec.shape().size();
    }
}
