package org.layercanvas.engine.data;

import java.util.List;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;

/** Streamed samples seen through a view that changes some of what they give; everything else is theirs. */
abstract class SamplesView implements Samples {
    protected final Samples inner;

    SamplesView(Samples inner) {
        this.inner = inner;
    }

    @Override
    public int count() {
        return inner.count();
    }

    @Override
    public Shape featureShape() {
        return inner.featureShape();
    }

    @Override
    public Shape targetShape() {
        return inner.targetShape();
    }

    @Override
    public List<String> classNames() {
        return inner.classNames();
    }

    @Override
    public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
        inner.copy(from, rows, x, xAt, y, yAt);
    }

    @Override
    public int chunkRows() {
        return inner.chunkRows();
    }

    @Override
    public int shuffleRows() {
        return inner.shuffleRows();
    }

    @Override
    public void close() {
        inner.close();
    }
}
