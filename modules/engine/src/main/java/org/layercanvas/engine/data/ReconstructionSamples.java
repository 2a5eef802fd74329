package org.layercanvas.engine.data;

import java.util.List;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;

/** An autoencoder's samples: the targets are the (preprocessed) features themselves. */
public final class ReconstructionSamples implements Samples {
    private final Samples inputs;

    private ReconstructionSamples(Samples inputs) {
        this.inputs = inputs;
    }

    /** {@code data} with its features as targets: a dataset sharing the array for data in memory, else a view. */
    public static Samples of(Samples data) {
        if (data instanceof Dataset d) {
            return new Dataset(d.features(), d.featureShape(), d.features(), d.featureShape(), d.count());
        }
        return new ReconstructionSamples(data);
    }

    @Override
    public int count() {
        return inputs.count();
    }

    @Override
    public Shape featureShape() {
        return inputs.featureShape();
    }

    @Override
    public Shape targetShape() {
        return inputs.featureShape();
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
        if (x != null) {
            inputs.copy(from, rows, x, xAt, null, 0);
        }
        if (y != null) {
            if (x != null) {
                System.arraycopy(x, xAt, y, yAt, rows * featureShape().size());
            } else {
                inputs.copy(from, rows, y, yAt, null, 0);
            }
        }
    }

    @Override
    public int chunkRows() {
        return inputs.chunkRows();
    }

    @Override
    public int shuffleRows() {
        return inputs.shuffleRows();
    }

    @Override
    public Samples rows(int from, int to) {
        return new ReconstructionSamples(inputs.rows(from, to));
    }

    @Override
    public void close() {
        inputs.close();
    }
}
