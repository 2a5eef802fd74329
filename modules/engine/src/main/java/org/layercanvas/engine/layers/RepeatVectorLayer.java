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
 * Repeats a vector n times into a sequence [n, features], as Keras's RepeatVector: what a sequence decoder reads its code
 * from. n strided copies; the gradient sums the n steps back.
 */
public final class RepeatVectorLayer implements LayerType {
    @Override
    public String name() {
        return "RepeatVector";
    }

    @Override
    public String category() {
        return "Reshape";
    }

    @Override
    public String description() {
        return "Repeats a [features] vector n times into a [n, features] sequence (e.g. to feed a code to a recurrent decoder).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.intParam("n", null, 1, "How many steps the sequence has."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 1) {
            throw new ShapeException(config.describe() + " expects a vector [features] but " + config.input(0) + " gives " + in
                    + (in.rank() > 1 ? ": insert a Flatten" : ""));
        }
        if ((long) config.getInt("n") * in.dim(0) > Integer.MAX_VALUE) {
            throw new ShapeException(config.describe() + ": " + config.getInt("n") + " copies of " + in + " are too many values");
        }
        return Shape.of(config.getInt("n"), in.dim(0));
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int n = config.getInt("n"), features = inputs.get(0).dim(0);
        return new LayerOp() {
            private Tensor step;

            @Override
            public void allocate(Backend b, int maxBatch) {
                step = b.allocate(Math.multiplyExact(maxBatch, features));
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                for (int t = 0; t < n; t++) {
                    Sequences.write(b, io.input(0), io.output(), batch, n, features, t);
                }
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                Tensor dx = io.inputGrad(0);
                if (dx == null) {
                    return;
                }
                Sequences.read(b, io.outputGrad(), dx, batch, n, features, 0);
                for (int t = 1; t < n; t++) {
                    Sequences.read(b, io.outputGrad(), step, batch, n, features, t);
                    b.add(dx, step, dx, batch * features);
                }
            }
        };
    }
}
