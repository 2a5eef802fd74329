package org.layercanvas.engine.data;

import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.Preprocess;

/**
 * A project's preprocessing, fitted on the training data and applied alike to training and test
 * data: {@code scale} multiplies features, {@code standardize} uses the training data's per-feature
 * mean and standard deviation (a constant feature keeps std 1), {@code one_hot} expands class indices.
 * Data in memory is transformed once; streamed data row by row as it is read, with the same arithmetic,
 * so both give the same numbers.
 */
public final class Preprocessing {
    /** Values read at a time when fitting on streamed data (and, alike, on data in memory). */
    private static final int PASS_VALUES = 1 << 20;

    private final Preprocess spec;
    private final float[] mean, std;

    private Preprocessing(Preprocess spec, float[] mean, float[] std) {
        this.spec = spec;
        this.mean = mean;
        this.std = std;
    }

    /**
     * Statistics fitted elsewhere on the same training data (a cluster's driver, for its executors, which then need not read
     * the whole data to fit them again): {@code mean} and {@code std} as {@link #mean()} and {@link #std()} gave them.
     */
    public static Preprocessing fitted(Preprocess spec, float[] mean, float[] std) {
        if (spec.standardize() != (mean != null) || (mean == null) != (std == null) || mean != null && mean.length != std.length) {
            throw new IllegalArgumentException("statistics " + (mean == null ? "missing" : "of " + mean.length + " features") + " for preprocessing "
                    + (spec.standardize() ? "that standardizes" : "without standardize"));
        }
        return new Preprocessing(spec, mean == null ? null : mean.clone(), std == null ? null : std.clone());
    }

    /** Each feature's training mean (after {@code scale}), or null without {@code standardize}. */
    public float[] mean() {
        return mean == null ? null : mean.clone();
    }

    /** Each feature's training standard deviation (1 for a constant feature), or null without {@code standardize}. */
    public float[] std() {
        return std == null ? null : std.clone();
    }

    /** Fits on {@code train} in one pass over it. */
    public static Preprocessing fit(Preprocess spec, Samples train) {
        if (!spec.standardize()) {
            return new Preprocessing(spec, null, null);
        }
        int f = train.featureShape().size(), n = train.count(), step = Math.max(1, PASS_VALUES / f);
        double scale = spec.scale() == null ? 1 : spec.scale();
        double[] sum = new double[f], sq = new double[f];
        float[] x = new float[Math.min(n, step) * f];
        for (int from = 0; from < n; from += step) {
            int rows = Math.min(step, n - from);
            train.copy(from, rows, x, 0, null, 0);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < f; j++) {
                    double v = x[i * f + j] * scale;
                    sum[j] += v;
                    sq[j] += v * v;
                }
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

    /** {@code data} preprocessed: a new dataset for data in memory, a view that transforms as it reads for streamed data. */
    public Samples apply(Samples data) {
        return apply(data, false);
    }

    /**
     * As {@link #apply(Samples)}, but the features of data in memory are transformed where they are, so {@code data} must
     * not be read afterwards: for data read only to be preprocessed, as a training session's is. Fashion-MNIST's 188 MB of
     * features are then not copied; on a virtual machine the fresh memory of the copy cost half a second of page faults.
     */
    public Samples applyInPlace(Samples data) {
        return apply(data, true);
    }

    private Samples apply(Samples data, boolean inPlace) {
        if (data instanceof Dataset d) {
            return apply(d, inPlace);
        }
        return spec.scale() == null && mean == null && spec.oneHot() == null ? data : new PreprocessedSamples(data, this);
    }

    public Dataset apply(Dataset d) {
        return apply(d, false);
    }

    private Dataset apply(Dataset d, boolean inPlace) {
        int f = d.featureShape().size();
        float[] x = d.features();
        if (spec.scale() != null || mean != null) {
            x = inPlace ? x : x.clone();
            transformFeatures(x, 0, x.length, f);
        }
        if (spec.oneHot() == null) {
            return new Dataset(x, d.featureShape(), d.targets(), d.targetShape(), d.count(), d.classNames());
        }
        Shape targets = targetShape(d.targetShape());
        long values = (long) d.count() * targets.size();
        if (values > Shape.MAX_ELEMENTS) {
            throw new IllegalArgumentException("one_hot " + spec.oneHot() + ": " + d.count() + " samples × " + spec.oneHot() + " classes are " + values
                    + " values, more than a Java array holds (" + Shape.MAX_ELEMENTS + "): one_hot must be the number of classes");
        }
        float[] y = new float[(int) values];
        oneHot(d.targets(), d.count(), 0, y, 0);
        return new Dataset(x, d.featureShape(), y, targets, d.count(), d.classNames());
    }

    /** Scales and standardizes {@code length} values of whole rows of {@code f} features, from {@code at}, in place. */
    void transformFeatures(float[] x, int at, int length, int f) {
        if (spec.scale() == null && mean == null) {
            return;
        }
        float scale = spec.scale() == null ? 1f : spec.scale().floatValue();
        for (int i = 0; i < length; i++) {
            float v = x[at + i] * scale;
            if (mean != null) {
                v = (v - mean[i % f]) / std[i % f];
            }
            x[at + i] = v;
        }
    }

    /** The targets' shape after preprocessing. */
    Shape targetShape(Shape raw) {
        if (spec.oneHot() != null && raw.size() != 1) {
            throw new IllegalArgumentException("one_hot needs one class index per sample, but targets are " + raw);
        }
        return spec.oneHot() == null ? raw : Shape.of(spec.oneHot());
    }

    boolean oneHot() {
        return spec.oneHot() != null;
    }

    /**
     * One-hot codes of {@code rows} class indices into {@code y} from {@code yAt}.
     *
     * @param firstRow the first class's sample number, for messages
     */
    void oneHot(float[] classes, int rows, int firstRow, float[] y, int yAt) {
        int k = spec.oneHot();
        java.util.Arrays.fill(y, yAt, yAt + rows * k, 0f);
        for (int i = 0; i < rows; i++) {
            float c = classes[i];
            if (c != Math.rint(c) || c < 0 || c >= k) {
                throw new IllegalArgumentException("one_hot " + k + ": sample " + (firstRow + i) + " has class " + c + ", not an integer in 0.."
                        + (k - 1));
            }
            y[yAt + i * k + (int) c] = 1;
        }
    }
}
