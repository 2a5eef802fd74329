package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.Tensor;

/** The first input minus the second (port 0 − port 1), element by element. */
public final class SubtractLayer extends ElementwiseMerge {
    @Override
    public String name() {
        return "Subtract";
    }

    @Override
    String verb() {
        return "subtracts";
    }

    @Override
    public String description() {
        return "Subtracts its second input (port 1) from its first (port 0), element by element; they must have the same shape.";
    }

    @Override
    public int maxInputs() {
        return 2;
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int size = output.size();
        return new LayerOp() {
            private Tensor minusOne;

            @Override
            public void allocate(Backend b, int maxBatch) {
                minusOne = b.allocate(Math.multiplyExact(maxBatch, size));
                b.fill(minusOne, -1f, maxBatch * size);
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.mul(io.input(1), minusOne, io.output(), batch * size);
                b.add(io.output(), io.input(0), io.output(), batch * size);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (io.inputGrad(0) != null) {
                    b.copy(io.outputGrad(), io.inputGrad(0), batch * size);
                }
                if (io.inputGrad(1) != null) {
                    b.mul(io.outputGrad(), minusOne, io.inputGrad(1), batch * size);
                }
            }
        };
    }
}
