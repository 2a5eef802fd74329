package org.layercanvas.engine.compile;

import java.util.List;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Tensor;

/**
 * One node of a plan: its op and tensors. {@code gradParts} are the per-consumer gradient buffers
 * that are summed into the output gradient before backward when the output feeds several nodes.
 */
record Step(String nodeId, LayerOp op, Binding binding, int outputSize, List<Tensor> gradParts) {
}
