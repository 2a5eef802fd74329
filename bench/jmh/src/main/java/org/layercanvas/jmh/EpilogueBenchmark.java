package org.layercanvas.jmh;

import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A layer's forward pass with its bias and ReLU finished in the product's epilogue (gemmBiasActivation,
 * convolutionBiasActivation) against the same three ops run one after another, at batch 128 on the CPU backend: the
 * reference MLP's first Dense layer (784 to 256) and LeNet-5's two convolutions (see {@link ConvolutionBenchmark}).
 */
@State(Scope.Benchmark)
public class EpilogueBenchmark extends KernelBenchmark {
    private static final int BATCH = 128;

    @Param({"dense1", "conv1", "conv2"})
    public String layer;

    private Window2D conv;
    private int rows, cols, inner;
    private Tensor x, weight, bias, pre, y;

    @Setup(Level.Trial)
    public void setUp() {
        if (layer.equals("dense1")) {
            rows = BATCH;
            cols = 256;
            inner = 784;
        } else {
            boolean first = layer.equals("conv1");
            conv = first ? Window2D.of(1, 28, 28, 5, 5, 1, "same") : Window2D.of(6, 14, 14, 5, 5, 1, "valid");
            cols = first ? 6 : 16; // filters
            rows = BATCH;
            inner = conv.patch();
        }
        int out = conv == null ? rows * cols : BATCH * cols * conv.positions();
        x = random(conv == null ? rows * inner : BATCH * conv.inSize());
        weight = random(cols * inner);
        bias = random(cols);
        pre = cpu.allocate(out);
        y = cpu.allocate(out);
    }

    @Benchmark
    public Tensor fused() {
        if (conv == null) {
            cpu.gemmBiasActivation(false, true, rows, cols, inner, x, weight, pre, bias, Activation.RELU, 0f, y);
        } else {
            cpu.convolutionBiasActivation(x, weight, pre, conv, cols, BATCH, null, null, bias, Activation.RELU, 0f, y);
        }
        return y;
    }

    @Benchmark
    public Tensor separate() {
        if (conv == null) {
            cpu.gemm(false, true, rows, cols, inner, x, weight, 0f, pre);
            cpu.addBias(pre, bias, rows, cols);
            cpu.activate(Activation.RELU, 0f, pre, y, rows * cols);
        } else {
            cpu.convolution(x, weight, pre, conv, cols, BATCH, null, null);
            cpu.addChannelBias(pre, bias, BATCH, cols, conv.positions());
            cpu.activate(Activation.RELU, 0f, pre, y, BATCH * cols * conv.positions());
        }
        return y;
    }
}
