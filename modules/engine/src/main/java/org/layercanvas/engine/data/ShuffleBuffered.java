package org.layercanvas.engine.data;

import java.util.List;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;

/** Streamed samples with the shuffle buffer their source asked for (its rows). */
final class ShuffleBuffered implements Samples {
    private final Samples streamed;
    private final int shuffleRows;

    ShuffleBuffered(Samples streamed, int shuffleRows) {
        this.streamed = streamed;
        this.shuffleRows = shuffleRows;
    }

    @Override
    public int count() {
        return streamed.count();
    }

    @Override
    public Shape featureShape() {
        return streamed.featureShape();
    }

    @Override
    public Shape targetShape() {
        return streamed.targetShape();
    }

    @Override
    public List<String> classNames() {
        return streamed.classNames();
    }

    @Override
    public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
        streamed.copy(from, rows, x, xAt, y, yAt);
    }

    @Override
    public int chunkRows() {
        return streamed.chunkRows();
    }

    @Override
    public int shuffleRows() {
        return shuffleRows;
    }

    @Override
    public Samples rows(int from, int to) {
        return new ShuffleBuffered(streamed.rows(from, to), shuffleRows);
    }

    @Override
    public void close() {
        streamed.close();
    }
}
