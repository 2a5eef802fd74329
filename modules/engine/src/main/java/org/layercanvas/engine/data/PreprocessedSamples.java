package org.layercanvas.engine.data;

import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;

/** Streamed samples preprocessed as they are read; every class index is checked when the view is made, before training. */
final class PreprocessedSamples extends SamplesView {
    private final Preprocessing preprocessing;
    private final Shape targetShape;

    PreprocessedSamples(Samples raw, Preprocessing preprocessing) {
        this(raw, preprocessing, true);
    }

    private PreprocessedSamples(Samples raw, Preprocessing preprocessing, boolean check) {
        super(raw);
        this.preprocessing = preprocessing;
        this.targetShape = preprocessing.targetShape(raw.targetShape());
        if (check && preprocessing.oneHot()) {
            int step = 1 << 16;
            float[] classes = new float[Math.min(step, inner.count())], codes = new float[classes.length * targetShape.size()];
            for (int from = 0; from < inner.count(); from += step) {
                int rows = Math.min(step, inner.count() - from);
                inner.copy(from, rows, null, 0, classes, 0);
                preprocessing.oneHot(classes, rows, from, codes, 0);
            }
        }
    }

    @Override
    public Shape targetShape() {
        return targetShape;
    }

    @Override
    public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
        if (x != null) {
            inner.copy(from, rows, x, xAt, null, 0);
            int f = featureShape().size();
            preprocessing.transformFeatures(x, xAt, rows * f, f);
        }
        if (y != null) {
            if (preprocessing.oneHot()) {
                float[] classes = new float[rows];
                inner.copy(from, rows, null, 0, classes, 0);
                preprocessing.oneHot(classes, rows, from, y, yAt);
            } else {
                inner.copy(from, rows, null, 0, y, yAt);
            }
        }
    }

    @Override
    public Samples rows(int from, int to) {
        return new PreprocessedSamples(inner.rows(from, to), preprocessing, false);
    }
}
