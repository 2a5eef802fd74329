package org.layercanvas.engine.layers;

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
 * Upsampling by size[0] down and size[1] across. Nearest neighbour (Keras's default) repeats every pixel: strided copies
 * on every backend, each value repeated across a row, then each row down; the gradient sums the copies back in the
 * reverse order. Bilinear interpolates with half-pixel centres (Keras's and PyTorch's {@code align_corners=False}, ONNX's
 * {@code half_pixel}), edges clamped: a linear map along each axis, so it runs as two GEMMs with fixed interpolation
 * matrices and the gradient as their transposes.
 */
public final class UpSampling2DLayer implements LayerType {
    @Override
    public String name() {
        return "UpSampling2D";
    }

    @Override
    public String category() {
        return "Reshape";
    }

    @Override
    public String description() {
        return "Enlarges a [channels, height, width] image size×size times, repeating each pixel (nearest) or interpolating (bilinear).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.pair("size", 2, 1, "How many times larger the image gets down and across: one number for both, or [rows, columns]."),
                ParamSpec.choice("interpolation", "nearest", List.of("nearest", "bilinear"), "nearest repeats each pixel; bilinear interpolates "
                        + "between pixel centres (as Keras and PyTorch's align_corners=False)."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 3) {
            throw new ShapeException(config.describe() + " expects a [channels, height, width] input but " + config.input(0) + " gives " + in);
        }
        int[] s = config.getPair("size");
        long height = (long) in.dim(1) * s[0], width = (long) in.dim(2) * s[1];
        if (height * width > Integer.MAX_VALUE) {
            throw new ShapeException(config.describe() + ": size " + config.get("size") + " makes a " + height + "×" + width + " image, too large");
        }
        return Shape.of(in.dim(0), (int) height, (int) width);
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        Shape in = inputs.get(0);
        int[] s = config.getPair("size");
        if (config.getString("interpolation").equals("bilinear")) {
            return new Bilinear(in.dim(0), in.dim(1), in.dim(2), s[0], s[1]);
        }
        return new Op(in.dim(0) * in.dim(1), in.dim(2), s[0], s[1]);
    }

    /**
     * The [size·n, n] matrix of linear interpolation along one axis of n pixels: output o reads the source coordinate
     * (o + ½)/size − ½, clamped to the first and last pixel, from its two neighbours.
     */
    static float[] interpolation(int n, int size) {
        int out = n * size;
        float[] a = new float[out * n];
        for (int o = 0; o < out; o++) {
            double src = Math.max((o + 0.5) / size - 0.5, 0);
            int i0 = Math.min((int) Math.floor(src), n - 1), i1 = Math.min(i0 + 1, n - 1);
            double frac = src - i0;
            a[o * n + i0] += (float) (1 - frac);
            a[o * n + i1] += (float) frac;
        }
        return a;
    }

    /**
     * Bilinear upsampling of maps [channels·height, width]: Z = X·Awᵀ across, then down, Y = Ah·Z for every map at once,
     * with the maps' rows brought first by a swap of axes ([maps, H, W'] ↔ [H, maps, W']).
     */
    private static final class Bilinear implements LayerOp {
        private final int channels, height, width, down, across;
        private Tensor acrossMatrix, downMatrix, widened, swapped, tall;

        Bilinear(int channels, int height, int width, int down, int across) {
            this.channels = channels;
            this.height = height;
            this.width = width;
            this.down = down;
            this.across = across;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            int wide = width * across;
            acrossMatrix = constant(b, interpolation(width, across));
            downMatrix = constant(b, interpolation(height, down));
            widened = b.allocate(Math.multiplyExact(maxBatch * channels * height, wide)); // [maps·H, W'], or its gradient
            swapped = b.allocate(Math.multiplyExact(maxBatch * channels * height, wide)); // [H, maps·W']
            tall = b.allocate(Math.multiplyExact(maxBatch * channels * height * down, wide)); // [H', maps·W']
        }

        private static Tensor constant(Backend b, float[] values) {
            Tensor t = b.allocate(values.length);
            b.write(t, values, 0, values.length);
            return t;
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            int maps = batch * channels, wide = width * across;
            b.gemm(false, true, maps * height, wide, width, io.input(0), acrossMatrix, 0f, widened);
            b.swapAxes(widened, swapped, maps, height, wide);
            b.gemm(false, false, height * down, maps * wide, height, downMatrix, swapped, 0f, tall);
            b.swapAxes(tall, io.output(), height * down, maps, wide);
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            Tensor dx = io.inputGrad(0);
            if (dx == null) {
                return;
            }
            int maps = batch * channels, wide = width * across;
            b.swapAxes(io.outputGrad(), tall, maps, height * down, wide);
            b.gemm(true, false, height, maps * wide, height * down, downMatrix, tall, 0f, swapped);
            b.swapAxes(swapped, widened, height, maps, wide);
            b.gemm(false, false, maps * height, width, wide, widened, acrossMatrix, 0f, dx);
        }
    }

    /** Images of {@code rows} (channels·height) rows of {@code width} values, each value repeated {@code down} × {@code across}. */
    private static final class Op implements LayerOp {
        private final int rows, width, down, across;
        private Tensor widened, share;

        Op(int rows, int width, int down, int across) {
            this.rows = rows;
            this.width = width;
            this.down = down;
            this.across = across;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            int wide = Math.multiplyExact(maxBatch * rows, width * across);
            widened = b.allocate(wide); // rows widened: [rows, width·across], or their gradient
            share = b.allocate(wide); // one copy's share of the gradient
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            int r = batch * rows, wide = width * across;
            Tensor target = down == 1 ? io.output() : widened;
            for (int a = 0; a < across; a++) { // value i of the image to values i·across + a
                b.copyStrided(io.input(0), 1, 0, target, across, a, r * width, 1);
            }
            if (down > 1) {
                for (int d = 0; d < down; d++) { // widened row j to rows j·down + d
                    b.copyStrided(widened, wide, 0, io.output(), down * wide, d * wide, r, wide);
                }
            }
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            Tensor dx = io.inputGrad(0);
            if (dx == null) {
                return;
            }
            int r = batch * rows, wide = width * across;
            Tensor dWide = io.outputGrad();
            if (down > 1) { // the gradient of each widened row: the sum over its copies down
                dWide = widened;
                for (int d = 0; d < down; d++) {
                    b.copyStrided(io.outputGrad(), down * wide, d * wide, d == 0 ? widened : share, wide, 0, r, wide);
                    if (d > 0) {
                        b.add(widened, share, widened, r * wide);
                    }
                }
            }
            for (int a = 0; a < across; a++) { // and of each value: the sum over its copies across
                b.copyStrided(dWide, across, a, a == 0 ? dx : share, 1, 0, r * width, 1);
                if (a > 0) {
                    b.add(dx, share, dx, r * width);
                }
            }
        }
    }
}
