package org.layercanvas.formats.testplugin;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/**
 * A layer type that only the formats tests know, registered through the test class path's
 * META-INF/services as a plugin jar's would be: y = x², element-wise. Exported through
 * {@link SquareAdapter} alone, it proves that the exporters and the importer use the adapter registry.
 */
public final class SquareLayer implements LayerType {
    @Override
    public String name() {
        return "Square";
    }

    @Override
    public String category() {
        return "Activation";
    }

    @Override
    public String description() {
        return "Squares every value (a test plugin).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int size = output.size();
        return new LayerOp() {
            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.mul(io.input(0), io.input(0), io.output(), batch * size);
            }

            /** dx = 2·x·dy, as x·dy + x·dy. */
            @Override
            public void backward(Backend b, Binding io, int batch) {
                if (io.inputGrad(0) != null) {
                    b.mul(io.input(0), io.outputGrad(), io.inputGrad(0), batch * size);
                    b.add(io.inputGrad(0), io.inputGrad(0), io.inputGrad(0), batch * size);
                }
            }
        };
    }
}
