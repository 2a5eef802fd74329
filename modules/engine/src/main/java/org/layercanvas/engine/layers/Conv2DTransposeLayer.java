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
 * Transposed 2-D convolution (a DCGAN generator's and a convolutional decoder's upsampling): the adjoint of the Conv2D
 * whose window slides over this layer's output. Every input pixel spreads its weighted filters over a kernel-sized patch
 * of the output, strides apart: Wᵀ·x per pixel, added where those patches overlap (col2im). Its gradients are that
 * Conv2D's forward pass (for the input) and weight gradient, so it runs on every backend's convolution code. Weights in
 * PyTorch's layout [input channels, filters, kh, kw].
 *
 * <p>Output size per axis: "same" gives input·stride (Keras's default); "valid" or p pixels give
 * (input − 1)·stride + kernel − 2p + output_padding, as PyTorch and ONNX.
 */
public final class Conv2DTransposeLayer implements LayerType {
    @Override
    public String name() {
        return "Conv2DTranspose";
    }

    @Override
    public String category() {
        return "Convolution";
    }

    @Override
    public String description() {
        return "Transposed convolution: upsamples a [channels, height, width] image by 'strides' with 'filters' learned kernel_size filters.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.intParam("filters", null, 1, "Number of output channels."),
                ParamSpec.pair("kernel_size", null, 1, "Height and width of each filter: one number for both, or [rows, columns]."),
                ParamSpec.pair("strides", 1, 1, "Upsampling factor down and across: output pixels between neighbouring input pixels."),
                new ParamSpec("padding", ParamKind.INT_OR_CHOICE, "valid", "\"same\" (output = input × strides), \"valid\" (the full spread) "
                        + "or pixels cropped on every side.", List.of("valid", "same"), 0.0, null),
                ParamSpec.pair("output_padding", 0, 0, "Extra rows and columns at the bottom/right, less than the strides (not with \"same\")."),
                ParamSpec.choice("activation", "linear", Activation.keys(), "Activation applied to the output."),
                ParamSpec.boolParam("use_bias", true, "Whether to add a learned bias per filter."),
                ParamSpec.choice("kernel_initializer", "glorot_uniform", Initializers.names(), "How the filters start."));
    }

    /** Output rows (or columns) from {@code in} input rows. */
    private static int outputSize(int in, int k, int s, Object padding, int outputPadding) {
        if ("same".equals(padding)) {
            return in * s;
        }
        int p = padding instanceof Integer i ? i : 0;
        return (in - 1) * s + k - 2 * p + outputPadding;
    }

    /**
     * The window of the Conv2D this layer is the transpose of: over the output [filters, outH, outW], one position per
     * input pixel (the exporters use it too).
     */
    public static Window2D window(LayerConfig config, Shape in) {
        int[] k = config.getPair("kernel_size"), s = config.getPair("strides"), op = config.getPair("output_padding");
        Object padding = config.get("padding");
        int outH = outputSize(in.dim(1), k[0], s[0], padding, op[0]), outW = outputSize(in.dim(2), k[1], s[1], padding, op[1]);
        return Window2D.of(config.getInt("filters"), outH, outW, k[0], k[1], s[0], s[1], 1, 1, padding);
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 3) {
            throw new ShapeException(config.describe() + " expects a [channels, height, width] input but " + config.input(0) + " gives " + in
                    + (in.rank() == 1 ? ": insert a Reshape" : ""));
        }
        int[] s = config.getPair("strides"), op = config.getPair("output_padding");
        if (op[0] >= s[0] || op[1] >= s[1]) {
            throw new ShapeException(config.describe() + ": output_padding " + config.get("output_padding") + " must be less than the strides "
                    + config.get("strides"));
        }
        if ("same".equals(config.get("padding")) && (op[0] != 0 || op[1] != 0)) {
            throw new ShapeException(config.describe() + ": padding \"same\" gives input × strides; output_padding needs \"valid\" or pixels");
        }
        Window2D g = window(config, in);
        if (g.height() < 1 || g.width() < 1 || g.outH() != in.dim(1) || g.outW() != in.dim(2)) {
            throw new ShapeException(config.describe() + ": padding " + config.get("padding") + " crops more than the " + g.kh() + "×" + g.kw()
                    + " kernel spreads the " + in + " output of " + config.input(0));
        }
        return Shape.of(g.channels(), g.height(), g.width());
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        int f = config.getInt("filters"), c = inputs.get(0).dim(0);
        int[] k = config.getPair("kernel_size");
        ParamTensor weight = new ParamTensor("weight", Shape.of(c, f, k[0], k[1]), config.getString("kernel_initializer"));
        return config.getBoolean("use_bias") ? List.of(weight, new ParamTensor("bias", Shape.of(f), "zeros")) : List.of(weight);
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        Window2D g = window(config, inputs.get(0));
        return 2L * inputs.get(0).size() * g.patch();
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new Op(window(config, inputs.get(0)), inputs.get(0).dim(0), config.getBoolean("use_bias"), new ActivationFunction(config.getString("activation")));
    }

    private static final class Op implements LayerOp {
        private final Window2D g;
        private final int channels;
        private final boolean bias;
        private final ActivationFunction f;
        private Tensor byChannel, cols, byFilter, dCols, z, dz;

        Op(Window2D g, int channels, boolean bias, ActivationFunction f) {
            this.g = g;
            this.channels = channels;
            this.bias = bias;
            this.f = f;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            int columns = maxBatch * g.positions();
            int unfolded = Math.multiplyExact(g.patch(), columns);
            byChannel = b.allocate(channels * columns);
            cols = b.allocate(unfolded);
            dCols = b.allocate(unfolded);
            byFilter = b.allocate(channels * columns);
            int out = maxBatch * g.inSize();
            if (!f.isIdentity()) {
                z = b.allocate(out);
                dz = b.allocate(out);
            }
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            Tensor pre = f.isIdentity() ? io.output() : z;
            int columns = batch * g.positions();
            // [batch, channels, pixels] → [channels, batch·pixels]; each pixel's column times Wᵀ is its patch of the output
            b.swapAxes(io.input(0), byChannel, batch, channels, g.positions());
            b.gemm(true, false, g.patch(), columns, channels, io.param("weight"), byChannel, 0f, cols);
            b.col2im(cols, pre, g, batch);
            if (bias) {
                b.addChannelBias(pre, io.param("bias"), batch, g.channels(), g.height() * g.width());
            }
            if (!f.isIdentity()) {
                f.forward(b, z, io.output(), batch * g.channels(), g.height() * g.width());
            }
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            Tensor grad = io.outputGrad();
            if (!f.isIdentity()) {
                f.backward(b, z, io.output(), grad, dz, batch * g.channels(), g.height() * g.width());
                grad = dz;
            }
            if (bias) {
                b.sumChannels(grad, io.grad("bias"), batch, g.channels(), g.height() * g.width());
            }
            // the adjoint of col2im(Wᵀ·x) is the Conv2D W·im2col(grad): the input's gradient, and with x the weight's
            // (where nothing upstream wants the input's gradient, the forward pass's scratch takes it: it is free by now)
            Tensor dx = io.inputGrad(0) != null ? io.inputGrad(0) : byChannel;
            b.convolution(grad, io.param("weight"), dx, g, channels, batch, cols, byFilter);
            b.convolutionBackward(grad, io.param("weight"), io.input(0), io.grad("weight"), null, g, channels, batch, cols, byFilter, dCols);
        }
    }
}
