package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;

/**
 * What the recurrent layers share: the [T, F] input rule, the output shape, and moving one time
 * step between the batch-major sequence [B, T, F] and a contiguous [B, F] step buffer (strided
 * block copies, so recurrent layers need no ops of their own).
 */
final class Sequences {
    private Sequences() {
    }

    static Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 2) {
            throw new ShapeException(config.describe() + " expects a sequence [steps, features] but " + config.input(0) + " gives " + in
                    + (in.rank() == 1 ? ": insert a Reshape to [" + in.dim(0) + ",1]" : ""));
        }
        int units = config.getInt("units");
        return config.getBoolean("return_sequences") ? Shape.of(in.dim(0), units) : Shape.of(units);
    }

    /** step[b, :] = seq[b, t, :] for a sequence of {@code steps} steps of {@code width} values. */
    static void read(Backend b, Tensor seq, Tensor step, int batch, int steps, int width, int t) {
        b.copyStrided(seq, steps * width, t * width, step, width, 0, batch, width);
    }

    /** seq[b, t, :] = step[b, :]. */
    static void write(Backend b, Tensor step, Tensor seq, int batch, int steps, int width, int t) {
        b.copyStrided(step, width, 0, seq, steps * width, t * width, batch, width);
    }

    static Tensor[] allocate(Backend b, int count, int size) {
        Tensor[] t = new Tensor[count];
        for (int i = 0; i < count; i++) {
            t[i] = b.allocate(size);
        }
        return t;
    }
}
