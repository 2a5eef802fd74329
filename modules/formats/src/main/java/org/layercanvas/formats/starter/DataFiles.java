package org.layercanvas.formats.starter;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;
import org.layercanvas.formats.data.CsvRows;

/**
 * Which reader reads a data file, and with which fields, guessed from the file's name and first lines:
 * ".csv", ".tsv", ".txt" are CSV (delimiter and header sniffed), MNIST-style {@code *-idx3-ubyte[.gz]}
 * images are IDX with their labels file found beside them (and the other way round).
 */
public final class DataFiles {
    /** The target of an IDX source: its labels file. */
    static final String IDX_TARGET = "labels";
    /** The fields of a data source that hold file paths (CSV's path, IDX's images and labels). */
    public static final List<String> PATH_FIELDS = List.of("path", "images", "labels");

    private DataFiles() {
    }

    /**
     * The data source reading {@code dataFile}, with absolute paths and without a target.
     *
     * @throws IllegalArgumentException when no reader is known for the file's name
     */
    static DataSource guess(Path dataFile) throws IOException {
        String name = dataFile.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (name.matches(".*idx[13]-ubyte(\\.gz)?")) {
            boolean images = name.contains("idx3");
            Path partner = partner(dataFile, images);
            fields.put("images", absolute(images ? dataFile : partner));
            fields.put("labels", absolute(images ? partner : dataFile));
            return new DataSource("idx", fields);
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            char delimiter = name.endsWith(".tsv") ? '\t' : sniffDelimiter(dataFile);
            fields.put("path", absolute(dataFile));
            if (!hasHeader(dataFile, delimiter)) {
                fields.put("header", false);
            }
            if (delimiter != ',') {
                fields.put("delimiter", String.valueOf(delimiter));
            }
            return new DataSource("csv", fields);
        }
        throw new IllegalArgumentException(Quoted.path(dataFile) + ": cannot tell which reader reads this file (known: .csv, .tsv and .txt tables, "
                + "MNIST-style *-images-idx3-ubyte[.gz] with their *-labels-idx1-ubyte[.gz])");
    }

    /**
     * The source with {@code target} as what to predict. For CSV that is a column: a name, or with
     * header: false a 0-based index; null means the last column. IDX always predicts its labels.
     */
    static DataSource withTarget(DataSource source, String target) throws IOException {
        if (source.type().equals("idx")) {
            if (target != null && !target.equals(IDX_TARGET)) {
                throw new IllegalArgumentException("IDX data predicts its labels file; there is no column " + Quoted.name(target));
            }
            return source;
        }
        boolean header = header(source);
        Object column;
        if (target == null) {
            String[] first = firstRows(Path.of((String) source.fields().get("path")), delimiter(source))[0];
            column = header ? first[first.length - 1].trim() : first.length - 1;
        } else if (header) {
            column = target;
        } else {
            try {
                column = Integer.parseInt(target.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(Quoted.path(Path.of((String) source.fields().get("path")).getFileName()) + " has no header row: name the target column by its "
                        + "0-based index, not " + Quoted.name(target));
            }
        }
        // path first, then target, as people write it: {"type": "csv", "path": …, "target": …, "header": …}
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", source.fields().get("path"));
        fields.put("target", column);
        source.fields().forEach(fields::putIfAbsent);
        return new DataSource(source.type(), fields);
    }

    static char delimiter(DataSource csv) {
        Object d = csv.fields().get("delimiter");
        return d == null ? ',' : ((String) d).charAt(0);
    }

    static boolean header(DataSource csv) {
        return !Boolean.FALSE.equals(csv.fields().get("header"));
    }

    /** The labels file beside an images file (train-images → train-labels, idx3 → idx1), or the images beside labels. */
    private static Path partner(Path file, boolean images) throws IOException {
        String name = file.getFileName().toString();
        String other = images ? name.replace("images", "labels").replace("idx3", "idx1") : name.replace("labels", "images").replace("idx1", "idx3");
        List<String> candidates = List.of(other, other.endsWith(".gz") ? other.substring(0, other.length() - 3) : other + ".gz");
        for (String c : candidates) {
            Path p = file.resolveSibling(c);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException(Quoted.path(file) + ": no " + (images ? "labels" : "images") + " file beside it (looked for "
                + String.join(" and ", candidates) + ")");
    }

    /**
     * The source as a project in {@code dir} stores it: paths relative to the project's folder with '/'
     * separators, so they move with the folder (absolute where no relative path exists: another drive).
     */
    static DataSource relativeTo(DataSource source, Path dir) {
        Map<String, Object> fields = new LinkedHashMap<>(source.fields());
        for (String name : PATH_FIELDS) {
            fields.computeIfPresent(name, (k, v) -> relativePath(Path.of((String) v), dir));
        }
        return new DataSource(source.type(), fields);
    }

    /** {@code file} as a project in {@code dir} stores it: relative with '/' separators, absolute where no relative path exists (another drive). */
    public static String relativePath(Path file, Path dir) {
        try {
            return dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace(File.separatorChar, '/');
        } catch (IllegalArgumentException e) {
            return file.toString();
        }
    }

    private static String absolute(Path file) {
        return file.toAbsolutePath().normalize().toString();
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
        String[][] rows = firstRows(file, delimiter);
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

    /** The first two rows (the second null when there is only one). */
    private static String[][] firstRows(Path file, char delimiter) throws IOException {
        try (CsvRows in = CsvRows.open(file, delimiter)) {
            String[] first = in.next();
            if (first == null) {
                throw new DataFormatException(Quoted.path(file) + ": no data rows");
            }
            return new String[][] {first, in.next()};
        }
    }
}
