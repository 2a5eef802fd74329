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
 * Gated recurrent unit, PyTorch's formulation and layout (Keras's {@code reset_after=True}, ONNX's
 * {@code linear_before_reset=1}): with a = x_t·W_ihᵀ + b_ih and b = h_{t−1}·W_hhᵀ + b_hh split into the gates r, z, n
 * ([3·units] rows, in that order), r = σ(a_r + b_r), z = σ(a_z + b_z), n = f(a_n + r∘b_n), h_t = (1 − z)∘n + z∘h_{t−1};
 * f is the {@code activation} parameter (tanh). Trained by backpropagation through time, composed from the op set.
 */
public final class GRULayer extends RecurrentLayer {
    private static final int R = 0, Z = 1, N = 2;

    @Override
    public String name() {
        return "GRU";
    }

    @Override
    public String description() {
        return "Gated recurrent unit over a [steps, features] sequence: reset and update gates, fewer weights than an LSTM.";
    }

    @Override
    int gates() {
        return 3;
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
        private Tensor[] x, preN, hn, h;
        private Tensor[][] gates;
        private Tensor a, bh, dA, dB, dh, dhNext, tmp, dGate, dx, ones, minusOne;

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
            preN = Sequences.allocate(b, steps, n);
            hn = Sequences.allocate(b, steps, n);
            h = Sequences.allocate(b, steps, n);
            gates = new Tensor[steps][];
            for (int t = 0; t < steps; t++) {
                gates[t] = Sequences.allocate(b, 3, n);
            }
            int gatesSize = Math.multiplyExact(3, n); // three times the output, which the compiler checked
            a = b.allocate(gatesSize);
            bh = b.allocate(gatesSize);
            dA = b.allocate(gatesSize);
            dB = b.allocate(gatesSize);
            dh = b.allocate(n);
            dhNext = b.allocate(n);
            tmp = b.allocate(n);
            dGate = b.allocate(n);
            dx = b.allocate(maxBatch * features);
            ones = b.allocate(n);
            minusOne = b.allocate(n);
            b.fill(ones, 1f, n);
            b.fill(minusOne, -1f, n);
        }

        private float alpha() {
            return (float) act.defaultAlpha();
        }

        /** Gate block k of a [batch, 3·units] matrix into a [batch, units] tensor. */
        private void block(Backend b, Tensor all, int k, Tensor out, int batch) {
            b.copyStrided(all, 3 * units, k * units, out, units, 0, batch, units);
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            int n = batch * units;
            for (int t = 0; t < steps; t++) {
                Sequences.read(b, io.input(0), x[t], batch, steps, features, t);
                b.gemm(false, true, batch, 3 * units, features, x[t], io.param("weight_ih"), 0f, a);
                b.addBias(a, io.param("bias_ih"), batch, 3 * units);
                if (t > 0) {
                    b.gemm(false, true, batch, 3 * units, units, h[t - 1], io.param("weight_hh"), 0f, bh);
                } else {
                    b.fill(bh, 0f, 3 * n);
                }
                b.addBias(bh, io.param("bias_hh"), batch, 3 * units);
                Tensor[] g = gates[t];
                for (int k : new int[] {R, Z}) {
                    block(b, a, k, g[k], batch);
                    block(b, bh, k, tmp, batch);
                    b.add(g[k], tmp, g[k], n);
                    b.activate(Activation.SIGMOID, 0f, g[k], g[k], n);
                }
                block(b, bh, N, hn[t], batch);
                block(b, a, N, preN[t], batch);
                b.mul(g[R], hn[t], tmp, n);
                b.add(preN[t], tmp, preN[t], n);
                b.activate(act, alpha(), preN[t], g[N], n);
                // h = n + z∘(h_prev − n)
                b.mul(g[N], minusOne, tmp, n);
                if (t > 0) {
                    b.add(tmp, h[t - 1], tmp, n);
                }
                b.mul(g[Z], tmp, h[t], n);
                b.add(h[t], g[N], h[t], n);
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
                Tensor[] g = gates[t];
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
                // z: dh∘(h_prev − n)
                b.mul(g[N], minusOne, tmp, n);
                if (t > 0) {
                    b.add(tmp, h[t - 1], tmp, n);
                }
                b.mul(dh, tmp, tmp, n);
                b.activateBackward(Activation.SIGMOID, 0f, g[Z], g[Z], tmp, dGate, n);
                b.copyStrided(dGate, units, 0, dA, 3 * units, Z * units, batch, units);
                b.copyStrided(dGate, units, 0, dB, 3 * units, Z * units, batch, units);
                // n: dh∘(1 − z), through f to its pre-activation a_n + r∘b_n
                b.mul(g[Z], minusOne, tmp, n);
                b.add(tmp, ones, tmp, n);
                b.mul(dh, tmp, tmp, n);
                b.activateBackward(act, alpha(), preN[t], g[N], tmp, dGate, n);
                b.copyStrided(dGate, units, 0, dA, 3 * units, N * units, batch, units);
                b.mul(dGate, g[R], tmp, n);
                b.copyStrided(tmp, units, 0, dB, 3 * units, N * units, batch, units);
                // r: dn_pre∘b_n
                b.mul(dGate, hn[t], tmp, n);
                b.activateBackward(Activation.SIGMOID, 0f, g[R], g[R], tmp, dGate, n);
                b.copyStrided(dGate, units, 0, dA, 3 * units, R * units, batch, units);
                b.copyStrided(dGate, units, 0, dB, 3 * units, R * units, batch, units);
                float beta = t == steps - 1 ? 0f : 1f;
                b.gemm(true, false, 3 * units, features, batch, dA, x[t], beta, io.grad("weight_ih"));
                b.sumRows(dA, io.grad("bias_ih"), batch, 3 * units, beta);
                b.sumRows(dB, io.grad("bias_hh"), batch, 3 * units, beta);
                if (t > 0) {
                    b.gemm(true, false, 3 * units, units, batch, dB, h[t - 1], beta, io.grad("weight_hh"));
                    // dh_prev = dB·W_hh + dh∘z
                    b.gemm(false, false, batch, units, 3 * units, dB, io.param("weight_hh"), 0f, dhNext);
                    b.mul(dh, g[Z], tmp, n);
                    b.add(dhNext, tmp, dhNext, n);
                } else if (steps == 1) {
                    b.fill(io.grad("weight_hh"), 0f, 3 * units * units);
                }
                if (io.inputGrad(0) != null) {
                    b.gemm(false, false, batch, features, 3 * units, dA, io.param("weight_ih"), 0f, dx);
                    Sequences.write(b, dx, io.inputGrad(0), batch, steps, features, t);
                }
            }
        }
    }
}
