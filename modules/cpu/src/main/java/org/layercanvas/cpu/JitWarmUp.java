package org.layercanvas.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.Tensor;

/**
 * Gets the Vector API code compiled before training needs it. Until C2 has compiled them, the GEMM microkernel
 * and the vectorised element-wise loops run through the Vector API's boxed fallback, a hundred times slower: that
 * made the reference MLP's first epoch 2.5–4 times its later ones. The first CPU backend of the JVM starts one
 * daemon thread that runs these ops on small tensors, with every transpose, while the project's data is still
 * being read, so the compiling overlaps the reading instead of the first epoch.
 */
final class JitWarmUp {
    /** Rounds of small products: each op is called often enough for C2 to compile it (it compiles after ~10,000 calls of a loop). */
    private static final int ROUNDS = 400;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private JitWarmUp() {
    }

    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(JitWarmUp::run, "layercanvas-jit-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run() {
        try (CpuBackend b = new CpuBackend(1)) {
            int m = 24, n = 40, k = 96; // room for the products below (m·k and k·n values)
            Tensor a = b.allocate(m * k), x = b.allocate(k * n), c = b.allocate(m * n), g = b.allocate(m * n), s = b.allocate(m * n);
            Tensor mom = b.allocate(m * n), vel = b.allocate(m * n), bias = b.allocate(n), target = b.allocate(m * n), rows = b.allocate(m);
            b.fill(a, 0.01f, m * k);
            b.fill(x, 0.02f, k * n);
            b.fill(g, 0.001f, m * n);
            b.fill(target, 1f / n, m * n);
            for (int r = 0; r < ROUNDS; r++) {
                for (int t = 0; t < 4; t++) { // every transpose: forward and both gradients use different ones
                    b.gemm((t & 1) != 0, (t & 2) != 0, m, n, k, a, x, t == 0 ? 0f : 1f, c);
                    // and every path of the kernel that training takes: a ragged last block of rows (a batch's or a layer's
                    // size that is no multiple of 8), and few rows with B read in place (a convolution's filters);
                    // code compiled without them is thrown away at their first use, and runs slowly until compiled again
                    b.gemm((t & 1) != 0, (t & 2) != 0, m - 3, n, k, a, x, t == 0 ? 0f : 1f, c);
                    b.gemm((t & 1) != 0, (t & 2) != 0, 6, 2 * Gemm.NR, k / 3, a, x, t == 0 ? 0f : 1f, c);
                }
                b.addBias(c, bias, m, n);
                b.activate(Activation.RELU, 0f, c, s, m * n);
                b.activateBackward(Activation.RELU, 0f, c, s, g, c, m * n);
                b.softmax(c, s, m, n);
                b.loss(LossKind.CATEGORICAL_CROSSENTROPY, false, s, target, g, rows, m, n);
                b.softmaxBackward(s, g, c, m, n);
                b.sumRows(c, bias, m, n, 0f);
                b.adamStep(c, g, mom, vel, m * n, 0.001f, 0.9f, 0.999f, 1e-7f, r + 1);
            }
        } catch (RuntimeException e) {
            // warming up is an optimisation: training compiles what it needs by itself
        }
    }
}
