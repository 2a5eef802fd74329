package org.layercanvas.formats.starter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.data.CsvRows;

/**
 * Which reader reads a data file, and with which fields: the first registered reader that recognises
 * it ({@link org.layercanvas.engine.spi.DatasetReader#recognise}), and the target to predict.
 */
public final class DataFiles {
    /** The target of an IDX source: its labels file. */
    static final String IDX_TARGET = "labels";

    private DataFiles() {
    }

    /**
     * The data source reading {@code dataFile}, with absolute paths and without a target.
     *
     * @throws IllegalArgumentException when no reader is known for the file's name
     */
    public static DataSource guess(Path dataFile) throws IOException {
        return DataSources.recognise(dataFile).orElseThrow(() -> new IllegalArgumentException(Quoted.path(dataFile)
                + ": cannot tell which reader reads this file (known: " + DataSources.recognisedFiles() + ")"));
    }

    /**
     * The source with {@code target} as what to predict. For CSV that is a column: a name, or with
     * header: false a 0-based index; null means the last column. IDX always predicts its labels. Other
     * readers take {@code target} as their "labels" field (a dataset, a file) or their "target" field (a column).
     */
    static DataSource withTarget(DataSource source, String target) throws IOException {
        if (source.type().equals("idx")) {
            if (target != null && !target.equals(IDX_TARGET)) {
                throw new IllegalArgumentException("IDX data predicts its labels file; there is no column " + Quoted.name(target));
            }
            return source;
        }
        if (!source.type().equals("csv")) {
            return target == null ? source : withField(source, source.fields().containsKey("labels") ? "labels" : "target", target);
        }
        boolean header = header(source);
        Object column;
        if (target == null) {
            String[] first = CsvRows.firstRows(Path.of((String) source.fields().get("path")), delimiter(source))[0];
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

    /** {@code source} with {@code field} set to {@code value}, in the field's place if it has one. */
    private static DataSource withField(DataSource source, String field, Object value) {
        Map<String, Object> fields = new LinkedHashMap<>(source.fields());
        fields.put(field, value);
        return new DataSource(source.type(), fields);
    }

    static char delimiter(DataSource csv) {
        Object d = csv.fields().get("delimiter");
        return d == null ? ',' : ((String) d).charAt(0);
    }

    static boolean header(DataSource csv) {
        return !Boolean.FALSE.equals(csv.fields().get("header"));
    }


    /**
     * The source as a project in {@code dir} stores it: paths relative to the project's folder with '/'
     * separators, so they move with the folder (absolute where no relative path exists: another drive).
     */
    static DataSource relativeTo(DataSource source, Path dir) {
        Map<String, Object> fields = new LinkedHashMap<>(source.fields());
        for (String name : DataSources.pathFields(source.type())) {
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




}
