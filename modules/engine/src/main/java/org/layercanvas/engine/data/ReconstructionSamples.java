package org.layercanvas.engine.data;

import java.util.List;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;

/** An autoencoder's samples: the targets are the (preprocessed) features themselves. */
public final class ReconstructionSamples extends SamplesView {
    private ReconstructionSamples(Samples inputs) {
        super(inputs);
    }

    /** {@code data} with its features as targets: a dataset sharing the array for data in memory, else a view. */
    public static Samples of(Samples data) {
        if (data instanceof Dataset d) {
            return new Dataset(d.features(), d.featureShape(), d.features(), d.featureShape(), d.count());
        }
        return new ReconstructionSamples(data);
    }

    @Override
    public Shape targetShape() {
        return inner.featureShape();
    }

    @Override
    public List<String> classNames() {
        return List.of();
    }

    @Override
    public void copy(int from, int rows, float[] x, int xAt, float[] y, int yAt) {
        if (x != null) {
            inner.copy(from, rows, x, xAt, null, 0);
        }
        if (y != null) {
            if (x != null) {
                System.arraycopy(x, xAt, y, yAt, rows * featureShape().size());
            } else {
                inner.copy(from, rows, y, yAt, null, 0);
            }
        }
    }

    @Override
    public Samples rows(int from, int to) {
        return new ReconstructionSamples(inner.rows(from, to));
    }
}
