package org.layercanvas.engine.layers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;

/**
 * Keras's Bidirectional wrapper around a SimpleRNN, LSTM or GRU: one copy reads the sequence forward, a second (its
 * parameters named with PyTorch's {@code _reverse}) reads it backward; with return_sequences the backward copy's outputs are
 * put back in time order. The two are merged as Keras's merge_mode: concatenated (forward first), summed, multiplied or
 * averaged. Both copies are the recurrent layers' own ops, run on time-reversed copies of the sequence.
 */
public final class BidirectionalLayer implements LayerType {
    private static final List<String> MERGES = List.of("concat", "sum", "mul", "ave");
    private static final Map<String, RecurrentLayer> LAYERS = Map.of("SimpleRNN", new SimpleRNNLayer(), "LSTM", new LSTMLayer(), "GRU", new GRULayer());

    @Override
    public String name() {
        return "Bidirectional";
    }

    @Override
    public String category() {
        return "Recurrent";
    }

    @Override
    public String description() {
        return "Runs a recurrent layer over the sequence forward and a second one backward, and merges the two (Keras's Bidirectional).";
    }

    @Override
    public List<ParamSpec> params() {
        List<ParamSpec> p = new ArrayList<>();
        p.add(ParamSpec.choice("layer", "LSTM", List.of("LSTM", "GRU", "SimpleRNN"), "The recurrent layer run in each direction."));
        p.addAll(LAYERS.get("LSTM").params()); // units, return_sequences, activation: the same for all three
        p.add(ParamSpec.choice("merge_mode", "concat", MERGES, "How the two directions combine: concat (forward then backward, twice the units), "
                + "sum, mul or ave."));
        return p;
    }

    /** The wrapped layer's type and configuration (same node id, units, return_sequences and activation). */
    public static LayerConfig inner(LayerConfig config) {
        Map<String, Object> values = new HashMap<>(config.values());
        values.remove("layer");
        values.remove("merge_mode");
        return new LayerConfig(config.nodeId(), config.getString("layer"), values, config.inputIds());
    }

    private static RecurrentLayer layer(LayerConfig config) {
        return LAYERS.get(config.getString("layer"));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape one = layer(config).outputShape(inner(config), inputs);
        if (!config.getString("merge_mode").equals("concat")) {
            return one;
        }
        int[] dims = one.dims().clone();
        dims[dims.length - 1] *= 2;
        return Shape.of(dims);
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        List<ParamTensor> forward = layer(config).parameters(inner(config), inputs);
        List<ParamTensor> all = new ArrayList<>(forward);
        for (ParamTensor p : forward) {
            all.add(new ParamTensor(p.name() + "_reverse", p.shape(), p.initializer(), p.trainable()));
        }
        return all;
    }

