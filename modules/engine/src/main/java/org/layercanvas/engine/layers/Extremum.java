package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Tensor;

/**
 * What Maximum and Minimum share. At each element the output is exactly one input's value, chosen by a 0/1 mask:
 * step(x_i − y) for the maximum, step(y − x_i) for the minimum (1 where input i is at least as extreme as the output so
 * far). Products with 0 and 1 and sums with 0 select without rounding, so the backward pass finds the same inputs again
 * and gives the gradient to the first input that holds the extremum.
 */
abstract class Extremum extends ElementwiseMerge {
    /** Whether this is the maximum (else the minimum). */
    abstract boolean maximum();

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int size = output.size(), count = inputs.size();
        boolean maximum = maximum();
        return new LayerOp() {
            private Tensor minusOne, ones, mask, scratch, remaining;

            @Override
            public void allocate(Backend b, int maxBatch) {
                int n = Math.multiplyExact(maxBatch, size);
                minusOne = b.allocate(n);
                ones = b.allocate(n);
                mask = b.allocate(n);
                scratch = b.allocate(n);
                remaining = b.allocate(n);
                b.fill(minusOne, -1f, n);
                b.fill(ones, 1f, n);
            }

            /** mask = 1 where x is at least as extreme as y, else 0. */
            private void atLeastAsExtreme(Backend b, Tensor x, Tensor y, int n) {
                b.mul(maximum ? y : x, minusOne, scratch, n);
                b.add(scratch, maximum ? x : y, scratch, n);
                b.activate(Activation.STEP, 0f, scratch, mask, n);
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                int n = batch * size;
                b.copy(io.input(0), io.output(), n);
                for (int i = 1; i < count; i++) {
                    atLeastAsExtreme(b, io.input(i), io.output(), n);
                    // y = (1 − mask)·y + mask·x_i
                    b.mul(mask, minusOne, scratch, n);
                    b.add(scratch, ones, scratch, n);
                    b.mul(io.output(), scratch, io.output(), n);
                    b.mul(io.input(i), mask, scratch, n);
                    b.add(io.output(), scratch, io.output(), n);
                }
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                int n = batch * size;
                b.copy(ones, remaining, n);
                for (int i = 0; i < count; i++) {
                    atLeastAsExtreme(b, io.input(i), io.output(), n); // 1 where x_i holds the extremum
                    b.mul(mask, remaining, mask, n); // … and no earlier input took it
                    if (io.inputGrad(i) != null) {
                        b.mul(io.outputGrad(), mask, io.inputGrad(i), n);
                    }
                    b.mul(mask, minusOne, scratch, n);
                    b.add(remaining, scratch, remaining, n);
                }
            }
        };
    }
}
