package org.layercanvas.cpu.bench;

import java.util.Random;
import org.layercanvas.cpu.CpuBackend;
import org.layercanvas.engine.spi.Tensor;

/**
 * A quick GEMM throughput check (not a test, and not JMH: best-of-N wall time after a warm-up is
 * enough to compare kernel changes on a noisy 2-core VM). Shapes are the reference MLP's
 * (784-256-128-10, batch 128) forward and backward products plus 1024³. Run with
 * {@code java --add-modules=jdk.incubator.vector -cp <test-classes:classes:engine.jar> org.layercanvas.cpu.bench.GemmBench [threads]}.
 */
public final class GemmBench {
    private GemmBench() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int[][] shapes = {
                // m, n, k, transA, transB, accumulate (beta = 1)
                {128, 256, 784, 0, 1}, // forward: x[128,784] · W[256,784]^T
                {256, 784, 128, 1, 0}, // weight grad: dY^T · x
                {128, 784, 256, 0, 0}, // input grad: dY · W
                {128, 128, 256, 0, 1},
                {1024, 1024, 1024, 0, 0},
                {1024, 1024, 1024, 1, 1},
                {128, 256, 128, 0, 1, 1}, // recurrent step: z += h · W_hh^T
        };
        try (CpuBackend cpu = new CpuBackend(threads)) {
            System.out.println(cpu.device());
            Random r = new Random(1);
            for (int[] s : shapes) {
                if (args.length > 1 && !args[1].equals(s[0] + "x" + s[1] + "x" + s[2])) {
                    continue; // a single shape named "MxNxK"
                }
                int m = s[0], n = s[1], k = s[2];
                boolean ta = s[3] != 0, tb = s[4] != 0;
                float beta = s.length > 5 ? s[5] : 0f;
                Tensor a = random(cpu, r, m * k), b = random(cpu, r, k * n), c = cpu.allocate(m * n);
                double flop = 2.0 * m * n * k;
                int reps = (int) Math.max(3, 2e9 / flop);
                // Warm-up by time, not count: C2 must have compiled the kernel for every thread's path.
                for (long end = System.nanoTime() + 1_000_000_000L; System.nanoTime() < end; ) {
                    cpu.gemm(ta, tb, m, n, k, a, b, beta, c);
                }
                double best = Double.MAX_VALUE;
                for (int round = 0; round < 7; round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        cpu.gemm(ta, tb, m, n, k, a, b, beta, c);
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / (double) reps);
                }
                System.out.printf("%4d x %4d x %4d transA=%-5s transB=%-5s beta=%.0f %8.1f us %7.1f GFLOPS%n", m, n, k, ta, tb, beta,
                        best / 1e3, flop / best);
            }
        }
    }

    private static Tensor random(CpuBackend cpu, Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        Tensor t = cpu.allocate(n);
        cpu.write(t, v, 0, n);
        return t;
    }
}
