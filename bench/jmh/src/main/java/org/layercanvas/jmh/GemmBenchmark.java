package org.layercanvas.jmh;

import org.layercanvas.engine.spi.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU backend's GEMM on the products training runs, named "M x N x K transA transB" (C = op(A)·op(B), batch 128):
 * the reference MLP's first layer forward, weight gradient and input gradient; LeNet-5's convolutions as GEMMs over
 * the im2col matrix (forward, weight gradient split along k); one sample through the first Dense layer; 1024³, the
 * peak that {@code layercanvas bench} reports. GFLOPS = 2·M·N·K / time.
 */
@State(Scope.Benchmark)
public class GemmBenchmark extends KernelBenchmark {
    @Param({"128x256x784 NT", "256x784x128 TN", "128x784x256 NN", "6x100352x25 NN", "16x12800x150 NN", "16x150x12800 NT",
            "1x256x784 NT", "1024x1024x1024 NN"})
    public String shape;

    private Tensor a, b, c;
    private int m, n, k;
    private boolean transA, transB;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("[x ]");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        k = Integer.parseInt(parts[2]);
        transA = parts[3].charAt(0) == 'T';
        transB = parts[3].charAt(1) == 'T';
        a = random(m * k);
        b = random(k * n);
        c = cpu.allocate(m * n);
    }

    @Benchmark
    public Tensor gemm() {
        cpu.gemm(transA, transB, m, n, k, a, b, 0f, c);
        return c;
    }
}
