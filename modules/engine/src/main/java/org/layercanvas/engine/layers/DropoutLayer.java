package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.Tensor;

/** Inverted dropout: during training zeroes a fraction {@code rate} of values and rescales the rest. */
public final class DropoutLayer implements LayerType {
    @Override
    public String name() {
        return "Dropout";
    }

    @Override
    public String category() {
        return "Regularization";
    }

    @Override
    public String description() {
        return "During training sets a random fraction 'rate' of values to zero and scales the rest by 1/(1-rate); does nothing at inference.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.floatParam("rate", null, 0.0, 0.99, "Fraction of values dropped during training."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        float rate = (float) config.getDouble("rate");
        return new IdentityOp(output.size()) {
            private Tensor mask;
            private boolean masked;

            @Override
            public void allocate(Backend b, int maxBatch) {
                mask = b.allocate(maxBatch * sampleSize);
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                masked = training && rate > 0;
                if (masked) {
                    b.dropout(io.input(0), mask, io.output(), batch * sampleSize, rate, seed);
                } else {
                    super.forward(b, io, batch, training, seed);
                }
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (!masked) {
                    super.backward(b, io, batch);
                } else if (io.inputGrad(0) != null) {
                    b.mul(io.outputGrad(), mask, io.inputGrad(0), batch * sampleSize);
                }
            }
        };
    }
}
