package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;

/** The element-wise product of its inputs (gating, attention masks); each input's gradient is the output's times the others. */
public final class MultiplyLayer extends ElementwiseMerge {
    @Override
    public String name() {
        return "Multiply";
    }

    @Override
    String verb() {
        return "multiplies";
    }

    @Override
    public String description() {
        return "Multiplies its inputs element by element; they must have the same shape.";
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int size = output.size(), count = inputs.size();
        return new LayerOp() {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.mul(io.input(0), io.input(1), io.output(), batch * size);
                for (int i = 2; i < count; i++) {
                    b.mul(io.output(), io.input(i), io.output(), batch * size);
                }
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                for (int i = 0; i < count; i++) {
                    if (io.inputGrad(i) == null) {
                        continue;
                    }
                    b.copy(io.outputGrad(), io.inputGrad(i), batch * size);
                    for (int j = 0; j < count; j++) {
                        if (j != i) {
                            b.mul(io.inputGrad(i), io.input(j), io.inputGrad(i), batch * size);
                        }
                    }
                }
            }
        };
    }
}
