package org.layercanvas.plugin.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.DatasetReader;

/**
 * LIBSVM / svmlight text: one sample a line, {@code label index:value index:value ...} with 1-based,
 * increasing indices (absent ones are 0); {@code #} starts a comment; blank lines and {@code qid:}
 * tokens are skipped. Fields: {@code path} (relative to the project), optional {@code features} (the
 * feature count; default the largest index seen) and {@code task}: "classification" makes the
 * integer labels classes numbered in increasing order and named as written ("-1", "1"), "regression"
 * keeps labels as numbers; without it, labels that are all integers are classes. Errors name the
 * file, line and token.
 */
public final class LibSvmDatasetReader implements DatasetReader {
    private static final Set<String> FIELDS = Set.of("path", "features", "task");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INDEX = Pattern.compile("\\d+");

    /** One data line, its features as parallel index (0-based) and value arrays. */
    private record Row(double label, int[] indices, float[] values) {
    }

    @Override
    public String type() {
        return "libsvm";
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        Map<String, Object> fields = source.fields();
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("data source 'libsvm' has no field '" + name + "' (fields: features, path, task)");
            }
        }
        if (!(fields.get("path") instanceof String path)) {
            throw new IllegalArgumentException("data source 'libsvm' needs the field 'path' (the file, relative to the project), a string");
        }
        Object features = fields.get("features");
        if (features != null && !(features instanceof Integer n && n > 0)) {
            throw new IllegalArgumentException("data source 'libsvm': 'features' must be a positive integer (the feature count), not " + features);
        }
        Object task = fields.get("task");
        if (task != null && !task.equals("classification") && !task.equals("regression")) {
            throw new IllegalArgumentException("data source 'libsvm': 'task' must be \"classification\" or \"regression\", not " + task);
        }
        Path file = baseDir.resolve(path);
        List<Row> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int width = readRows(file, (Integer) features, rows, lines);
        if (rows.isEmpty()) {
            throw new DataFormatException(file + ": no data lines (expected lines such as \"1 3:0.5 7:1\")");
        }
        boolean classes = task == null ? rows.stream().allMatch(r -> r.label == Math.rint(r.label)) : task.equals("classification");
        float[] x = new float[rows.size() * width], y = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            for (int k = 0; k < r.indices.length; k++) {
                x[i * width + r.indices[k]] = r.values[k];
            }
            y[i] = (float) r.label;
        }
        if (!classes) {
            return new Dataset(x, Shape.of(width), y, Shape.of(1), rows.size());
        }
        TreeSet<Long> labels = new TreeSet<>();
        for (int i = 0; i < rows.size(); i++) {
            double label = rows.get(i).label;
            if (label != Math.rint(label)) {
                throw new DataFormatException(file + ":" + lines.get(i) + ": label " + label + " is not an integer, so it cannot be a class"
                        + " (say \"task\": \"regression\" for numeric targets)");
            }
            labels.add((long) label);
        }
        List<Long> order = List.copyOf(labels);
        for (int i = 0; i < rows.size(); i++) {
            y[i] = order.indexOf((long) rows.get(i).label);
        }
        return new Dataset(x, Shape.of(width), y, Shape.of(1), rows.size(), order.stream().map(String::valueOf).toList());
    }

    /** Reads every data line into {@code rows} (with its line number in {@code lines}); returns the feature count. */
    private static int readRows(Path file, Integer features, List<Row> rows, List<Integer> lines) throws IOException {
        int width = features == null ? 0 : features;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                int hash = line.indexOf('#');
                String data = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (data.isEmpty()) {
                    continue;
                }
                Row row = parse(data.split("\\s+"), features, file + ":" + lineNo);
                if (row.indices.length > 0) {
                    width = Math.max(width, row.indices[row.indices.length - 1] + 1);
                }
                rows.add(row);
                lines.add(lineNo);
            }
        }
        return Math.max(width, 1);
    }

    private static Row parse(String[] tokens, Integer features, String where) throws DataFormatException {
        if (!NUMBER.matcher(tokens[0]).matches()) {
            throw new DataFormatException(where + ": token 1 \"" + tokens[0] + "\": the label is not a number");
        }
        double label = Double.parseDouble(tokens[0]);
        int[] indices = new int[tokens.length - 1];
        float[] values = new float[tokens.length - 1];
        int count = 0, previous = 0;
        for (int t = 1; t < tokens.length; t++) {
            String token = tokens[t], at = where + ": token " + (t + 1) + " \"" + token + "\": ";
            if (token.startsWith("qid:")) {
                continue;
            }
            int colon = token.indexOf(':');
            if (colon < 0 || !INDEX.matcher(token.substring(0, colon)).matches() || !NUMBER.matcher(token.substring(colon + 1)).matches()) {
                throw new DataFormatException(at + "expected index:value with a positive integer index and a number");
            }
            int index = parseIndex(token.substring(0, colon), at);
            if (index == 0) {
                throw new DataFormatException(at + "index 0, but indices start at 1");
            }
            if (index <= previous) {
                throw new DataFormatException(at + "index " + index + " after index " + previous + ", but indices must increase");
            }
            if (features != null && index > features) {
                throw new DataFormatException(at + "index " + index + " is beyond the " + features + " features the source declares");
            }
            indices[count] = index - 1;
            values[count++] = Float.parseFloat(token.substring(colon + 1));
            previous = index;
        }
        return new Row(label, Arrays.copyOf(indices, count), Arrays.copyOf(values, count));
    }

    private static int parseIndex(String digits, String at) throws DataFormatException {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new DataFormatException(at + "index " + digits + " is too large");
        }
    }
}
