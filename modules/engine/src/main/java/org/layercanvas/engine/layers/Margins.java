package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;

/**
 * What ZeroPadding2D and Cropping2D share: an image [C, H, W] inside a larger one [C, top + H + bottom, left + W + right].
 * Padding places the small image in the large one (zeros around it); cropping takes it out; each is the other's gradient.
 * Both run as strided block copies, so on every backend: with margins left or right, through an image of full-width rows.
 */
abstract class Margins implements LayerType {
    @Override
    public String category() {
        return "Reshape";
    }

    static Shape image(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 3) {
            throw new ShapeException(config.describe() + " expects a [channels, height, width] input but " + config.input(0) + " gives " + in);
        }
        return in;
    }

    /** The geometry: channels, the inner image's height and width, and the four margins. */
    record Frame(int channels, int height, int width, int top, int bottom, int left, int right) {
        static Frame of(int channels, int height, int width, int[] sides) {
            return new Frame(channels, height, width, sides[0], sides[1], sides[2], sides[3]);
        }

        int outerHeight() {
            return top + height + bottom;
        }

        int outerWidth() {
            return left + width + right;
        }

        boolean fullRows() {
            return left == 0 && right == 0;
        }

        /** The inner image [rows, H, W] into the outer [rows, H', W'], zeros around it; {@code wide} [rows, H, W'] is scratch. */
        void place(Backend b, Tensor inner, Tensor outer, Tensor wide, int images) {
            b.fill(outer, 0f, images * outerHeight() * outerWidth());
            if (fullRows()) {
                b.copyStrided(inner, height * width, 0, outer, outerHeight() * width, top * width, images, height * width);
                return;
            }
            b.fill(wide, 0f, images * height * outerWidth());
            b.copyStrided(inner, width, 0, wide, outerWidth(), left, images * height, width);
            b.copyStrided(wide, height * outerWidth(), 0, outer, outerHeight() * outerWidth(), top * outerWidth(), images, height * outerWidth());
        }

        /** The inner image out of the outer one: {@link #place}'s adjoint. */
        void take(Backend b, Tensor outer, Tensor inner, Tensor wide, int images) {
            if (fullRows()) {
                b.copyStrided(outer, outerHeight() * width, top * width, inner, height * width, 0, images, height * width);
                return;
            }
            b.copyStrided(outer, outerHeight() * outerWidth(), top * outerWidth(), wide, height * outerWidth(), 0, images, height * outerWidth());
            b.copyStrided(wide, outerWidth(), left, inner, width, 0, images * height, width);
        }

        /** Pads when {@code pad}, else crops; the gradient does the other. */
        LayerOp op(boolean pad) {
            return new LayerOp() {
                private Tensor wide;

                @Override
                public void allocate(Backend b, int maxBatch) {
                    if (!fullRows()) {
                        wide = b.allocate(Math.multiplyExact(maxBatch * channels, height * outerWidth()));
                    }
                }

                @Override
                public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                    if (pad) {
                        place(b, io.input(0), io.output(), wide, batch * channels);
                    } else {
                        take(b, io.input(0), io.output(), wide, batch * channels);
                    }
                }

                @Override
                public void backward(Backend b, Binding io, int batch) {
                    if (io.inputGrad(0) == null) {
                        return;
                    }
                    if (pad) {
                        take(b, io.outputGrad(), io.inputGrad(0), wide, batch * channels);
                    } else {
                        place(b, io.outputGrad(), io.inputGrad(0), wide, batch * channels);
                    }
                }
            };
        }
    }
}
