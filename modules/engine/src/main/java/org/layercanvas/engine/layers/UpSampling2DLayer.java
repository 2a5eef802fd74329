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
 * Nearest-neighbour upsampling (Keras's default interpolation): every pixel repeated size[0] times down and size[1]
 * times across. Runs as strided copies on every backend: each value repeated across a row, then each row down; the
 * gradient sums the copies back in the reverse order.
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
        return "Enlarges a [channels, height, width] image by repeating each pixel size×size times (nearest neighbour).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.pair("size", 2, 1, "How many times each pixel repeats down and across: one number for both, or [rows, columns]."));
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
        return new Op(in.dim(0) * in.dim(1), in.dim(2), s[0], s[1]);
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
