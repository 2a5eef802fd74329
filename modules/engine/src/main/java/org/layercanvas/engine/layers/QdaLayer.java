package org.layercanvas.engine.layers;

import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.ParamTensor;

/**
 * Quadratic discriminant analysis: each class its own covariance, so log P(x|t=1) − log P(x|t=0) +
 * ln(π1/π0) = xᵀQx + wᵀx + b with Q = −½(Σ1⁻¹ − Σ0⁻¹), w = Σ1⁻¹μ1 − Σ0⁻¹μ0,
 * b = −½μ1ᵀΣ1⁻¹μ1 + ½μ0ᵀΣ0⁻¹μ0 − ½ln|Σ1| + ½ln|Σ0| + ln(π1/π0); the output is σ of that.
 */
public final class QdaLayer extends DiscriminantLayer {
    @Override
    public String name() {
        return "QDA";
    }

    @Override
    public String description() {
        return "Quadratic discriminant analysis: fitted in closed form (class means, per-class covariances, priors); outputs P(t=1|x).";
    }

    @Override
    boolean quadratic() {
        return true;
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        int d = inputs.get(0).size();
        return List.of(new ParamTensor("quadratic", Shape.of(d, d), "zeros", false),
                new ParamTensor("weight", Shape.of(1, d), "zeros", false), new ParamTensor("bias", Shape.of(1), "zeros", false));
    }

    @Override
    public Map<String, float[]> fit(LayerConfig config, int d, float[] x, float[] targets, int count) {
        GaussianClasses g = new GaussianClasses(d, x, targets, count);
        double[][] a0 = GaussianClasses.inverse(g.cov[0], config.describe() + ": the covariance of class 0");
        double[][] a1 = GaussianClasses.inverse(g.cov[1], config.describe() + ": the covariance of class 1");
        double[] q = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i * d + j] = -0.5 * (a1[i][j] - a0[i][j]);
            }
        }
        double[] m1 = GaussianClasses.times(a1, g.mean[1]), m0 = GaussianClasses.times(a0, g.mean[0]);
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = m1[i] - m0[i];
        }
        double b = -0.5 * GaussianClasses.dot(g.mean[1], m1) + 0.5 * GaussianClasses.dot(g.mean[0], m0)
                - 0.5 * GaussianClasses.logDet(g.cov[1], "class 1") + 0.5 * GaussianClasses.logDet(g.cov[0], "class 0")
                + Math.log(g.prior[1] / g.prior[0]);
        return Map.of("quadratic", LdaLayer.toFloat(q), "weight", LdaLayer.toFloat(w), "bias", new float[] {(float) b});
    }
}
