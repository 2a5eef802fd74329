package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamKind;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;
import org.layercanvas.engine.train.Initializers;

/**
 * 2-D convolution over channels-first images, lowered to one GEMM per batch: im2col unfolds every
 * patch of the batch into a [C·kh·kw, B·P] matrix, W [F, C·kh·kw] times it gives [F, B·P], which
 * an axis swap turns into the [B, F, OH, OW] output. Weights in PyTorch's layout [filters, C / groups, kh, kw].
 * With {@code groups} G the channels and filters split into G blocks, block g of the filters seeing only block g of the
 * channels (G = C: depthwise); it runs as G convolutions on copies of the blocks.
 */
public final class Conv2DLayer implements LayerType {
    @Override
    public String name() {
        return "Conv2D";
    }

    @Override
    public String category() {
        return "Convolution";
    }

    @Override
    public String description() {
        return "2-D convolution: 'filters' learned kernel_size filters slid over a [channels, height, width] image.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.intParam("filters", null, 1, "Number of output channels."),
                ParamSpec.pair("kernel_size", null, 1, "Height and width of each filter: one number for both, or [rows, columns]."),
                ParamSpec.pair("strides", 1, 1, "Step between filter positions down and across."),
                new ParamSpec("padding", ParamKind.INT_OR_CHOICE, "valid", "\"valid\" (none), \"same\" (keeps the size at stride 1) or pixels on every side.",
                        List.of("valid", "same"), 0.0, null),
                ParamSpec.pair("dilation_rate", 1, 1, "Distance between the filter's taps down and across (1: adjacent; 2 skips a pixel)."),
                ParamSpec.intParam("groups", 1, 1, "Blocks of channels convolved apart: each of the 'groups' blocks of filters sees one block of channels "
                        + "(as many groups as channels: depthwise)."),
                ParamSpec.choice("activation", "linear", Activation.keys(), "Activation applied to the output."),
                ParamSpec.boolParam("use_bias", true, "Whether to add a learned bias per filter."),
                ParamSpec.choice("kernel_initializer", "glorot_uniform", Initializers.names(), "How the filters start."));
    }

    /** The window of a Conv2D node on its input's [channels, height, width] (the exporters use it too). */
    public static Window2D window(LayerConfig config, Shape in) {
        int[] k = config.getPair("kernel_size"), s = config.getPair("strides"), d = config.getPair("dilation_rate");
        return Window2D.of(in.dim(0), in.dim(1), in.dim(2), k[0], k[1], s[0], s[1], d[0], d[1], config.get("padding"));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 3) {
            throw new ShapeException(config.describe() + " expects a [channels, height, width] input but " + config.input(0) + " gives " + in
                    + (in.rank() == 1 ? ": insert a Reshape" : ""));
        }
        int groups = config.getInt("groups");
        if (in.dim(0) % groups != 0 || config.getInt("filters") % groups != 0) {
            throw new ShapeException(config.describe() + ": groups " + groups + " must divide both its " + config.getInt("filters") + " filters and the "
                    + in.dim(0) + " channels of " + config.input(0));
        }
        Window2D g = window(config, in);
        if (g.outH() < 1 || g.outW() < 1) {
            throw new ShapeException(config.describe() + ": a " + g.kh() + "×" + g.kw() + " kernel" + (g.dense() || g.spanH() == g.kh() && g.spanW() == g.kw()
                    ? "" : " spanning " + g.spanH() + "×" + g.spanW() + " pixels") + " does not fit " + "the " + in + " output of " + config.input(0));
        }
        return Shape.of(config.getInt("filters"), g.outH(), g.outW());
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        int f = config.getInt("filters"), c = inputs.get(0).dim(0) / config.getInt("groups");
        int[] k = config.getPair("kernel_size");
        ParamTensor weight = new ParamTensor("weight", Shape.of(f, c, k[0], k[1]), config.getString("kernel_initializer"));
        return config.getBoolean("use_bias") ? List.of(weight, new ParamTensor("bias", Shape.of(f), "zeros")) : List.of(weight);
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        Window2D g = window(config, inputs.get(0));
        return 2L * output.size() * g.patch() / config.getInt("groups");
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        Window2D g = window(config, inputs.get(0));
        int groups = config.getInt("groups");
        if (groups > 1) {
            g = Window2D.of(g.channels() / groups, g.height(), g.width(), g.kh(), g.kw(), g.strideH(), g.strideW(), g.dilationH(), g.dilationW(),
                    config.get("padding"));
        }
        return new Op(g, groups, config.getInt("filters"), config.getBoolean("use_bias"), new ActivationFunction(config.getString("activation")));
    }

    /** The convolution, bias and activation; with groups, one convolution per block, each with scratch of its own for its backward pass. */
    private static final class Op implements LayerOp {
        private final Window2D g;
        private final int groups, filters;
        private final boolean bias;
        private final ActivationFunction f;
        private Tensor[] cols, byFilter, blockIn, blockOut, blockWeight;
        private Tensor z, dz, dCols, blockGrad, blockWeightGrad, blockInGrad;

        /** {@code g}: the window over one group's channels. */
        Op(Window2D g, int groups, int filters, boolean bias, ActivationFunction f) {
            this.g = g;
            this.groups = groups;
            this.filters = filters;
            this.bias = bias;
            this.f = f;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            int columns = maxBatch * g.positions(), perGroup = filters / groups;
            int unfolded = Math.multiplyExact(g.patch(), columns); // may exceed the output's size, which the compiler checked
            cols = new Tensor[groups];
            byFilter = new Tensor[groups];
            for (int i = 0; i < groups; i++) {
                cols[i] = b.allocate(unfolded);
                byFilter[i] = b.allocate(perGroup * columns);
            }
            dCols = b.allocate(unfolded);
            if (!f.isIdentity()) {
                z = b.allocate(filters * columns);
                dz = b.allocate(filters * columns);
            }
            if (groups > 1) {
                blockIn = new Tensor[groups];
                blockWeight = new Tensor[groups];
                blockOut = new Tensor[groups];
                for (int i = 0; i < groups; i++) {
                    blockIn[i] = b.allocate(Math.multiplyExact(maxBatch, g.inSize()));
                    blockWeight[i] = b.allocate(perGroup * g.patch());
                    blockOut[i] = b.allocate(perGroup * columns);
                }
                blockGrad = b.allocate(perGroup * columns);
                blockWeightGrad = b.allocate(perGroup * g.patch());
                blockInGrad = b.allocate(Math.multiplyExact(maxBatch, g.inSize()));
            }
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            Tensor pre = f.isIdentity() ? io.output() : z;
            if (groups == 1) {
                b.convolutionBiasActivation(io.input(0), io.param("weight"), pre, g, filters, batch, cols[0], byFilter[0],
                        bias ? io.param("bias") : null, f.elementWise(), f.alpha(), io.output());
                f.finishRowWise(b, z, io.output(), batch * filters, g.positions());
                return;
            }
            int perGroup = filters / groups, in = g.inSize(), out = perGroup * g.positions(), weights = perGroup * g.patch();
            for (int i = 0; i < groups; i++) {
                b.copyStrided(io.input(0), in * groups, i * in, blockIn[i], in, 0, batch, in);
                b.copyStrided(io.param("weight"), 0, i * weights, blockWeight[i], 0, 0, 1, weights);
                b.convolution(blockIn[i], blockWeight[i], blockOut[i], g, perGroup, batch, cols[i], byFilter[i]);
                b.copyStrided(blockOut[i], out, 0, pre, out * groups, i * out, batch, out);
            }
            if (bias) {
                b.addChannelBias(pre, io.param("bias"), batch, filters, g.positions());
            }
            if (!f.isIdentity()) {
                f.forward(b, z, io.output(), batch * filters, g.positions());
            }
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            Tensor grad = io.outputGrad();
            if (!f.isIdentity()) {
                f.backward(b, z, io.output(), grad, dz, batch * filters, g.positions());
                grad = dz;
            }
            if (bias) {
                b.sumChannels(grad, io.grad("bias"), batch, filters, g.positions());
            }
            if (groups == 1) {
                b.convolutionBackward(io.input(0), io.param("weight"), grad, io.grad("weight"), io.inputGrad(0), g, filters, batch, cols[0], byFilter[0], dCols);
                return;
            }
            int perGroup = filters / groups, in = g.inSize(), out = perGroup * g.positions(), weights = perGroup * g.patch();
            Tensor dx = io.inputGrad(0);
            for (int i = 0; i < groups; i++) {
                b.copyStrided(grad, out * groups, i * out, blockGrad, out, 0, batch, out);
                b.convolutionBackward(blockIn[i], blockWeight[i], blockGrad, blockWeightGrad, dx == null ? null : blockInGrad, g, perGroup, batch,
                        cols[i], byFilter[i], dCols);
                b.copyStrided(blockWeightGrad, 0, 0, io.grad("weight"), 0, i * weights, 1, weights);
                if (dx != null) {
                    b.copyStrided(blockInGrad, in, 0, dx, in * groups, i * in, batch, in);
                }
            }
        }
    }
}
