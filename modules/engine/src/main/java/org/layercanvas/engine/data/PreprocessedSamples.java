package org.layercanvas.engine.data;

import java.util.List;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;

/** Streamed samples preprocessed as they are read; every class index is checked when the view is made, before training. */
final class PreprocessedSamples implements Samples {
    private final Samples raw;
    private final Preprocessing preprocessing;
    private final Shape targetShape;

    PreprocessedSamples(Samples raw, Preprocessing preprocessing) {
        this(raw, preprocessing, true);
    }

    private PreprocessedSamples(Samples raw, Preprocessing preprocessing, boolean check) {
        this.raw = raw;
        this.preprocessing = preprocessing;
        this.targetShape = preprocessing.targetShape(raw.targetShape());
        if (check && preprocessing.oneHot()) {
            int step = 1 << 16;
            float[] classes = new float[Math.min(step, raw.count())], codes = new float[classes.length * targetShape.size()];
            for (int from = 0; from < raw.count(); from += step) {
                int rows = Math.min(step, raw.count() - from);
                raw.copy(from, rows, null, 0, classes, 0);
                preprocessing.oneHot(classes, rows, from, codes, 0);
            }
        }
    }

    @Override
    public int count() {
        return raw.count();
    }

    @Override
    public Shape featureShape() {
        return raw.featureShape();
    }

    @Override
    public Shape targetShape() {
        return targetShape;
    }

    @Override
    public List<String> classNames() {
        return raw.classNames();
    }

    @Override
    public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
        if (x != null) {
            raw.copy(from, rows, x, xAt, null, 0);
            int f = featureShape().size();
            preprocessing.transformFeatures(x, xAt, rows * f, f);
        }
        if (y != null) {
            if (preprocessing.oneHot()) {
                float[] classes = new float[rows];
                raw.copy(from, rows, null, 0, classes, 0);
                preprocessing.oneHot(classes, rows, from, y, yAt);
            } else {
                raw.copy(from, rows, null, 0, y, yAt);
            }
        }
    }

    @Override
    public int chunkRows() {
        return raw.chunkRows();
    }

    @Override
    public int shuffleRows() {
        return raw.shuffleRows();
    }

    @Override
    public Samples rows(int from, int to) {
        return new PreprocessedSamples(raw.rows(from, to), preprocessing, false);
    }

    @Override
    public void close() {
        raw.close();
    }
}
