package org.layercanvas.engine.train;

import java.util.List;
import java.util.Random;
import org.layercanvas.engine.api.Shape;

/**
 * Initial parameter values, as Keras defines them. Fans follow PyTorch layouts: for [out, in, k...]
 * fan_in = in·k…, fan_out = out·k…; a 1-D tensor has fan_in = fan_out = its length.
 */
public final class Initializers {
    private static final List<String> NAMES = List.of("glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "zeros", "ones");

    private Initializers() {
    }

    public static List<String> names() {
        return NAMES;
    }

    public static float[] create(String name, Shape shape, Random random) {
        float[] v = new float[shape.size()];
        int receptive = 1;
        for (int i = 2; i < shape.rank(); i++) {
            receptive *= shape.dim(i);
        }
        double fanIn = shape.rank() >= 2 ? (double) shape.dim(1) * receptive : shape.size();
        double fanOut = shape.rank() >= 2 ? (double) shape.dim(0) * receptive : shape.size();
        switch (name) {
            case "zeros" -> { }
            case "ones" -> java.util.Arrays.fill(v, 1f);
            case "glorot_uniform" -> uniform(v, Math.sqrt(6 / (fanIn + fanOut)), random);
            case "he_uniform" -> uniform(v, Math.sqrt(6 / fanIn), random);
            case "glorot_normal" -> truncatedNormal(v, Math.sqrt(2 / (fanIn + fanOut)), random);
            case "he_normal" -> truncatedNormal(v, Math.sqrt(2 / fanIn), random);
            default -> throw new IllegalArgumentException("unknown initializer '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        }
        return v;
    }

    private static void uniform(float[] v, double limit, Random random) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
    }

    /**
     * Keras' truncated normal: redraw beyond two standard deviations; the stddev is divided by
     * 0.8796… so the truncated distribution keeps the intended variance.
     */
    private static void truncatedNormal(float[] v, double stddev, Random random) {
        double s = stddev / 0.87962566103423978;
        for (int i = 0; i < v.length; i++) {
            double g;
            do {
                g = random.nextGaussian();
            } while (Math.abs(g) > 2);
            v[i] = (float) (g * s);
        }
    }
}
