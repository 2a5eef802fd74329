package org.layercanvas.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.layercanvas.cpu.CpuBackend;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * LeNet-5's data movement at batch 128 on the CPU backend: im2col and col2im of both convolutions (conv1: 1×28×28,
 * 5×5, same padding; conv2: 6×14×14, 5×5, valid) and 2×2 max pooling forward and backward after each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ConvolutionBenchmark {
    private static final int BATCH = 128;

    @Param({"conv1", "conv2"})
    public String layer;

    private CpuBackend cpu;
    private Window2D conv, pool;
    private Tensor x, cols, dx, activations, pooled, argmax, dPooled, poolGrad;

    @Setup(Level.Trial)
    public void setUp() {
        boolean first = layer.equals("conv1");
        conv = first ? Window2D.of(1, 28, 28, 5, 5, 1, "same") : Window2D.of(6, 14, 14, 5, 5, 1, "valid");
        pool = first ? Window2D.of(6, 28, 28, 2, 2, 2, "valid") : Window2D.of(16, 10, 10, 2, 2, 2, "valid");
        int pooledSize = BATCH * pool.channels() * pool.positions();
        cpu = new CpuBackend();
        Random r = new Random(1);
        x = Kernels.random(cpu, r, BATCH * conv.inSize());
        cols = Kernels.random(cpu, r, conv.patch() * BATCH * conv.positions());
        dx = cpu.allocate(BATCH * conv.inSize());
        activations = Kernels.random(cpu, r, BATCH * pool.inSize());
        pooled = cpu.allocate(pooledSize);
        argmax = cpu.allocate(pooledSize);
        dPooled = Kernels.random(cpu, r, pooledSize);
        poolGrad = cpu.allocate(BATCH * pool.inSize());
        cpu.maxPool(activations, pooled, argmax, pool, BATCH); // the argmax the backward pass reads
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cpu.close();
    }

    @Benchmark
    public Tensor im2col() {
        cpu.im2col(x, cols, conv, BATCH);
        return cols;
    }

    @Benchmark
    public Tensor col2im() {
        cpu.col2im(cols, dx, conv, BATCH);
        return dx;
    }

    @Benchmark
    public Tensor maxPool() {
        cpu.maxPool(activations, pooled, argmax, pool, BATCH);
        return pooled;
    }

    @Benchmark
    public Tensor maxPoolBackward() {
        cpu.maxPoolBackward(dPooled, argmax, poolGrad, pool, BATCH);
        return poolGrad;
    }
}
