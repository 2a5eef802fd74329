package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;

/**
 * The VAE's reparameterisation: z = μ + exp(½·log σ²)·ε with ε ~ N(0, 1) while training (z = μ at
 * inference), from z_mean on port 0 and z_log_var on port 1. Adds kl_weight times the KL divergence
 * −½·Σ(1 + log σ² − μ² − σ²) of each sample to the loss, and its gradient to the two inputs.
 */
public final class SamplingLayer implements LayerType {
    @Override
    public String name() {
        return "Sampling";
    }

    @Override
    public String category() {
        return "Generative";
    }

    @Override
    public String description() {
        return "VAE sampling z = z_mean + exp(z_log_var/2)·ε (port 0: z_mean, port 1: z_log_var); adds the KL divergence to the loss.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.floatParam("kl_weight", 1.0, 0.0, null, "Weight of the KL term in the loss."));
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        if (!inputs.get(0).equals(inputs.get(1))) {
            throw new ShapeException(config.describe() + " needs z_mean and z_log_var of one shape but " + config.input(0) + " gives "
                    + inputs.get(0) + " and " + config.input(1) + " gives " + inputs.get(1));
        }
        return inputs.get(0);
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int latent = output.size();
        float weight = (float) config.getDouble("kl_weight");
        return new LayerOp() {
            private Tensor eps, sigma, zeros, half, ones, minusOne, tmp, term, kl, scale;

            @Override
            public void allocate(Backend b, int maxBatch) {
                int n = maxBatch * latent;
                eps = b.allocate(n);
                sigma = b.allocate(n);
                zeros = b.allocate(n);
                half = b.allocate(n);
                b.fill(half, 0.5f, n);
                ones = b.allocate(latent);
                b.fill(ones, 1f, latent);
                minusOne = b.allocate(n);
                b.fill(minusOne, -1f, n);
                tmp = b.allocate(n);
                term = b.allocate(n);
                kl = b.allocate(maxBatch);
                scale = b.allocate(Math.max(n, maxBatch));
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                int n = batch * latent;
                Tensor mu = io.input(0), logVar = io.input(1);
                b.mul(logVar, half, tmp, n);
                b.activate(Activation.EXPONENTIAL, 0f, tmp, sigma, n);
                if (training) {
                    b.addGaussianNoise(zeros, eps, n, 1f, seed);
                    b.mul(sigma, eps, tmp, n);
                    b.add(mu, tmp, io.output(), n);
                } else {
                    b.copy(mu, io.output(), n);
                }
                // term = log σ² − μ² − σ²; kl = −½·weight·(Σ term + latent) per row
                b.mul(mu, mu, tmp, n);
                b.mul(tmp, minusOne, tmp, n);
                b.add(logVar, tmp, term, n);
                b.mul(sigma, sigma, tmp, n);
                b.mul(tmp, minusOne, tmp, n);
                b.add(term, tmp, term, n);
                b.gemm(false, false, batch, 1, latent, term, ones, 0f, kl);
                b.fill(scale, -0.5f * weight, batch);
                b.mul(kl, scale, kl, batch);
                b.fill(scale, -0.5f * weight * latent, batch);
                b.add(kl, scale, kl, batch);
            }

            @Override
            public Tensor auxiliaryLoss() {
                return kl;
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                int n = batch * latent;
                Tensor mu = io.input(0), logVar = io.input(1);
                Tensor dMu = io.inputGrad(0), dLogVar = io.inputGrad(1);
                // the loss is the batch mean, so the KL term's gradient carries weight / batch
                float k = weight / batch;
                if (dMu != null) {
                    b.fill(scale, k, n);
                    b.mul(mu, scale, tmp, n);
                    b.add(io.outputGrad(), tmp, dMu, n);
                }
                if (dLogVar != null) {
                    // ½·dz·ε·σ from the sample, plus ½·weight·(σ² − 1)/batch from the KL term
                    b.mul(io.outputGrad(), eps, tmp, n);
                    b.mul(tmp, sigma, tmp, n);
                    b.mul(tmp, half, dLogVar, n);
                    b.mul(sigma, sigma, tmp, n);
                    b.add(tmp, minusOne, tmp, n);
                    b.fill(scale, 0.5f * k, n);
                    b.mul(tmp, scale, tmp, n);
                    b.add(dLogVar, tmp, dLogVar, n);
                }
            }
        };
    }
}
