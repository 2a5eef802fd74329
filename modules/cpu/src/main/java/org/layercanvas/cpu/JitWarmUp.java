package org.layercanvas.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/**
 * Gets the Vector API code compiled before training needs it. Until C2 has compiled them, the GEMM microkernel
 * and the vectorised element-wise loops run through the Vector API's boxed fallback, a hundred times slower: that
 * made the reference MLP's first epoch 2.5–4 times its later ones. The first CPU backend of the JVM starts one
 * daemon thread that runs these ops on small tensors, with every transpose, while the project's data is still
 * being read, so the compiling overlaps the reading instead of the first epoch.
 */
final class JitWarmUp {
    /**
     * Rounds of small products, 14 a round, enough for C2 to compile them. The ops called once a round need about 600
     * calls for C2 and get there late or not at all; the trainer's warm-up on the real shapes finishes them (calling each
     * of them 1,000 times first was measured and gained nothing).
     */
    private static final int ROUNDS = 400;
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Set once training warms up on its real shapes: from then on this thread only takes a core from it. */
    private static volatile boolean stopped;
    static final String THREAD_NAME = "layercanvas-jit-warm-up";

    private JitWarmUp() {
    }

    static void startOnce() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(JitWarmUp::run, THREAD_NAME);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    static void stop() {
        stopped = true;
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
            // a small convolution (2 channels of 8×8, 3×3, same padding, 4 filters, 2 samples): its own op on this backend
            Window2D w = Window2D.of(2, 8, 8, 3, 3, 1, "same");
            Tensor image = b.allocate(2 * w.inSize()), kernel = b.allocate(4 * w.patch()), maps = b.allocate(2 * 4 * w.positions());
            Tensor dKernel = b.allocate(4 * w.patch()), dImage = b.allocate(2 * w.inSize());
            // and one whose 16 filters take the filter-lane path (FilterLanes: 2 channels of 6×6, 3×3, valid)
            Window2D lanes = Window2D.of(2, 6, 6, 3, 3, 1, "valid");
            Tensor lanesImage = b.allocate(2 * lanes.inSize()), lanesKernel = b.allocate(16 * lanes.patch());
            Tensor lanesMaps = b.allocate(2 * 16 * lanes.positions()), lanesGrad = b.allocate(16 * lanes.patch());
            Window2D pool = Window2D.of(4, 8, 8, 2, 2, 2, "valid"); // over those maps: 64 outputs an image, the vector path
            Tensor pooled = b.allocate(2 * 4 * pool.positions()), argmax = b.allocate(2 * 4 * pool.positions());
            b.fill(image, 0.1f, 2 * w.inSize());
            b.fill(kernel, 0.1f, 4 * w.patch());
            for (int r = 0; r < ROUNDS && !stopped; r++) {
                for (int t = 0; t < 4; t++) { // every transpose: forward and both gradients use different ones
                    b.gemm((t & 1) != 0, (t & 2) != 0, m, n, k, a, x, t == 0 ? 0f : 1f, c);
                    // and every path of the kernel that training takes: a ragged last block of rows (a batch's or a layer's
                    // size that is no multiple of 8), and few rows with B read in place (a convolution's filters);
                    // code compiled without them is thrown away at their first use, and runs slowly until compiled again
                    b.gemm((t & 1) != 0, (t & 2) != 0, m - 3, n, k, a, x, t == 0 ? 0f : 1f, c);
                    b.gemm((t & 1) != 0, (t & 2) != 0, 6, 2 * Gemm.NR, k / 3, a, x, t == 0 ? 0f : 1f, c);
                }
                b.gemm(false, true, 1, n, k, a, x, 0f, c); // one sample at a time (inference): the few-rows path, both layouts of B
                b.gemm(false, false, 1, n, k, a, x, 0f, c);
                b.convolution(image, kernel, maps, w, 4, 2, null, null);
                b.convolutionBackward(image, kernel, maps, dKernel, dImage, w, 4, 2, null, null, null);
                b.convolution(lanesImage, lanesKernel, lanesMaps, lanes, 16, 2, null, null);
                b.convolutionBackward(lanesImage, lanesKernel, lanesMaps, lanesGrad, null, lanes, 16, 2, null, null, null);
                b.maxPool(maps, pooled, argmax, pool, 2);
                b.maxPoolBackward(pooled, argmax, maps, pool, 2);
                b.addBias(c, bias, m, n);
                for (Activation f : new Activation[] {Activation.RELU, Activation.SIGMOID, Activation.TANH}) {
                    b.activate(f, 0f, c, s, m * n);
                    b.activateBackward(f, 0f, c, s, g, c, m * n);
                }
                b.loss(LossKind.BINARY_CROSSENTROPY, false, s, target, g, rows, m, n);
                b.loss(LossKind.MSE, false, s, target, g, rows, m, n);
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
