package org.layercanvas.engine.data;

import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.Preprocess;

/**
 * A project's preprocessing, fitted on the training data and applied alike to training and test
 * data: {@code scale} multiplies features, {@code standardize} uses the training data's per-feature
 * mean and standard deviation (a constant feature keeps std 1), {@code one_hot} expands class indices.
 */
public final class Preprocessing {
    private final Preprocess spec;
    private final float[] mean, std;

    private Preprocessing(Preprocess spec, float[] mean, float[] std) {
        this.spec = spec;
        this.mean = mean;
        this.std = std;
    }

    public static Preprocessing fit(Preprocess spec, Dataset train) {
        if (!spec.standardize()) {
            return new Preprocessing(spec, null, null);
        }
        int f = train.featureShape().size(), n = train.count();
        double scale = spec.scale() == null ? 1 : spec.scale();
        double[] sum = new double[f], sq = new double[f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double v = train.features()[i * f + j] * scale;
                sum[j] += v;
                sq[j] += v * v;
            }
        }
        float[] mean = new float[f], std = new float[f];
        for (int j = 0; j < f; j++) {
            double m = sum[j] / n, var = Math.max(0, sq[j] / n - m * m);
            mean[j] = (float) m;
            std[j] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
        }
        return new Preprocessing(spec, mean, std);
    }

    public Dataset apply(Dataset d) {
        int f = d.featureShape().size();
        float[] x = d.features();
        if (spec.scale() != null || mean != null) {
            x = x.clone();
            float scale = spec.scale() == null ? 1f : spec.scale().floatValue();
            for (int i = 0; i < x.length; i++) {
                x[i] *= scale;
                if (mean != null) {
                    x[i] = (x[i] - mean[i % f]) / std[i % f];
                }
            }
        }
        if (spec.oneHot() == null) {
            return new Dataset(x, d.featureShape(), d.targets(), d.targetShape(), d.count(), d.classNames());
        }
        int k = spec.oneHot();
        if (d.targetShape().size() != 1) {
            throw new IllegalArgumentException("one_hot needs one class index per sample, but targets are " + d.targetShape());
        }
        long values = (long) d.count() * k;
        if (values > Shape.MAX_ELEMENTS) {
            throw new IllegalArgumentException("one_hot " + k + ": " + d.count() + " samples × " + k + " classes are " + values
                    + " values, more than a Java array holds (" + Shape.MAX_ELEMENTS + "): one_hot must be the number of classes");
        }
        float[] y = new float[(int) values];
        for (int i = 0; i < d.count(); i++) {
            float c = d.targets()[i];
            if (c != Math.rint(c) || c < 0 || c >= k) {
                throw new IllegalArgumentException("one_hot " + k + ": sample " + i + " has class " + c + ", not an integer in 0.." + (k - 1));
            }
            y[i * k + (int) c] = 1;
        }
        return new Dataset(x, d.featureShape(), y, Shape.of(k), d.count(), d.classNames());
    }
}
