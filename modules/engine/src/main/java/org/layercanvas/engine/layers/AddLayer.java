package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

/** Element-wise sum of inputs of one shape (residual connections); each input gets the whole gradient. */
public final class AddLayer extends ElementwiseMerge {
    @Override
    public String name() {
        return "Add";
    }

    @Override
    String verb() {
        return "adds";
    }

    @Override
    public String description() {
        return "Adds its inputs element by element; they must have the same shape.";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int size = output.size(), count = inputs.size();
        return new LayerOp() {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.copy(io.input(0), io.output(), batch * size);
                for (int i = 1; i < count; i++) {
                    b.add(io.output(), io.input(i), io.output(), batch * size);
                }
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                for (int i = 0; i < count; i++) {
                    if (io.inputGrad(i) != null) {
                        b.copy(io.outputGrad(), io.inputGrad(i), batch * size);
                    }
                }
            }
        };
    }
}
