package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamKind;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/** What MaxPooling2D and AveragePooling2D share: parameters, window geometry and shape rule. */
public abstract class Pooling implements LayerType {
    Pooling() {
    }

    @Override
    public String category() {
        return "Pooling";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.pair("pool_size", 2, 1, "Height and width of the pooling window: one number for both, or [rows, columns]."),
                ParamSpec.pair("strides", 0, 0, "Step between windows down and across; 0 means the pool's size."),
                new ParamSpec("padding", ParamKind.INT_OR_CHOICE, "valid", "\"valid\" (windows inside the image), \"same\" (output = ceil(input / "
                        + "stride)) or pixels on every side (less than the pool); padding never wins a maximum and is not counted in a mean.",
                        List.of("valid", "same"), 0.0, null));
    }

    /** The window of a pooling node on its input's [channels, height, width] (the exporters use it too). */
    public static Window2D window(LayerConfig config, Shape in) {
        int[] k = config.getPair("pool_size"), s = config.getPair("strides");
        return Window2D.of(in.dim(0), in.dim(1), in.dim(2), k[0], k[1], s[0] == 0 ? k[0] : s[0], s[1] == 0 ? k[1] : s[1], 1, 1,
                config.get("padding"));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 3) {
            throw new ShapeException(config.describe() + " expects a [channels, height, width] input but " + config.input(0) + " gives " + in);
        }
        Window2D g = window(config, in);
        if (config.get("padding") instanceof Integer p && (p >= g.kh() || p >= g.kw())) {
            // a margin as wide as the pool would give windows with no pixel of the image in them
            throw new ShapeException(config.describe() + ": padding " + p + " is not less than its " + g.kh() + "×" + g.kw() + " pool");
        }
        if (g.outH() < 1 || g.outW() < 1) {
            throw new ShapeException(config.describe() + ": a " + g.kh() + "×" + g.kw() + " window does not fit " + "the " + in + " output of " + config.input(0));
        }
        return Shape.of(g.channels(), g.outH(), g.outW());
    }

    /** Each window replaced by its mean (the pooling layers, and the global ones with one window). */
    static LayerOp average(Window2D g) {
        return new LayerOp() {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.avgPool(io.input(0), io.output(), g, batch);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (io.inputGrad(0) != null) {
                    b.avgPoolBackward(io.outputGrad(), io.inputGrad(0), g, batch);
                }
            }
        };
    }

    /** Each window's largest value kept, where it was remembered for the gradient, which flows back to it only. */
    static LayerOp max(Window2D g, Shape output) {
        return new LayerOp() {
            private Tensor argmax;

            @Override
            public void allocate(Backend b, int maxBatch) {
                argmax = b.allocate(maxBatch * output.size());
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.maxPool(io.input(0), io.output(), argmax, g, batch);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (io.inputGrad(0) != null) {
                    b.maxPoolBackward(io.outputGrad(), argmax, io.inputGrad(0), g, batch);
                }
            }
        };
    }
}
