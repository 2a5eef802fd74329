package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Tensor;

/**
 * Elman recurrence h_t = f(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh), h_{−1} = 0, trained by
 * backpropagation through time. PyTorch's nn.RNN layout: weight_ih [units, F], weight_hh [units, units].
 */
public final class SimpleRNNLayer extends RecurrentLayer {
    @Override
    public String name() {
        return "SimpleRNN";
    }

    @Override
    public String description() {
        return "Recurrent layer h_t = activation(W_ih·x_t + W_hh·h_{t-1} + b) over a [steps, features] sequence.";
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new Op(inputs.get(0).dim(0), inputs.get(0).dim(1), config.getInt("units"), config.getBoolean("return_sequences"),
                Activation.of(config.getString("activation")));
    }

    private static final class Op implements LayerOp {
        private final int steps, features, units;
        private final boolean sequences;
        private final Activation f;
        private Tensor[] x, a, h;
        private Tensor dh, dhNext, da, dx;

        Op(int steps, int features, int units, boolean sequences, Activation f) {
            this.steps = steps;
            this.features = features;
            this.units = units;
            this.sequences = sequences;
            this.f = f;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            x = Sequences.allocate(b, steps, maxBatch * features);
            a = Sequences.allocate(b, steps, maxBatch * units);
            h = Sequences.allocate(b, steps, maxBatch * units);
            dh = b.allocate(maxBatch * units);
            dhNext = b.allocate(maxBatch * units);
            da = b.allocate(maxBatch * units);
            dx = b.allocate(maxBatch * features);
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            float alpha = (float) f.defaultAlpha();
            for (int t = 0; t < steps; t++) {
                Sequences.read(b, io.input(0), x[t], batch, steps, features, t);
                b.gemm(false, true, batch, units, features, x[t], io.param("weight_ih"), 0f, a[t]);
                if (t > 0) {
                    b.gemm(false, true, batch, units, units, h[t - 1], io.param("weight_hh"), 1f, a[t]);
                }
                b.addBias(a[t], io.param("bias_ih"), batch, units);
                b.addBias(a[t], io.param("bias_hh"), batch, units);
                b.activate(f, alpha, a[t], h[t], batch * units);
                if (sequences) {
                    Sequences.write(b, h[t], io.output(), batch, steps, units, t);
                }
            }
            if (!sequences) {
                b.copy(h[steps - 1], io.output(), batch * units);
            }
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            float alpha = (float) f.defaultAlpha();
            int n = batch * units;
            for (int t = steps - 1; t >= 0; t--) {
                // dh = the output's gradient at this step + what step t+1 sent back through W_hh
                if (sequences) {
                    Sequences.read(b, io.outputGrad(), dh, batch, steps, units, t);
                } else if (t == steps - 1) {
                    b.copy(io.outputGrad(), dh, n);
                } else {
                    b.fill(dh, 0f, n);
                }
                if (t < steps - 1) {
                    b.add(dh, dhNext, dh, n);
                }
                b.activateBackward(f, alpha, a[t], h[t], dh, da, n);
                float beta = t == steps - 1 ? 0f : 1f;
                b.gemm(true, false, units, features, batch, da, x[t], beta, io.grad("weight_ih"));
                b.sumRows(da, io.grad("bias_ih"), batch, units, beta);
                b.sumRows(da, io.grad("bias_hh"), batch, units, beta);
                if (t > 0) {
                    b.gemm(true, false, units, units, batch, da, h[t - 1], t == steps - 1 ? 0f : 1f, io.grad("weight_hh"));
                    b.gemm(false, false, batch, units, units, da, io.param("weight_hh"), 0f, dhNext);
                } else if (steps == 1) {
                    b.fill(io.grad("weight_hh"), 0f, units * units);
                }
                if (io.inputGrad(0) != null) {
                    b.gemm(false, false, batch, features, units, da, io.param("weight_ih"), 0f, dx);
                    Sequences.write(b, dx, io.inputGrad(0), batch, steps, features, t);
                }
            }
        }
    }
}
