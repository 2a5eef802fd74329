package org.layercanvas.plugin.example;

import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Binding;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerOp;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamKind;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.engine.spi.Tensor;

/**
 * Layer normalization over the last axis, as Keras's LayerNormalization and PyTorch's nn.LayerNorm(d):
 * y = (x − mean) / sqrt(var + epsilon) · weight + bias, with each row's own (biased) statistics, so
 * training and inference compute the same. State-dict names: weight, bias.
 *
 * <p>Built only from {@link Backend} ops so that it runs unchanged on every backend: the rows are
 * normalized by {@link Backend#batchNorm} on x seen as [1, rows, d] (one "channel" per row, its
 * statistics over that row's d values), then scaled and shifted per column.
 */
public final class LayerNormalizationLayer implements LayerType {
    static final String NAME = "LayerNormalization";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String category() {
        return "Normalization";
    }

    @Override
    public String description() {
        return "Normalizes each sample over its last axis (its own mean and variance, in training and inference alike), then scales and shifts.";
    }

    @Override
    public String iconResource() {
        return "layernorm32.png";
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(new ParamSpec("axis", ParamKind.INT, -1, "The axis to normalize over; only -1 (the last) is supported.", List.of(), null, null),
                ParamSpec.floatParam("epsilon", 0.001, 0.0, null, "Added to the variance before the square root."));
    }

    @Override
    public Shape outputShape(LayerConfig config, List<Shape> inputs) throws ShapeException {
        int axis = config.getInt("axis");
        if (axis != -1) {
            throw new ShapeException(config.describe() + " has axis " + axis + ", but only axis -1 (the last) is supported");
        }
        return inputs.get(0);
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        Shape d = Shape.of(last(inputs.get(0)));
        return List.of(new ParamTensor("weight", d, "ones"), new ParamTensor("bias", d, "zeros"));
    }

    /** Per value: the mean and variance sums (3), normalizing (2), scale and shift (2). */
    @Override
    public long flops(LayerConfig config, List<Shape> inputs, Shape output) {
        return 7L * output.size();
    }

    @Override
    public LayerOp create(LayerConfig config, List<Shape> inputs, Shape output) {
        int d = last(output), rowsPerSample = output.size() / d;
        float eps = (float) config.getDouble("epsilon");
        return new LayerOp() {
            /** Per row: mean and 1/sqrt(var + eps) (kept for the backward pass), batchNorm's gamma (ones) and beta (zeros). */
            private Tensor mean, invStd, ones, zeros;
            /** Per row, written but not used: batchNorm's running statistics and batchNormBackward's dgamma / dbeta. */
            private Tensor runMean, runVar, rowGammaGrad, rowBetaGrad;
            /** x̂, the weight repeated on every row, and a product of the backward pass; each rows × d. */
            private Tensor xhat, weightRows, product;

            @Override
            public void allocate(Backend b, int maxBatch) {
                int rows = maxBatch * rowsPerSample, n = rows * d;
                mean = b.allocate(rows);
                invStd = b.allocate(rows);
                runMean = b.allocate(rows);
                runVar = b.allocate(rows);
                rowGammaGrad = b.allocate(rows);
                rowBetaGrad = b.allocate(rows);
                zeros = b.allocate(rows);
                ones = b.allocate(rows);
                b.fill(ones, 1f, rows);
                xhat = b.allocate(n);
                weightRows = b.allocate(n);
                product = b.allocate(n);
            }

            @Override
            public void forward(Backend b, Binding io, int batch, boolean training, long seed) {
                int rows = batch * rowsPerSample, n = rows * d;
                // always "training": layer normalization uses the row's own statistics, never running ones
                b.batchNorm(io.input(0), xhat, ones, zeros, mean, invStd, runMean, runVar, 1, rows, d, 0f, eps, true);
                // source stride 0 repeats the weight on every row: no backend op scales columns directly
                b.copyStrided(io.param("weight"), 0, 0, weightRows, d, 0, rows, d);
                b.mul(xhat, weightRows, io.output(), n);
                b.addBias(io.output(), io.param("bias"), rows, d);
            }

            @Override
            public void backward(Backend b, Binding io, int batch) {
                int rows = batch * rowsPerSample, n = rows * d;
                Tensor dy = io.outputGrad();
                b.sumRows(dy, io.grad("bias"), rows, d, 0f);
                b.mul(dy, xhat, product, n);
                b.sumRows(product, io.grad("weight"), rows, d, 0f);
                if (io.inputGrad(0) != null) {
                    b.mul(dy, weightRows, product, n);
                    b.batchNormBackward(io.input(0), product, ones, mean, invStd, io.inputGrad(0), rowGammaGrad, rowBetaGrad, 1, rows, d);
                }
            }
        };
    }

    private static int last(Shape s) {
        return s.dim(s.rank() - 1);
    }
}
