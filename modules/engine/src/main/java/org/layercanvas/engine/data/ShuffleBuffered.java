package org.layercanvas.engine.data;

import org.layercanvas.engine.api.Samples;

/** Streamed samples with the shuffle buffer their source asked for (its rows). */
final class ShuffleBuffered extends SamplesView {
    private final int shuffleRows;

    ShuffleBuffered(Samples streamed, int shuffleRows) {
        super(streamed);
        this.shuffleRows = shuffleRows;
    }

    @Override
    public int shuffleRows() {
        return shuffleRows;
    }

    @Override
    public Samples rows(int from, int to) {
        return new ShuffleBuffered(inner.rows(from, to), shuffleRows);
    }
}
