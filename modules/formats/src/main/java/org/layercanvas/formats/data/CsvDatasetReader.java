package org.layercanvas.formats.data;

import java.io.IOException;
import org.layercanvas.formats.FileErrors;
import java.util.Optional;
import java.util.Locale;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.engine.spi.DatasetReader;

/**
 * CSV tables: fields {@code path}, {@code header} (default true), {@code target} (a column name, or
 * a 0-based index without header), optional {@code features} (column names; default every other
 * column) and {@code delimiter}. A numeric target is kept as is; a text target becomes class
 * indices in order of first appearance. Errors name the file and line.
 */
public final class CsvDatasetReader implements DatasetReader {
    @Override
    public String type() {
        return "csv";
    }

    @Override
    public Optional<DataSource> recognise(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt"))) {
            return Optional.empty();
        }
        char delimiter = name.endsWith(".tsv") ? '\t' : sniffDelimiter(file);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", file.toAbsolutePath().normalize().toString());
        if (!hasHeader(file, delimiter)) {
            fields.put("header", false);
        }
        if (delimiter != ',') {
            fields.put("delimiter", String.valueOf(delimiter));
        }
        return Optional.of(new DataSource(type(), fields));
    }

    @Override
    public String recognisedFiles() {
        return ".csv, .tsv and .txt tables";
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        SourceFields f = new SourceFields(source, Set.of("path", "header", "target", "features", "delimiter"));
        Path file = f.path("path", baseDir);
        boolean header = f.bool("header", true);
        String delimiter = f.string("delimiter", ",");
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("data source 'csv': 'delimiter' must be one character, not " + Quoted.of(delimiter));
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (CsvRows in = CsvRows.open(file, delimiter.charAt(0))) {
            for (String[] row = in.next(); row != null; row = in.next()) {
                if (rows.isEmpty() && header) {
                    in.requireUniqueNames(row);
                }
                in.requireWidth(row, rows.isEmpty() ? row.length : rows.get(0).length);
                rows.add(row);
                lines.add(in.line());
            }
        }
        if (rows.isEmpty() || header && rows.size() == 1) {
            throw new DataFormatException(Quoted.path(file) + ": no data rows");
        }
        String[] names = header ? rows.get(0) : null;
        int first = header ? 1 : 0;
        int width = rows.get(0).length;
        int target = targetColumn(f, names, width, file);
        int[] features = featureColumns(f, names, width, target, file);
        if (features.length == 0) {
            throw new DataFormatException(Quoted.path(file) + ": no feature columns: the only column is the target " + column(names, target));
        }
        int count = rows.size() - first;
        float[] x = new float[count * features.length], y = new float[count];
        Map<String, Integer> classes = new LinkedHashMap<>();
        boolean textTarget = false;
        for (int r = first; r < rows.size(); r++) {
            String[] row = rows.get(r);
            int line = lines.get(r), i = r - first;
            for (int c = 0; c < features.length; c++) {
                x[i * features.length + c] = number(row[features[c]], file, line, names, features[c]);
            }
            String t = row[target].trim();
            Float numeric = i == 0 || !textTarget ? CsvRows.number(t) : null;
            if (i == 0) {
                textTarget = numeric == null;
            }
            if (textTarget) {
                y[i] = classes.computeIfAbsent(t, k -> classes.size());
            } else if (numeric == null) {
                throw new DataFormatException(Quoted.path(file) + ":" + line + ": target " + column(names, target) + " is " + Quoted.of(t)
                        + " but earlier rows hold numbers");
            } else {
                y[i] = numeric;
            }
        }
        return new Dataset(x, Shape.of(features.length), y, Shape.of(1), count, List.copyOf(classes.keySet()));
    }

    private static int targetColumn(SourceFields f, String[] names, int width, Path file) throws DataFormatException {
        Object t = f.raw("target");
        if (t == null) {
            throw new IllegalArgumentException("data source 'csv' needs the field 'target' (the column to predict)");
        }
        if (t instanceof Integer i) {
            if (i < 0 || i >= width) {
                throw new DataFormatException(Quoted.path(file) + ": target column " + i + " does not exist (" + width + " columns)");
            }
            return i;
        }
        return index(names, String.valueOf(t), file);
    }

    private static int[] featureColumns(SourceFields f, String[] names, int width, int target, Path file) throws DataFormatException {
        List<String> wanted = f.strings("features");
        if (wanted == null) {
            int[] all = new int[width - 1];
            for (int c = 0, k = 0; c < width; c++) {
                if (c != target) {
                    all[k++] = c;
                }
            }
            return all;
        }
        int[] cols = new int[wanted.size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = index(names, wanted.get(i), file);
        }
        return cols;
    }

    private static int index(String[] names, String name, Path file) throws DataFormatException {
        if (names == null) {
            throw new DataFormatException(Quoted.path(file) + ": column " + Quoted.name(name) + " named, but the source says header: false (use a 0-based index)");
        }
        for (int c = 0; c < names.length; c++) {
            if (names[c].trim().equals(name)) {
                return c;
            }
        }
        throw new DataFormatException(Quoted.path(file) + ":1: no column named " + Quoted.name(name) + " (columns: " + Quoted.shown(String.join(", ", names)) + ")");
    }

    private static float number(String s, Path file, int line, String[] names, int col) throws DataFormatException {
        Float v = CsvRows.number(s);
        if (v == null) {
            throw new DataFormatException(Quoted.path(file) + ":" + line + ": column " + column(names, col) + " holds " + CsvRows.notANumber(s));
        }
        return v;
    }

    private static String column(String[] names, int col) {
        return names == null ? Integer.toString(col) : Quoted.name(names[col].trim());
    }

    /**
     * The most frequent of comma, tab and semicolon in the first line (at most its first 64 KiB: a file that
     * is no table may have no line breaks at all); comma when none occurs.
     */
    private static char sniffDelimiter(Path file) throws IOException {
        FileErrors.requireFile(file);
        String line;
        try (InputStream in = Files.newInputStream(file)) {
            line = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8).lines().findFirst().orElse(null);
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
        char best = ',';
        long most = 0;
        for (char c : new char[] {',', '\t', ';'}) {
            long n = line == null ? 0 : line.chars().filter(ch -> ch == c).count();
            if (n > most) {
                best = c;
                most = n;
            }
        }
        return best;
    }

    /**
     * A first row is a header when some column holds a number in the second row but not in the first
     * (names above values), or when the second row holds no number at all (an all-text table, whose
     * first row is more likely names than data). A file of one row has a header unless it is all numbers.
     */
    private static boolean hasHeader(Path file, char delimiter) throws IOException {
        String[][] rows = CsvRows.firstRows(file, delimiter);
        String[] first = rows[0], second = rows[1];
        if (second == null) {
            return Arrays.stream(first).anyMatch(f -> CsvRows.number(f) == null);
        }
        boolean numbers = false;
        for (int c = 0; c < Math.min(first.length, second.length); c++) {
            if (CsvRows.number(second[c]) != null) {
                numbers = true;
                if (CsvRows.number(first[c]) == null) {
                    return true;
                }
            }
        }
        return !numbers;
    }
}
