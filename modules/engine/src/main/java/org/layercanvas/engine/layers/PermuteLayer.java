package org.layercanvas.engine.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;

/**
 * Reorders the axes of each sample as Keras's Permute: {@code dims} [2, 1] turns a sequence [steps, features] into
 * [features, steps]; axes count from 1, without the batch. Runs as swaps of neighbouring axes (a bubble sort of the
 * permutation); the gradient runs the swaps back in reverse.
 */
public final class PermuteLayer implements LayerType {
    @Override
    public String name() {
        return "Permute";
    }

    @Override
    public String category() {
        return "Reshape";
    }

    @Override
    public String description() {
        return "Reorders the axes of each sample: dims [2,1] swaps steps and features; axes count from 1, without the batch.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.shape("dims", "The input axis (from 1) that becomes each output axis, e.g. [2,1] or [1,3,2]."));
    }

    private static int[] dims(LayerConfig config) {
        return Arrays.stream(config.getShape("dims").dims()).map(d -> d - 1).toArray();
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        int[] p = dims(config);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i) {
                throw new ShapeException(config.describe() + ": dims " + config.get("dims") + " must list each axis 1 to " + p.length + " once");
            }
        }
        if (p.length != in.rank()) {
            throw new ShapeException(config.describe() + ": dims " + config.get("dims") + " permutes " + p.length + " axes but " + config.input(0)
                    + " gives " + in);
        }
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = in.dim(p[i]);
        }
        return Shape.of(out);
    }

    /** A swap of the neighbouring axes at and after {@code axis} of a tensor of shape {@code dims} (without the batch). */
    private record Swap(int axis, int[] dims) {
        int before() {
            return Arrays.stream(dims, 0, axis).reduce(1, (a, b) -> a * b);
        }

        int after() {
            return Arrays.stream(dims, axis + 2, dims.length).reduce(1, (a, b) -> a * b);
        }
    }

    /** The neighbour swaps that take axis order 0, 1, … to {@code p}, each with the shape it applies to. */
    private static List<Swap> swaps(int[] p, Shape in) {
        List<Swap> swaps = new ArrayList<>();
        int[] order = p.clone(), dims = in.dims().clone(); // bubble sort of the target order, run backwards from it
        List<Integer> steps = new ArrayList<>();
        for (int pass = 0; pass < order.length; pass++) {
            for (int i = 0; i + 1 < order.length; i++) {
                if (order[i] > order[i + 1]) {
                    int t = order[i];
                    order[i] = order[i + 1];
                    order[i + 1] = t;
                    steps.add(i);
                }
            }
        }
        // sorting p into 0, 1, … with swaps s1…sk means applying sk…s1 to the input gives p's order
        for (int k = steps.size() - 1; k >= 0; k--) {
            int axis = steps.get(k);
            swaps.add(new Swap(axis, dims.clone()));
            int t = dims[axis];
            dims[axis] = dims[axis + 1];
            dims[axis + 1] = t;
        }
        return swaps;
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        List<Swap> swaps = swaps(dims(config), inputs.get(0));
        int size = output.size();
        return new LayerOp() {
            private Tensor a, c;

            @Override
            public void allocate(Backend b, int maxBatch) {
                a = b.allocate(Math.multiplyExact(maxBatch, size));
                c = b.allocate(Math.multiplyExact(maxBatch, size));
            }

            /** Applies the swaps (forward) or their inverses in reverse order (backward), ending in {@code out}. */
            private void run(Backend b, Tensor in, Tensor out, int batch, boolean forward) {
                if (swaps.isEmpty()) {
                    b.copy(in, out, batch * size);
                    return;
                }
                Tensor from = in;
                for (int k = 0; k < swaps.size(); k++) {
                    Swap s = swaps.get(forward ? k : swaps.size() - 1 - k);
                    int x = s.dims()[s.axis()], y = s.dims()[s.axis() + 1];
                    Tensor to = k == swaps.size() - 1 ? out : k % 2 == 0 ? a : c;
                    // backward undoes the swap: the tensor holds [.., y, x, ..] and goes back to [.., x, y, ..]
                    Transposes.swapNeighbours(b, from, to, to == a ? c : a, batch * s.before(), forward ? x : y, forward ? y : x, s.after());
                    from = to;
                }
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                run(b, io.input(0), io.output(), batch, true);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (io.inputGrad(0) != null) {
                    run(b, io.outputGrad(), io.inputGrad(0), batch, false);
                }
            }
        };
    }
}
