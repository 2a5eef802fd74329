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
import org.layercanvas.engine.train.Initializers;

/**
 * The parametric ReLU: y = x where x &gt; 0, else α·x, with the slopes α learned. Keras's PReLU learns one α per value;
 * {@code slopes} lets values share them as Keras's {@code shared_axes} and PyTorch's {@code nn.PReLU(C)} do. α has the
 * input's shape with 1 on the shared axes (Keras's layout), so it broadcasts as it is in ONNX and PyTorch. Runs as
 * existing ops: ReLU, the channel-bias broadcast and its sum.
 */
public final class PReLULayer implements LayerType {
    /** Which values share one α; see {@link #description}. */
    static final List<String> SLOPES = List.of("per_value", "per_channel", "per_feature", "single");

    @Override
    public String name() {
        return "PReLU";
    }

    @Override
    public String category() {
        return "Activation";
    }

    @Override
    public String description() {
        return "Parametric ReLU: x where x > 0, else α·x, with α learned: per value (Keras's default), per channel (an image's first axis), "
                + "per feature (the last axis) or one for all.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.choice("slopes", "per_value", SLOPES, "Which values share a slope α: per_value (Keras's default), per_channel "
                        + "(the first axis: an image's channels, as PyTorch's nn.PReLU(C)), per_feature (the last axis) or single (nn.PReLU())."),
                ParamSpec.choice("alpha_initializer", "zeros", Initializers.names(), "How the slopes start (zeros: as a ReLU, Keras's default)."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        return inputs.get(0);
    }

    /** α's shape: the input's with 1 on every axis whose values share it. */
    public static Shape alphaShape(String slopes, Shape in) {
        int[] dims = new int[in.rank()];
        for (int i = 0; i < dims.length; i++) {
            boolean kept = switch (slopes) {
                case "per_value" -> true;
                case "per_channel" -> i == 0;
                case "per_feature" -> i == dims.length - 1;
                default -> false;
            };
            dims[i] = kept ? in.dim(i) : 1;
        }
        return Shape.of(dims);
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        return List.of(new ParamTensor("alpha", alphaShape(config.getString("slopes"), inputs.get(0)), config.getString("alpha_initializer")));
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return 4L * output.size();
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int size = output.size(), slopes = alphaShape(config.getString("slopes"), output).size();
        int last = output.dim(output.rank() - 1);
        // each sample as [outer, slopes, inner] with α[k] for every value at k: the shape the channel-bias ops broadcast over
        int outer = "per_feature".equals(config.getString("slopes")) ? size / last : 1;
        return new Op(size, outer, slopes, size / outer / slopes);
    }

    private static final class Op implements LayerOp {
        private final int size, outer, slopes, inner;
        private Tensor minusOne, positive, negative, tiled, scratch;

        Op(int size, int outer, int slopes, int inner) {
            this.size = size;
            this.outer = outer;
            this.slopes = slopes;
            this.inner = inner;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            int n = Math.multiplyExact(maxBatch, size);
            minusOne = b.allocate(n);
            b.fill(minusOne, -1f, n); // a constant: x − relu(x) and the gradient's complement
            positive = b.allocate(n); // relu(x), then in backward dy where x > 0
            negative = b.allocate(n); // min(x, 0)
            tiled = b.allocate(n); // α at every value
            scratch = b.allocate(n);
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            int n = batch * size;
            Tensor x = io.input(0);
            b.activate(Activation.RELU, 0f, x, positive, n);
            b.mul(positive, minusOne, negative, n);
            b.add(negative, x, negative, n);
            b.fill(tiled, 0f, n);
            b.addChannelBias(tiled, io.param("alpha"), batch * outer, slopes, inner);
            b.mul(tiled, negative, scratch, n);
            b.add(positive, scratch, io.output(), n);
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            int n = batch * size;
            Tensor dy = io.outputGrad(), dx = io.inputGrad(0);
            b.mul(dy, negative, scratch, n);
            b.sumChannels(scratch, io.grad("alpha"), batch * outer, slopes, inner);
            if (dx == null) {
                return;
            }
            b.activateBackward(Activation.RELU, 0f, io.input(0), io.output(), dy, positive, n); // dy where x > 0
            b.mul(positive, minusOne, scratch, n);
            b.add(scratch, dy, scratch, n); // dy where x ≤ 0
            b.mul(scratch, tiled, scratch, n);
            b.add(positive, scratch, dx, n);
        }
    }
}
