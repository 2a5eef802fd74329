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
 * Long short-term memory, PyTorch's formulation and layout: z = x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh
 * split into the gates i, f, g, o (in that order, [4·units] rows of the weights); i, f, o = σ, g = f(·);
 * c_t = f∘c_{t−1} + i∘g; h_t = o∘f(c_t); f is the {@code activation} parameter (tanh). Trained by
 * backpropagation through time, composed from the existing op set.
 */
public final class LSTMLayer extends RecurrentLayer {
    private static final int I = 0, F = 1, G = 2, O = 3;

    @Override
    public String name() {
        return "LSTM";
    }

    @Override
    public String description() {
        return "Long short-term memory over a [steps, features] sequence: gated cell state that carries information across many steps.";
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new Op(inputs.get(0).dim(0), inputs.get(0).dim(1), config.getInt("units"), config.getBoolean("return_sequences"),
                Activation.of(config.getString("activation")));
    }

    private static final class Op implements LayerOp {
        private final int steps, features, units;
        private final boolean sequences;
        private final Activation act;
        private Tensor[] x, preG, c, tc, h;
        private Tensor[][] gates;
        private Tensor z, dz, dh, dhNext, dc, dcNext, tmp, dGate, dx;

        Op(int steps, int features, int units, boolean sequences, Activation act) {
            this.steps = steps;
            this.features = features;
            this.units = units;
            this.sequences = sequences;
            this.act = act;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            int n = maxBatch * units;
            x = Sequences.allocate(b, steps, maxBatch * features);
            preG = Sequences.allocate(b, steps, n);
            c = Sequences.allocate(b, steps, n);
            tc = Sequences.allocate(b, steps, n);
            h = Sequences.allocate(b, steps, n);
            gates = new Tensor[steps][];
            for (int t = 0; t < steps; t++) {
                gates[t] = Sequences.allocate(b, 4, n);
            }
            int gatesSize = Math.multiplyExact(4, n); // four times the output, which the compiler checked
            z = b.allocate(gatesSize);
            dz = b.allocate(gatesSize);
            dh = b.allocate(n);
            dhNext = b.allocate(n);
            dc = b.allocate(n);
            dcNext = b.allocate(n);
            tmp = b.allocate(n);
            dGate = b.allocate(n);
            dx = b.allocate(maxBatch * features);
        }

        private float alpha() {
            return (float) act.defaultAlpha();
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            int n = batch * units;
            for (int t = 0; t < steps; t++) {
                Sequences.read(b, io.input(0), x[t], batch, steps, features, t);
                b.gemm(false, true, batch, 4 * units, features, x[t], io.param("weight_ih"), 0f, z);
                if (t > 0) {
                    b.gemm(false, true, batch, 4 * units, units, h[t - 1], io.param("weight_hh"), 1f, z);
                }
                b.addBias(z, io.param("bias_ih"), batch, 4 * units);
                b.addBias(z, io.param("bias_hh"), batch, 4 * units);
                Tensor[] gt = gates[t];
                for (int k = 0; k < 4; k++) {
                    Tensor pre = k == G ? preG[t] : gt[k];
                    b.copyStrided(z, 4 * units, k * units, pre, units, 0, batch, units);
                    if (k == G) {
                        b.activate(act, alpha(), pre, gt[k], n);
                    } else {
                        b.activate(Activation.SIGMOID, 0f, pre, gt[k], n);
                    }
                }
                b.mul(gt[I], gt[G], tmp, n);
                if (t > 0) {
                    b.mul(gt[F], c[t - 1], c[t], n);
                    b.add(c[t], tmp, c[t], n);
                } else {
                    b.copy(tmp, c[t], n);
                }
                b.activate(act, alpha(), c[t], tc[t], n);
                b.mul(gt[O], tc[t], h[t], n);
                if (sequences) {
                    Sequences.write(b, h[t], io.output(), batch, steps, units, t);
                }
            }
            if (!sequences) {
                b.copy(h[steps - 1], io.output(), n);
            }
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            int n = batch * units;
            for (int t = steps - 1; t >= 0; t--) {
                Tensor[] gt = gates[t];
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
                // output gate: h = o∘tc
                b.mul(dh, tc[t], tmp, n);
                b.activateBackward(Activation.SIGMOID, 0f, gt[O], gt[O], tmp, dGate, n);
                b.copyStrided(dGate, units, 0, dz, 4 * units, O * units, batch, units);
                // cell: dc = dh∘o∘f'(c) + what step t+1 sent back through its forget gate
                b.mul(dh, gt[O], tmp, n);
                b.activateBackward(act, alpha(), c[t], tc[t], tmp, dc, n);
                if (t < steps - 1) {
                    b.add(dc, dcNext, dc, n);
                }
                b.mul(dc, gt[G], tmp, n);
                b.activateBackward(Activation.SIGMOID, 0f, gt[I], gt[I], tmp, dGate, n);
                b.copyStrided(dGate, units, 0, dz, 4 * units, I * units, batch, units);
                b.mul(dc, gt[I], tmp, n);
                b.activateBackward(act, alpha(), preG[t], gt[G], tmp, dGate, n);
                b.copyStrided(dGate, units, 0, dz, 4 * units, G * units, batch, units);
                if (t > 0) {
                    b.mul(dc, c[t - 1], tmp, n);
                    b.activateBackward(Activation.SIGMOID, 0f, gt[F], gt[F], tmp, dGate, n);
                } else {
                    b.fill(dGate, 0f, n);
                }
                b.copyStrided(dGate, units, 0, dz, 4 * units, F * units, batch, units);
                b.mul(dc, gt[F], dcNext, n);
                float beta = t == steps - 1 ? 0f : 1f;
                b.gemm(true, false, 4 * units, features, batch, dz, x[t], beta, io.grad("weight_ih"));
                b.sumRows(dz, io.grad("bias_ih"), batch, 4 * units, beta);
                b.sumRows(dz, io.grad("bias_hh"), batch, 4 * units, beta);
                if (t > 0) {
                    b.gemm(true, false, 4 * units, units, batch, dz, h[t - 1], t == steps - 1 ? 0f : 1f, io.grad("weight_hh"));
                    b.gemm(false, false, batch, units, 4 * units, dz, io.param("weight_hh"), 0f, dhNext);
                } else if (steps == 1) {
                    b.fill(io.grad("weight_hh"), 0f, 4 * units * units);
                }
                if (io.inputGrad(0) != null) {
                    b.gemm(false, false, batch, features, 4 * units, dz, io.param("weight_ih"), 0f, dx);
                    Sequences.write(b, dx, io.inputGrad(0), batch, steps, features, t);
                }
            }
        }
    }
}
