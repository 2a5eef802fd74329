package org.layercanvas.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.layercanvas.cpu.CpuBackend;
import org.layercanvas.engine.spi.Tensor;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every benchmark of the CPU backend's kernels shares: average time per call in microseconds after five
 * one-second warm-up iterations, five measured, in a forked JVM with the Vector API; a backend on all cores.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public abstract class KernelBenchmark {
    protected final CpuBackend cpu = new CpuBackend();
    private final Random random = new Random(1);

    /** A tensor of n values uniform in [-1, 1), the same for every run. */
    protected Tensor random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        Tensor t = cpu.allocate(n);
        cpu.write(t, v, 0, n);
        return t;
    }

    @TearDown(Level.Trial)
    public void closeBackend() {
        cpu.close();
    }
}