    /** One direction's output shape, for a configuration already validated. */
    private static Shape half(LayerConfig config, List<Shape> inputs) {
        try {
            return layer(config).outputShape(inner(config), inputs);
        } catch (ShapeException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return 2 * layer(config).flops(inner(config), inputs, half(config, inputs));
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        LayerConfig one = inner(config);
        RecurrentLayer type = layer(config);
        Shape half = half(config, inputs);
        List<String> names = type.parameters(one, inputs).stream().map(ParamTensor::name).toList();
        return new Op(type.create(one, inputs, half), type.create(one, inputs, half), names, inputs.get(0).dim(0), inputs.get(0).dim(1),
                config.getInt("units"), one.getBoolean("return_sequences"), config.getString("merge_mode"));
    }

    private static final class Op implements LayerOp {
        private final LayerOp forward, backward;
        private final List<String> names;
        private final int steps, features, units, outSteps;
        private final boolean sequences;
        private final String merge;
        private Tensor reversed, dReversed, dForwardIn, forwardOut, backwardOut, backwardTimeOrder, dForward, dBackward, dBackwardOut, half;
        /** The node's bindings (the compiler binds once) and each direction's, made from them on first use. */
        private Binding bound, forwardIo, backwardIo;

        Op(LayerOp forward, LayerOp backward, List<String> names, int steps, int features, int units, boolean sequences, String merge) {
            this.forward = forward;
            this.backward = backward;
            this.names = names;
            this.steps = steps;
            this.features = features;
            this.units = units;
            this.sequences = sequences;
            this.merge = merge;
            this.outSteps = sequences ? steps : 1;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            forward.allocate(b, maxBatch);
            backward.allocate(b, maxBatch);
            int in = Math.multiplyExact(maxBatch, steps * features), out = Math.multiplyExact(maxBatch, outSteps * units);
            reversed = b.allocate(in);
            dReversed = b.allocate(in);
            dForwardIn = b.allocate(in);
            forwardOut = b.allocate(out);
            backwardOut = b.allocate(out);
            backwardTimeOrder = b.allocate(out);
            dForward = b.allocate(out);
            dBackward = b.allocate(out);
            dBackwardOut = b.allocate(out);
            half = b.allocate(out);
            b.fill(half, 0.5f, out); // ave's factor, for forward and backward
        }

        /** The parameters (and gradients) of one direction under the wrapped layer's names. */
        private Map<String, Tensor> direction(Map<String, Tensor> all, boolean reverse) {
            Map<String, Tensor> m = new HashMap<>();
            for (String n : names) {
                m.put(n, all.get(reverse ? n + "_reverse" : n));
            }
            return m;
        }

        /** Each direction's bindings over this node's {@code io}: inputs, outputs, gradients and its parameters under the wrapped layer's names. */
        private void bind(Binding io) {
            if (io == bound) {
                return;
            }
            boolean dx = io.inputGrad(0) != null;
            forwardIo = new Binding(List.of(io.input(0)), forwardOut, java.util.Collections.singletonList(dx ? dForwardIn : null), dForward,
                    direction(io.params(), false), direction(io.grads(), false));
            backwardIo = new Binding(List.of(reversed), backwardOut, java.util.Collections.singletonList(dx ? dReversed : null), dBackwardOut,
                    direction(io.params(), true), direction(io.grads(), true));
            bound = io;
        }

        /** out[b, t] = in[b, T − 1 − t] for sequences of {@code count} steps of {@code width} values. */
        private static void reverse(Backend b, Tensor in, Tensor out, int batch, int count, int width) {
            for (int t = 0; t < count; t++) {
                b.copyStrided(in, count * width, (count - 1 - t) * width, out, count * width, t * width, batch, width);
            }
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            bind(io);
            forward.forward(b, forwardIo, batch, training, seed);
            reverse(b, io.input(0), reversed, batch, steps, features);
            backward.forward(b, backwardIo, batch, training, seed);
            Tensor back = backwardOut;
            if (sequences) { // the backward copy's step t read the sequence from its end: put it back at T − 1 − t
                reverse(b, backwardOut, backwardTimeOrder, batch, steps, units);
                back = backwardTimeOrder;
            }
            int rows = batch * outSteps, n = rows * units;
            switch (merge) {
                case "concat" -> {
                    b.copyStrided(forwardOut, units, 0, io.output(), 2 * units, 0, rows, units);
                    b.copyStrided(back, units, 0, io.output(), 2 * units, units, rows, units);
                }
                case "sum" -> b.add(forwardOut, back, io.output(), n);
                case "mul" -> b.mul(forwardOut, back, io.output(), n);
                default -> { // ave
                    b.add(forwardOut, back, io.output(), n);
                    b.mul(io.output(), half, io.output(), n);
                }
            }
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            int rows = batch * outSteps, n = rows * units;
            Tensor dy = io.outputGrad(), back = sequences ? backwardTimeOrder : backwardOut;
            switch (merge) {
                case "concat" -> {
                    b.copyStrided(dy, 2 * units, 0, dForward, units, 0, rows, units);
                    b.copyStrided(dy, 2 * units, units, dBackward, units, 0, rows, units);
                }
                case "sum" -> {
                    b.copy(dy, dForward, n);
                    b.copy(dy, dBackward, n);
                }
                case "mul" -> {
                    b.mul(dy, back, dForward, n);
                    b.mul(dy, forwardOut, dBackward, n);
                }
                default -> {
                    b.mul(dy, half, dForward, n);
                    b.copy(dForward, dBackward, n);
                }
            }
            if (sequences) {
                reverse(b, dBackward, dBackwardOut, batch, steps, units);
            } else {
                b.copy(dBackward, dBackwardOut, n);
            }
            bind(io);
            Tensor dx = io.inputGrad(0);
            forward.backward(b, forwardIo, batch);
            backward.backward(b, backwardIo, batch);
            if (dx != null) {
                reverse(b, dReversed, dx, batch, steps, features);
                b.add(dx, dForwardIn, dx, batch * steps * features);
            }
        }
    }
}
