package org.layercanvas.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/** The CPU's sample-at-a-time convolution gives the same bits on any number of threads (its conformance is in the shared suite). */
class ConvolutionsTest {
    @Test
    void outputAndGradientsDoNotDependOnTheNumberOfThreads() {
        Window2D g = Window2D.of(6, 14, 14, 5, 5, 1, "valid");
        int filters = 16, batch = 37;
        float[][] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            float[][] got = run(threads, g, filters, batch);
            if (reference == null) {
                reference = got;
            } else {
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("result %d on %d threads", i, threads).containsExactly(reference[i]);
                }
            }
        }
    }

    /** y, dWeight and dx of one forward and backward pass on seeded random values. */
    private static float[][] run(int threads, Window2D g, int filters, int batch) {
        try (CpuBackend cpu = new CpuBackend(threads)) {
            Random r = new Random(7);
            Tensor x = random(cpu, r, batch * g.inSize()), w = random(cpu, r, filters * g.patch()), dy = random(cpu, r, batch * filters * g.positions());
            Tensor y = cpu.allocate(batch * filters * g.positions()), dw = cpu.allocate(filters * g.patch()), dx = cpu.allocate(batch * g.inSize());
            cpu.convolution(x, w, y, g, filters, batch, null, null);
            cpu.convolutionBackward(x, w, dy, dw, dx, g, filters, batch, null, null, null);
            return new float[][] {read(cpu, y, batch * filters * g.positions()), read(cpu, dw, filters * g.patch()), read(cpu, dx, batch * g.inSize())};
        }
    }

    private static Tensor random(CpuBackend cpu, Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        Tensor t = cpu.allocate(n);
        cpu.write(t, v, 0, n);
        return t;
    }

    private static float[] read(CpuBackend cpu, Tensor t, int n) {
        float[] v = new float[n];
        cpu.read(t, v, 0, n);
        return v;
    }
}
