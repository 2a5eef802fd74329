package org.layercanvas.jmh;

import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * LeNet-5's convolutions at batch 128 on the CPU backend (conv1: 1×28×28 to 6 filters, 5×5, same padding; conv2:
 * 6×14×14 to 16, 5×5, valid): the convolution op forward and backward, the batch-wide im2col and col2im (the
 * backends without their own convolution use them), and the 2×2 max pooling after each, forward and backward.
 */
@State(Scope.Benchmark)
public class ConvolutionBenchmark extends KernelBenchmark {
    private static final int BATCH = 128;

    @Param({"conv1", "conv2"})
    public String layer;

    private Window2D conv, pool;
    private int filters;
    private Tensor x, cols, dx, activations, pooled, argmax, dPooled, poolGrad, weight, y, dy, dWeight, byFilter, dCols;

    @Setup(Level.Trial)
    public void setUp() {
        boolean first = layer.equals("conv1");
        conv = first ? Window2D.of(1, 28, 28, 5, 5, 1, "same") : Window2D.of(6, 14, 14, 5, 5, 1, "valid");
        pool = first ? Window2D.of(6, 28, 28, 2, 2, 2, "valid") : Window2D.of(16, 10, 10, 2, 2, 2, "valid");
        int pooledSize = BATCH * pool.channels() * pool.positions();
        filters = pool.channels();
        weight = random(filters * conv.patch());
        y = cpu.allocate(BATCH * filters * conv.positions());
        dy = random(BATCH * filters * conv.positions());
        dWeight = cpu.allocate(filters * conv.patch());
        byFilter = cpu.allocate(BATCH * filters * conv.positions());
        dCols = cpu.allocate(conv.patch() * BATCH * conv.positions());
        x = random(BATCH * conv.inSize());
        cols = random(conv.patch() * BATCH * conv.positions());
        dx = cpu.allocate(BATCH * conv.inSize());
        activations = random(BATCH * pool.inSize());
        pooled = cpu.allocate(pooledSize);
        argmax = cpu.allocate(pooledSize);
        dPooled = random(pooledSize);
        poolGrad = cpu.allocate(BATCH * pool.inSize());
        cpu.maxPool(activations, pooled, argmax, pool, BATCH); // the argmax the backward pass reads
    }

    /** The whole convolution (without bias and activation) as the layer runs it; the CPU backend needs no batch-wide scratch. */
    @Benchmark
    public Tensor convolution() {
        cpu.convolution(x, weight, y, conv, filters, BATCH, null, null);
        return y;
    }

    /** Both gradients: weight and input (LeNet-5's first convolution needs no input gradient in training, but a second one does). */
    @Benchmark
    public Tensor convolutionBackward() {
        cpu.convolutionBackward(x, weight, dy, dWeight, dx, conv, filters, BATCH, null, null, null);
        return dWeight;
    }

    /** The baseline: the convolution as the backends without their own run it (Backend's default), here on the CPU's ops. */
    @Benchmark
    public Tensor composedConvolution() {
        int columns = BATCH * conv.positions();
        cpu.im2col(x, cols, conv, BATCH);
        cpu.gemm(false, false, filters, columns, conv.patch(), weight, cols, 0f, byFilter);
        cpu.swapAxes(byFilter, y, filters, BATCH, conv.positions());
        return y;
    }

    /** The baseline's backward pass (Backend's default) on the CPU's ops. */
    @Benchmark
    public Tensor composedConvolutionBackward() {
        int columns = BATCH * conv.positions();
        cpu.swapAxes(dy, byFilter, BATCH, filters, conv.positions());
        cpu.gemm(false, true, filters, conv.patch(), columns, byFilter, cols, 0f, dWeight);
        cpu.gemm(true, false, conv.patch(), columns, filters, weight, byFilter, 0f, dCols);
        cpu.col2im(dCols, dx, conv, BATCH);
        return dWeight;
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
