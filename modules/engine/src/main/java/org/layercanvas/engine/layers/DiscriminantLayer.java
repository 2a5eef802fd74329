package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.ClosedForm;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;

/**
 * What LDA and QDA share: a closed-form classifier of a 1-D input that outputs P(t=1|x) =
 * σ(xᵀQx + wᵀx + b), Q = 0 for LDA. Its parameters are fitted, not trained, so they are not trainable.
 */
abstract class DiscriminantLayer implements LayerType, ClosedForm {
    abstract boolean quadratic();

    @Override
    public String category() {
        return "Classical";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 1) {
            throw new ShapeException(config.describe() + " expects a 1-D input but " + config.input(0) + " gives " + in + ": insert a Flatten");
        }
        return Shape.of(1);
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int d = inputs.get(0).size();
        boolean quad = quadratic();
        return new LayerOp() {
            private Tensor t, ones, z;

            @Override
            public void allocate(Backend b, int maxBatch) {
                z = b.allocate(maxBatch);
                if (quad) {
                    t = b.allocate(maxBatch * d);
                    ones = b.allocate(d);
                    b.fill(ones, 1f, d);
                }
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                float beta = 0f;
                if (quad) {
                    b.gemm(false, false, batch, d, d, io.input(0), io.param("quadratic"), 0f, t);
                    b.mul(t, io.input(0), t, batch * d);
                    b.gemm(false, false, batch, 1, d, t, ones, 0f, z);
                    beta = 1f;
                }
                b.gemm(false, true, batch, 1, d, io.input(0), io.param("weight"), beta, z);
                b.addBias(z, io.param("bias"), batch, 1);
                b.activate(Activation.SIGMOID, 0f, z, io.output(), batch);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                // fitted in closed form and fed by the Input: nothing to back-propagate
            }
        };
    }
}
