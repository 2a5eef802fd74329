package org.layercanvas.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Tensor;

/** Larger products than the conformance suite, in all transposes and betas, across 1 and 3 threads. */
class GemmTest {
    @Test
    void largeRandomProductsMatchTheReference() {
        Random r = new Random(3);
        ReferenceBackend ref = new ReferenceBackend();
        for (int threads : new int[] {1, 3}) {
            try (CpuBackend cpu = new CpuBackend(threads)) {
                // the last two are split along k (few column panels, long k): a weight gradient's shape, ragged rows and columns
                for (int[] s : new int[][] {{200, 300, 500}, {129, 65, 257}, {8, 1000, 3}, {6, 25, 60000}, {13, 40, 40000}}) {
                    int m = s[0], n = s[1], k = s[2];
                    for (int t = 0; t < 12; t++) {
                        boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                        float beta = new float[] {0f, 1f, 0.5f}[t / 4];
                        float[] a = random(r, m * k), b = random(r, k * n), c = random(r, m * n);
                        Tensor ca = cpu.allocate(m * k), cb = cpu.allocate(k * n), cc = cpu.allocate(m * n);
                        Tensor ra = ref.allocate(m * k), rb = ref.allocate(k * n), rc = ref.allocate(m * n);
                        cpu.write(ca, a, 0, a.length);
                        cpu.write(cb, b, 0, b.length);
                        cpu.write(cc, c, 0, c.length);
                        ref.write(ra, a, 0, a.length);
                        ref.write(rb, b, 0, b.length);
                        ref.write(rc, c, 0, c.length);
                        cpu.gemm(ta, tb, m, n, k, ca, cb, beta, cc);
                        ref.gemm(ta, tb, m, n, k, ra, rb, beta, rc);
                        float[] got = new float[m * n];
                        cpu.read(cc, got, 0, got.length);
                        double[] want = ref.readDouble(rc);
                        for (int i = 0; i < got.length; i++) {
                            assertThat(Math.abs(got[i] - want[i])).as("%dx%dx%d ta=%s tb=%s beta=%s [%d]", m, n, k, ta, tb, beta, i)
                                    .isLessThan(1e-4 * Math.sqrt(k));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aProductSplitAlongKGivesTheSameBitsOnAnyNumberOfThreads() {
        Random r = new Random(8);
        int m = 6, n = 25, k = 100_352; // LeNet-5's first weight gradient for a batch of 128
        float[] a = random(r, m * k), b = random(r, n * k);
        float[] first = null;
        for (int threads : new int[] {1, 2, 5}) {
            try (CpuBackend cpu = new CpuBackend(threads)) {
                Tensor ta = cpu.allocate(m * k), tb = cpu.allocate(n * k), tc = cpu.allocate(m * n);
                cpu.write(ta, a, 0, a.length);
                cpu.write(tb, b, 0, b.length);
                cpu.gemm(false, true, m, n, k, ta, tb, 0f, tc);
                float[] got = new float[m * n];
                cpu.read(tc, got, 0, got.length);
                if (first == null) {
                    first = got;
                }
                assertThat(got).as("%d threads", threads).containsExactly(first);
            }
        }
    }

    @Test
    void betaZeroIgnoresWhatCHeld() {
        // beta = 0 overwrites: NaN left in C by an earlier step must not leak into the product.
        try (CpuBackend cpu = new CpuBackend(2)) {
            int m = 67, n = 70, k = 300;
            Tensor a = cpu.allocate(m * k), b = cpu.allocate(k * n), c = cpu.allocate(m * n);
            cpu.fill(a, 1f, m * k);
            cpu.fill(b, 2f, k * n);
            cpu.fill(c, Float.NaN, m * n);
            cpu.gemm(false, false, m, n, k, a, b, 0f, c);
            float[] got = new float[m * n];
            cpu.read(c, got, 0, got.length);
            for (float v : got) {
                assertThat(v).isEqualTo(2f * k);
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
