package org.layercanvas.formats.data;

import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.DatasetReader;

/**
 * A generated sequence task: next-step prediction of noisy sine waves. Each sample is a window of
 * {@code steps} noisy values of A·sin(ω·t + φ) (A in [0.5, 1.5], ω in [0.1, 0.6] rad per step, φ
 * uniform; Gaussian noise of {@code noise}) shaped [steps, 1]; the target is the clean value at the
 * next step. Fields: count (1000), steps (20), noise (0.1), seed (1).
 */
public final class SineWavesReader implements DatasetReader {
    @Override
    public String type() {
        return "sine_waves";
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) {
        SourceFields f = new SourceFields(source, Set.of("count", "steps", "noise", "seed"));
        int count = positive(f.raw("count"), 1000, "count"), steps = positive(f.raw("steps"), 20, "steps");
        double noise = f.raw("noise") instanceof Number n ? n.doubleValue() : 0.1;
        long seed = f.raw("seed") instanceof Number n ? n.longValue() : 1;
        Random r = new Random(seed);
        float[] x = new float[count * steps], y = new float[count];
        for (int i = 0; i < count; i++) {
            double a = 0.5 + r.nextDouble(), w = 0.1 + 0.5 * r.nextDouble(), phi = 2 * Math.PI * r.nextDouble();
            for (int t = 0; t < steps; t++) {
                x[i * steps + t] = (float) (a * Math.sin(w * t + phi) + noise * r.nextGaussian());
            }
            y[i] = (float) (a * Math.sin(w * steps + phi));
        }
        return new Dataset(x, Shape.of(steps, 1), y, Shape.of(1), count);
    }

    private static int positive(Object v, int defaultValue, String name) {
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Integer i) || i < 1) {
            throw new IllegalArgumentException("data source 'sine_waves': '" + name + "' must be a positive integer, not " + v);
        }
        return i;
    }
}
