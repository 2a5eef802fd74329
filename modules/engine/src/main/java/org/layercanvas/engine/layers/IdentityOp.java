package org.layercanvas.engine.layers;

import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerOp;

/**
 * Passes values and gradients through unchanged (Flatten, Reshape: the row-major layout already
 * is the new shape). Copying keeps every node's output a buffer of its own, which the plan relies on.
 */
class IdentityOp implements LayerOp {
    protected final int sampleSize;

    IdentityOp(int sampleSize) {
        this.sampleSize = sampleSize;
    }

    @Override
    public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
        b.copy(io.input(0), io.output(), batch * sampleSize);
    }

    @Override
    public void backward(Backend b, Binding io, int batch) {
        if (io.inputGrad(0) != null) {
            b.copy(io.outputGrad(), io.inputGrad(0), batch * sampleSize);
        }
    }
}
