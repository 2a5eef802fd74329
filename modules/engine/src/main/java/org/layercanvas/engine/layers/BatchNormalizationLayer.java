package org.layercanvas.engine.layers;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;

/**
 * Normalizes each channel (each feature of a vector, each channel of a [C, H, W] image) with the
 * batch's statistics while training and with running statistics at inference, then scales and
 * shifts. PyTorch's state_dict names: weight, bias, running_mean, running_var.
 */
public final class BatchNormalizationLayer implements LayerType {
    @Override
    public String name() {
        return "BatchNormalization";
    }

    @Override
    public String category() {
        return "Normalization";
    }

    @Override
    public String description() {
        return "Normalizes each feature or image channel over the batch while training (running statistics at inference), then scales and shifts.";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.floatParam("momentum", 0.99, 0.0, 1.0, "How much of the running statistics each batch keeps."),
                ParamSpec.floatParam("epsilon", 0.001, 0.0, null, "Added to the variance before the square root."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        Shape in = inputs.get(0);
        if (in.rank() == 2) {
            throw new ShapeException(config.describe() + " normalizes vectors [features] or images [channels, height, width], not "
                    + "the " + in + " output of " + config.input(0));
        }
        return in;
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        Shape c = Shape.of(inputs.get(0).dim(0));
        return List.of(new ParamTensor("weight", c, "ones"), new ParamTensor("bias", c, "zeros"),
                new ParamTensor("running_mean", c, "zeros", false), new ParamTensor("running_var", c, "ones", false));
    }

    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return 2L * output.size();
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int channels = output.dim(0), size = output.size() / channels;
        float momentum = (float) config.getDouble("momentum"), eps = (float) config.getDouble("epsilon");
        return new LayerOp() {
            private Tensor mean, invStd, dxScratch;

            @Override
            public void allocate(Backend b, int maxBatch) {
                mean = b.allocate(channels);
                invStd = b.allocate(channels);
                dxScratch = b.allocate(maxBatch * output.size());
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                b.batchNorm(io.input(0), io.output(), io.param("weight"), io.param("bias"), mean, invStd,
                        io.param("running_mean"), io.param("running_var"), batch, channels, size, momentum, eps, training);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                Tensor dx = io.inputGrad(0) != null ? io.inputGrad(0) : dxScratch;
                b.batchNormBackward(io.input(0), io.outputGrad(), io.param("weight"), mean, invStd, dx, io.grad("weight"), io.grad("bias"),
                        batch, channels, size);
            }
        };
    }
}
