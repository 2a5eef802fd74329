package org.layercanvas.formats.data;

import java.util.Set;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;

/**
 * Samples with NaN or infinite values, as binary formats (HDF5, NumPy, Parquet) can hold them: refused
 * by default, naming where and which sample, or dropped when the source says {@code "nan": "drop"}.
 * A NaN would otherwise reach the loss and stop training with a less helpful message.
 */
final class NonFinite {
    /** The source field that chooses, and its values. */
    static final String FIELD = "nan";
    static final Set<String> POLICIES = Set.of("refuse", "drop");

    private NonFinite() {
    }

    /** The source's policy: "refuse" unless it says otherwise. */
    static String policy(SourceFields fields, String type) {
        String policy = fields.string(FIELD, "refuse");
        if (!POLICIES.contains(policy)) {
            throw new IllegalArgumentException("data source " + Quoted.name(type) + ": " + Quoted.name(FIELD) + " must be \"refuse\" or \"drop\", not "
                    + Quoted.of(policy));
        }
        return policy;
    }

    /**
     * {@code data} checked by {@code policy}.
     *
     * @param features where the features come from, for messages ("'events.h5' dataset '/x'")
     * @param targets  where the targets come from
     * @throws DataFormatException the first sample with a non-finite value, under "refuse"; or no sample left under "drop"
     */
    static Dataset apply(Dataset data, String policy, String features, String targets) throws DataFormatException {
        int f = data.featureShape().size(), t = data.targetShape().size();
        boolean[] bad = find(data.features(), f, data.targets(), t, data.count(), 0, policy, features, targets);
        int dropped = 0;
        for (boolean b : bad) {
            dropped += b ? 1 : 0;
        }
        if (dropped == 0) {
            return data;
        }
        requireSomeLeft(dropped, data.count(), features);
        int n = data.count() - dropped;
        float[] x = new float[n * f], y = new float[n * t];
        for (int i = 0, k = 0; i < data.count(); i++) {
            if (!bad[i]) {
                System.arraycopy(data.features(), i * f, x, k * f, f);
                System.arraycopy(data.targets(), i * t, y, k * t, t);
                k++;
            }
        }
        return new Dataset(x, data.featureShape(), y, data.targetShape(), n, data.classNames());
    }

    /**
     * Which of {@code rows} samples (features {@code x}, {@code f} per sample; targets {@code y}, {@code t} per sample)
     * hold a non-finite value.
     *
     * @param firstRow the first sample's number in the file, for messages
     * @throws DataFormatException the first such sample, under "refuse"
     */
    static boolean[] find(float[] x, int f, float[] y, int t, int rows, int firstRow, String policy, String features, String targets)
            throws DataFormatException {
        boolean[] bad = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            int fi = firstNonFinite(x, i * f, f), ti = firstNonFinite(y, i * t, t);
            if (fi < 0 && ti < 0) {
                continue;
            }
            if (policy.equals("refuse")) {
                String where = fi >= 0 ? features + ": sample " + (firstRow + i) + ", value " + fi + " is " + x[i * f + fi]
                        : targets + ": sample " + (firstRow + i) + ", value " + ti + " is " + y[i * t + ti];
                throw new DataFormatException(where + " (set \"nan\": \"drop\" in the data source to leave such samples out)");
            }
            bad[i] = true;
        }
        return bad;
    }

    /** Refuses data that dropping left empty. */
    static void requireSomeLeft(int dropped, int count, String features) throws DataFormatException {
        if (dropped == count) {
            throw new DataFormatException(features + ": every sample has a NaN or infinite value; none is left to train on");
        }
    }

    private static int firstNonFinite(float[] values, int from, int length) {
        for (int i = 0; i < length; i++) {
            if (!Float.isFinite(values[from + i])) {
                return i;
            }
        }
        return -1;
    }
}
