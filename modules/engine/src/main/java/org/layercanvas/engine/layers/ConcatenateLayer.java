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

/**
 * Joins its inputs along one axis of the sample shape (-1: the last). In row-major memory that is
 * a block copy: each input fills a band of columns of the output viewed as [rows, columns].
 */
public final class ConcatenateLayer implements LayerType {
    @Override
    public String name() {
        return "Concatenate";
    }

    @Override
    public String category() {
        return "Merge";
    }

    @Override
    public String description() {
        return "Joins its inputs along 'axis' (-1 = the last axis; 0 = channels of images); other dimensions must agree.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(new ParamSpec("axis", org.layercanvas.engine.spi.ParamKind.INT, -1, "The axis to join along, counted without the batch.",
                List.of(), -8.0, 7.0));
    }

    @Override
    public int minInputs() {
        return 2;
    }

    @Override
    public int maxInputs() {
        return ElementwiseMerge.MAX_INPUTS;
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape first = inputs.get(0);
        int axis = axis(config, first.rank());
        if (axis < 0 || axis >= first.rank()) {
            throw new ShapeException(config.describe() + ": axis " + config.getInt("axis") + " does not exist in " + "the " + first + " output of " + config.input(0));
        }
        int[] dims = first.dims();
        for (int i = 1; i < inputs.size(); i++) {
            Shape s = inputs.get(i);
            boolean fits = s.rank() == first.rank();
            for (int d = 0; fits && d < dims.length; d++) {
                fits = d == axis || s.dim(d) == first.dim(d);
            }
            if (!fits) {
                throw new ShapeException(config.describe() + " joins along axis " + config.getInt("axis") + " but " + config.input(0) + " gives "
                        + first + " and " + config.input(i) + " gives " + s);
            }
            dims[axis] += s.dim(axis);
        }
        return Shape.of(dims);
    }

    private static int axis(LayerConfig config, int rank) {
        int a = config.getInt("axis");
        return a < 0 ? rank + a : a;
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int axis = axis(config, output.rank());
        int rowsPerSample = 1;
        for (int d = 0; d < axis; d++) {
            rowsPerSample *= output.dim(d);
        }
        int[] cols = new int[inputs.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = inputs.get(i).size() / rowsPerSample;
        }
        int total = output.size() / rowsPerSample, perSample = rowsPerSample;
        return new LayerOp() {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                for (int i = 0, offset = 0; i < cols.length; offset += cols[i], i++) {
                    b.copyStrided(io.input(i), cols[i], 0, io.output(), total, offset, batch * perSample, cols[i]);
                }
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                for (int i = 0, offset = 0; i < cols.length; offset += cols[i], i++) {
                    if (io.inputGrad(i) != null) {
                        b.copyStrided(io.outputGrad(), total, offset, io.inputGrad(i), cols[i], 0, batch * perSample, cols[i]);
                    }
                }
            }
        };
    }
}
