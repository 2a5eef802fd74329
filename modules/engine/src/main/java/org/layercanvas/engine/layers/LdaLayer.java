package org.layercanvas.engine.layers;

import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.ParamTensor;

/**
 * Linear discriminant analysis as the lecture derives it: Gaussian classes with a shared covariance
 * Σ give P(t=1|x) = σ(wᵀx + b), w = Σ⁻¹(μ1 − μ0), b = ½(μ0ᵀΣ⁻¹μ0 − μ1ᵀΣ⁻¹μ1) + ln(π1/π0).
 * Σ is the prior-weighted average of the classes' maximum-likelihood covariances.
 */
public final class LdaLayer extends DiscriminantLayer {
    @Override
    public String name() {
        return "LDA";
    }

    @Override
    public String description() {
        return "Linear discriminant analysis: fitted in closed form (class means, shared covariance, priors); outputs P(t=1|x).";
    }

    @Override
    boolean quadratic() {
        return false;
    }

    @Override
    public List<ParamTensor> parameters(LayerConfig config, List<Shape> inputs) {
        int d = inputs.get(0).size();
        return List.of(new ParamTensor("weight", Shape.of(1, d), "zeros", false), new ParamTensor("bias", Shape.of(1), "zeros", false));
    }

    @Override
    public Map<String, float[]> fit(LayerConfig config, int d, float[] x, float[] targets, int count) {
        GaussianClasses g = new GaussianClasses(d, x, targets, count);
        double[][] inv = GaussianClasses.inverse(g.pooled(), config.describe() + ": the shared covariance");
        double[] diff = new double[d];
        for (int a = 0; a < d; a++) {
            diff[a] = g.mean[1][a] - g.mean[0][a];
        }
        double[] w = GaussianClasses.times(inv, diff);
        double b = 0.5 * (GaussianClasses.dot(g.mean[0], GaussianClasses.times(inv, g.mean[0]))
                - GaussianClasses.dot(g.mean[1], GaussianClasses.times(inv, g.mean[1]))) + Math.log(g.prior[1] / g.prior[0]);
        return Map.of("weight", toFloat(w), "bias", new float[] {(float) b});
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
