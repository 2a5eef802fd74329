package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Tensor;

/** The element-wise mean of its inputs (ensembles of branches); each input gets the output's gradient over the count. */
public final class AverageLayer extends ElementwiseMerge {
    @Override
    public String name() {
        return "Average";
    }

    @Override
    String verb() {
        return "averages";
    }

    @Override
    public String description() {
        return "Averages its inputs element by element; they must have the same shape.";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int size = output.size(), count = inputs.size();
        return new LayerOp() {
            private Tensor share;

            @Override
            public void allocate(Backend b, int maxBatch) {
                share = b.allocate(Math.multiplyExact(maxBatch, size));
                b.fill(share, 1f / count, maxBatch * size);
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.add(io.input(0), io.input(1), io.output(), batch * size);
                for (int i = 2; i < count; i++) {
                    b.add(io.output(), io.input(i), io.output(), batch * size);
                }
                b.mul(io.output(), share, io.output(), batch * size);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                for (int i = 0; i < count; i++) {
                    if (io.inputGrad(i) != null) {
                        b.mul(io.outputGrad(), share, io.inputGrad(i), batch * size);
                    }
                }
            }
        };
    }
}
