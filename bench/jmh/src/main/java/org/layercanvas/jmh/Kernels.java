package org.layercanvas.jmh;

import java.util.Random;
import org.layercanvas.cpu.CpuBackend;
import org.layercanvas.engine.spi.Tensor;

/** Tensors of random values on a CPU backend, for the benchmarks' states. */
final class Kernels {
    private Kernels() {
    }

    static Tensor random(CpuBackend cpu, Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        Tensor t = cpu.allocate(n);
        cpu.write(t, v, 0, n);
        return t;
    }
}
