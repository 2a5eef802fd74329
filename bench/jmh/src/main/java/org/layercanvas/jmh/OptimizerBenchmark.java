package org.layercanvas.jmh;

import org.layercanvas.engine.spi.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One Adam step over the reference MLP's 235,146 parameters (784·256 + 256 + 256·128 + 128 + 128·10 + 10) on the CPU backend. */
@State(Scope.Benchmark)
public class OptimizerBenchmark extends KernelBenchmark {
    private static final int PARAMETERS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;

    private Tensor p, g, m, v;
    private int t;

    @Setup(Level.Trial)
    public void setUp() {
        p = random(PARAMETERS);
        g = random(PARAMETERS);
        m = cpu.allocate(PARAMETERS);
        v = cpu.allocate(PARAMETERS);
    }

    @Benchmark
    public Tensor adamStep() {
        cpu.adamStep(p, g, m, v, PARAMETERS, 1e-3f, 0.9f, 0.999f, 1e-7f, ++t);
        return p;
    }
}
