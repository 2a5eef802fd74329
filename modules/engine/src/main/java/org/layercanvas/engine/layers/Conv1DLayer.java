package org.layercanvas.engine.layers;

import java.util.List;
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
import org.layercanvas.engine.spi.Window2D;
import org.layercanvas.engine.train.Initializers;

/**
 * 1-D convolution over sequences [steps, features], as Keras's Conv1D: a sequence is a one-channel image [1, steps,
 * features] and each filter a kernel_size × features window sliding down the steps, so it runs as Conv2D's convolution on
 * every backend; the [filters, steps'] it gives is transposed to the sequence [steps', filters]. Weights in PyTorch's
 * layout [filters, features, kernel_size], transposed to the window's [filters, kernel_size, features] for each batch.
 */
public final class Conv1DLayer implements LayerType {
    @Override
    public String name() {
        return "Conv1D";
    }

    @Override
    public String category() {
        return "Convolution";
    }

    @Override
    public String description() {
        return "1-D convolution along the steps of a [steps, features] sequence: 'filters' learned filters of kernel_size steps; gives [steps', filters].";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.intParam("filters", null, 1, "Number of output features per step."),
                ParamSpec.intParam("kernel_size", null, 1, "Steps each filter spans."),
                ParamSpec.intParam("strides", 1, 1, "Steps between filter positions."),
                ParamSpec.choice("padding", "valid", List.of("valid", "same"), "\"valid\" (none) or \"same\" (steps' = ceil(steps / strides))."),
                ParamSpec.intParam("dilation_rate", 1, 1, "Steps between the filter's taps."),
                ParamSpec.choice("activation", "linear", Activation.keys(), "Activation applied to the output."),
                ParamSpec.boolParam("use_bias", true, "Whether to add a learned bias per filter."),
                ParamSpec.choice("kernel_initializer", "glorot_uniform", Initializers.names(), "How the filters start."));
    }

    /** The window over the one-channel image [1, steps, features]: padded along the steps only (the exporters use it too). */
    public static Window2D window(LayerConfig config, Shape in) {
        int k = config.getInt("kernel_size"), s = config.getInt("strides"), d = config.getInt("dilation_rate");
        Window2D steps = Window2D.of(1, in.dim(0), 1, k, 1, s, 1, d, 1, config.getString("padding"));
        return new Window2D(1, in.dim(0), in.dim(1), k, in.dim(1), s, 1, d, 1, steps.padTop(), 0, steps.outH(), 1);
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 2) {
            throw new ShapeException(config.describe() + " expects a sequence [steps, features] but " + config.input(0) + " gives " + in
                    + (in.rank() == 1 ? ": insert a Reshape to [" + in.dim(0) + ",1]" : ""));
        }
        Window2D g = window(config, in);
        if (g.outH() < 1) {
            throw new ShapeException(config.describe() + ": a kernel spanning " + g.spanH() + " steps does not fit the " + in + " output of " + config.input(0));
        }
        return Shape.of(g.outH(), config.getInt("filters"));
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        int f = config.getInt("filters");
        ParamTensor weight = new ParamTensor("weight", Shape.of(f, inputs.get(0).dim(1), config.getInt("kernel_size")), config.getString("kernel_initializer"));
        return config.getBoolean("use_bias") ? List.of(weight, new ParamTensor("bias", Shape.of(f), "zeros")) : List.of(weight);
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return 2L * output.size() * window(config, inputs.get(0)).patch();
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new Op(window(config, inputs.get(0)), config.getInt("filters"), config.getBoolean("use_bias"), new ActivationFunction(config.getString("activation")));
    }

    private static final class Op implements LayerOp {
        private final Window2D g;
        private final int filters;
        private final boolean bias;
        private final ActivationFunction f;
        private Tensor cols, byFilter, dCols, maps, dMaps, z, dz, window, dWindow, weightScratch;

        Op(Window2D g, int filters, boolean bias, ActivationFunction f) {
            this.g = g;
            this.filters = filters;
            this.bias = bias;
            this.f = f;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            int columns = maxBatch * g.positions(), unfolded = Math.multiplyExact(g.patch(), columns), out = filters * columns;
            cols = b.allocate(unfolded);
            dCols = b.allocate(unfolded);
            byFilter = b.allocate(out);
            maps = b.allocate(out);
            dMaps = b.allocate(out);
            if (!f.isIdentity()) {
                z = b.allocate(out);
                dz = b.allocate(out);
            }
            window = b.allocate(filters * g.patch());
            dWindow = b.allocate(filters * g.patch());
            weightScratch = b.allocate(filters * g.patch());
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            // the weight [filters, features, kernel] as the window reads it: [filters, kernel, features]
            Transposes.swapNeighbours(b, io.param("weight"), window, weightScratch, filters, g.width(), g.kh(), 1);
            b.convolution(io.input(0), window, maps, g, filters, batch, cols, byFilter); // [batch, filters, steps']
            if (bias) {
                b.addChannelBias(maps, io.param("bias"), batch, filters, g.positions());
            }
            Tensor pre = f.isIdentity() ? io.output() : z;
            Transposes.swapNeighbours(b, maps, pre, dMaps, batch, filters, g.positions(), 1); // [batch, steps', filters]
            if (!f.isIdentity()) {
                f.forward(b, z, io.output(), batch * g.positions(), filters);
            }
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            Tensor grad = io.outputGrad();
            if (!f.isIdentity()) {
                f.backward(b, z, io.output(), grad, dz, batch * g.positions(), filters);
                grad = dz;
            }
            Transposes.swapNeighbours(b, grad, dMaps, maps, batch, g.positions(), filters, 1); // back to [batch, filters, steps']
            if (bias) {
                b.sumChannels(dMaps, io.grad("bias"), batch, filters, g.positions());
            }
            b.convolutionBackward(io.input(0), window, dMaps, dWindow, io.inputGrad(0), g, filters, batch, cols, byFilter, dCols);
            Transposes.swapNeighbours(b, dWindow, io.grad("weight"), weightScratch, filters, g.kh(), g.width(), 1);
        }
    }
}
