package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.train.Initializers;

/** Fully connected: y = f(x·Wᵀ + b) with W stored [units, in] as PyTorch's Linear. */
public final class DenseLayer implements LayerType {
    @Override
    public String name() {
        return "Dense";
    }

    @Override
    public String category() {
        return "Core";
    }

    @Override
    public String description() {
        return "Fully connected layer: every output unit sees every input, y = activation(x·Wᵀ + b).";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(
                ParamSpec.intParam("units", null, 1, "Number of output units."),
                ParamSpec.choice("activation", "linear", Activation.keys(), "Activation applied to the output."),
                ParamSpec.boolParam("use_bias", true, "Whether to add a learned bias."),
                ParamSpec.choice("kernel_initializer", "glorot_uniform", Initializers.names(), "How the weights start."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() != 1) {
            throw new ShapeException(config.describe() + " expects a 1-D input but " + config.input(0) + " gives " + in
                    + ": insert a Flatten");
        }
        return Shape.of(config.getInt("units"));
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        int units = config.getInt("units"), in = inputs.get(0).size();
        ParamTensor weight = new ParamTensor("weight", Shape.of(units, in), config.getString("kernel_initializer"));
        return config.getBoolean("use_bias") ? List.of(weight, new ParamTensor("bias", Shape.of(units), "zeros")) : List.of(weight);
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return 2L * inputs.get(0).size() * output.size() + (config.getBoolean("use_bias") ? output.size() : 0);
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        return new Op(inputs.get(0).size(), config.getInt("units"), config.getBoolean("use_bias"),
                new ActivationFunction(config.getString("activation")));
    }

    private static final class Op implements LayerOp {
        private final int in, units;
        private final boolean bias;
        private final ActivationFunction f;
        private Tensor z, dz;

        Op(int in, int units, boolean bias, ActivationFunction f) {
            this.in = in;
            this.units = units;
            this.bias = bias;
            this.f = f;
        }

        @Override
        public void allocate(Backend b, int maxBatch) {
            if (!f.isIdentity()) {
                z = b.allocate(maxBatch * units);
                dz = b.allocate(maxBatch * units);
            }
        }

        @Override
        public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
            Tensor pre = f.isIdentity() ? io.output() : z;
            b.gemmBiasActivation(false, true, batch, units, in, io.input(0), io.param("weight"), pre, bias ? io.param("bias") : null,
                    f.elementWise(), f.alpha(), io.output());
            f.finishRowWise(b, z, io.output(), batch, units);
        }

        @Override
        public void backward(Backend b, Binding io, int batch) {
            Tensor g = io.outputGrad();
            if (!f.isIdentity()) {
                f.backward(b, z, io.output(), g, dz, batch, units);
                g = dz;
            }
            b.gemm(true, false, units, in, batch, g, io.input(0), 0f, io.grad("weight"));
            if (bias) {
                b.sumRows(g, io.grad("bias"), batch, units, 0f);
            }
            if (io.inputGrad(0) != null) {
                b.gemm(false, false, batch, in, units, g, io.param("weight"), 0f, io.inputGrad(0));
            }
        }
    }
}
