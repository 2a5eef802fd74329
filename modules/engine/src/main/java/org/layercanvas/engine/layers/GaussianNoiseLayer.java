package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/** Adds zero-mean Gaussian noise during training only: the denoising autoencoder's corruption. */
public final class GaussianNoiseLayer implements LayerType {
    @Override
    public String name() {
        return "GaussianNoise";
    }

    @Override
    public String category() {
        return "Regularization";
    }

    @Override
    public String description() {
        return "During training adds Gaussian noise with standard deviation 'stddev'; does nothing at inference.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.floatParam("stddev", null, 0.0, null, "Standard deviation of the noise."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        float stddev = (float) config.getDouble("stddev");
        // the noise does not depend on the input, so the gradient passes through unchanged
        return new IdentityOp(output.size()) {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                if (training && stddev > 0) {
                    b.addGaussianNoise(io.input(0), io.output(), batch * sampleSize, stddev, seed);
                } else {
                    super.forward(b, io, batch, training, seed);
                }
            }
        };
    }
}
