package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;

/** Where samples enter the network; the plan writes each batch into its output. */
public final class InputLayer implements LayerType {
    public static final String NAME = "Input";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String category() {
        return "Core";
    }

    @Override
    public String description() {
        return "Where samples enter the network; shape excludes the batch dimension (images [C,H,W], sequences [T,F]).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.shape("shape", "Shape of one sample, e.g. [784] or [1,28,28]."));
    }

    @Override
    public int minInputs() {
        return 0;
    }

    @Override
    public int maxInputs() {
        return 0;
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) {
        return config.getShape("shape");
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new LayerOp() {
            @Override
            public void forward(Backend backend, Binding io, int batch, boolean training, long seed) {
            }

            @Override
            public void backward(Backend backend, Binding io, int batch) {
            }
        };
    }
}
