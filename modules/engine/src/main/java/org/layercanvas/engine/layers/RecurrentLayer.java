package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;

/**
 * What SimpleRNN, LSTM and GRU share: parameters, the [steps, features] shape rule, and PyTorch's
 * weight layout with {@link #gates()} blocks of {@code units} rows (1 for SimpleRNN, 4 for LSTM, 3 for GRU).
 */
abstract class RecurrentLayer implements LayerType {
    /** Row blocks of the weights: one per gate. */
    abstract int gates();

    @Override
    public String category() {
        return "Recurrent";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.intParam("units", null, 1, "Size of the hidden state."),
                ParamSpec.boolParam("return_sequences", false, "Output every step's state [steps, units] instead of the last one."),
                ParamSpec.choice("activation", "tanh", Activation.keys().stream().filter(k -> !Activation.of(k).rowWise()).toList(),
                        "The recurrence's activation (LSTM: of the candidate and of the cell state; GRU: of the candidate)."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        return Sequences.outputShape(config, inputs);
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        int h = config.getInt("units"), f = inputs.get(0).dim(1), rows = gates() * h;
        return List.of(new ParamTensor("weight_ih", Shape.of(rows, f), "glorot_uniform"), new ParamTensor("weight_hh", Shape.of(rows, h), "glorot_uniform"),
                new ParamTensor("bias_ih", Shape.of(rows), "zeros"), new ParamTensor("bias_hh", Shape.of(rows), "zeros"));
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        int h = config.getInt("units"), t = inputs.get(0).dim(0), f = inputs.get(0).dim(1);
        return 2L * gates() * t * h * (f + h);
    }
}
