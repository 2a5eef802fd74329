package org.layercanvas.formats.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;

/**
 * A dataset from two NumPy arrays, shared by the .npy and .npz readers: features [N, ...] give samples of the
 * shape after N ([N] gives [1]); labels [N] or [N, ...] give the targets, numbers kept as they are and strings
 * as class indices in order of first appearance (as the CSV reader does).
 */
final class NumpyData {
    /** The names that features and labels go by, best first: the files x.npy and y.npy, or the members x and y of an .npz. */
    static final List<String> FEATURE_NAMES = List.of("x", "features", "data", "inputs"), LABEL_NAMES = List.of("y", "labels", "targets", "target");

    private NumpyData() {
    }

    /** Checks that the headers make a dataset, before any data is read. */
    static void requireMatching(NpyArray.Header features, NpyArray.Header labels) throws DataFormatException {
        for (NpyArray.Header h : List.of(features, labels)) {
            h.type(); // an unreadable type is the file's own problem, told before any mismatch between the two
            if (h.shape().length == 0 || h.count() == 0) {
                throw new DataFormatException(h.where() + ": holds no " + (h == features ? "samples" : "labels") + " (shape " + Arrays.toString(h.shape()) + ")");
            }
        }
        if (features.type().text()) {
            throw new DataFormatException(features.where() + ": holds strings (dtype " + features.descr() + "); features must be numbers");
        }
        if (labels.shape()[0] != features.shape()[0]) {
            throw new DataFormatException(labels.where() + ": has " + labels.shape()[0] + " labels (shape " + Arrays.toString(labels.shape()) + ") but " + features.where() + " has " + features.shape()[0] + " samples");
        }
        if (labels.type().text() && labels.count() != labels.shape()[0]) {
            throw new DataFormatException(labels.where() + ": text labels must be one per sample, but the shape is " + Arrays.toString(labels.shape()));
        }
    }

    /** The dataset, with non-finite values handled by {@code nanPolicy} (see {@link NonFinite}). */
    static Dataset dataset(NpyArray features, NpyArray labels, String nanPolicy) throws DataFormatException {
        Targets y = targets(labels);
        Dataset data = new Dataset(features.values(), perSample(features.header()), y.values(), y.shape(), y.values().length / y.shape().size(),
                y.classNames());
        return NonFinite.apply(data, nanPolicy, features.header().where(), labels.header().where());
    }

    /** Labels as targets: numbers as they are, strings as class indices in order of first appearance. */
    record Targets(float[] values, Shape shape, List<String> classNames) {
    }

    static Targets targets(NpyArray labels) {
        if (labels.values() != null) {
            return new Targets(labels.values(), perSample(labels.header()), List.of());
        }
        Map<String, Integer> classes = new LinkedHashMap<>();
        float[] targets = new float[labels.texts().length];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = classes.computeIfAbsent(labels.texts()[i], k -> classes.size());
        }
        return new Targets(targets, Shape.of(1), List.copyOf(classes.keySet()));
    }

    /** The shape after the first dimension; [1] for a one-dimensional array. */
    static Shape perSample(NpyArray.Header header) {
        long[] shape = header.shape();
        return shape.length == 1 ? Shape.of(1) : Shape.of(Arrays.stream(shape, 1, shape.length).mapToInt(d -> (int) d).toArray());
    }
}
