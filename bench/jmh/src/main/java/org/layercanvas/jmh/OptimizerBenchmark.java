package org.layercanvas.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.layercanvas.cpu.CpuBackend;
import org.layercanvas.engine.spi.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** One Adam step over the reference MLP's 235,146 parameters (784·256 + 256 + 256·128 + 128 + 128·10 + 10) on the CPU backend. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class OptimizerBenchmark {
    private static final int PARAMETERS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;

    private CpuBackend cpu;
    private Tensor p, g, m, v;
    private int t;

    @Setup(Level.Trial)
    public void setUp() {
        cpu = new CpuBackend();
        Random r = new Random(1);
        p = Kernels.random(cpu, r, PARAMETERS);
        g = Kernels.random(cpu, r, PARAMETERS);
        m = cpu.allocate(PARAMETERS);
        v = cpu.allocate(PARAMETERS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cpu.close();
    }

    @Benchmark
    public Tensor adamStep() {
        cpu.adamStep(p, g, m, v, PARAMETERS, 1e-3f, 0.9f, 0.999f, 1e-7f, ++t);
        return p;
    }
}
