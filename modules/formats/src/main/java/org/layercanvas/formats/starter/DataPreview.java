package org.layercanvas.formats.starter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.data.CsvRows;

/**
 * What a data file holds, for the New Project from Data dialog to show before a project is made: the
 * reader that reads it, its columns, the first rows and a summary of every column.
 *
 * @param source        the data source that reads the file, with absolute paths
 * @param contents      what the file holds as its reader lists it (datasets, columns with types and shapes);
 *                      empty where the columns say it all
 * @param columns       the column names; a CSV without a header row names them "0", "1", …; IDX has
 *                      "images" and "labels"; other readers "feature 0", "feature 1", … (or "features" for
 *                      more than {@value #FEATURE_COLUMNS} values a sample) and their target's field
 * @param rows          the first {@value #TABLE_ROWS} data rows, one string per column as the file has it
 *                      (an image is shown by its shape)
 * @param rowCount      all data rows
 * @param summaries     one per column, in column order
 * @param defaultTarget the column to predict unless the user picks another: the last CSV column, IDX's labels
 */
public record DataPreview(DataSource source, List<String> contents, List<String> columns, List<List<String>> rows, int rowCount,
                          List<ColumnSummary> summaries, String defaultTarget) {
    public static final int TABLE_ROWS = 20;
    /** Up to this many values a sample, each feature is a column of its own; beyond, they are one column. */
    public static final int FEATURE_COLUMNS = 64;

    public DataPreview {
        contents = List.copyOf(contents);
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        summaries = List.copyOf(summaries);
    }

    /** The data source type that reads the file: "csv", "idx", "hdf5", … */
    public String readerType() {
        return source.type();
    }

    /**
     * Reads {@code dataFile} through once (after a look at its first lines), with the reader its name suggests
     * (see {@link StarterProject#create}).
     *
     * @throws DataFormatException bad content, naming the file and line (CSV) or byte (IDX)
     * @throws IOException         the file cannot be read
     * @throws IllegalArgumentException no reader is known for the file's name
     */
    public static DataPreview read(Path dataFile) throws IOException {
        return read(dataFile, DataFiles.guess(dataFile));
    }

    /** Reads {@code dataFile} with {@code source}, a source that reads it (with absolute paths). */
    public static DataPreview read(Path dataFile, DataSource source) throws IOException {
        List<String> contents = DataSources.reader(source.type()).contents(dataFile);
        return source.type().equals("csv") ? csv(dataFile, source) : dataset(source, contents, dataFile.toAbsolutePath().getParent());
    }

    /** The summary of the column named {@code column}. */
    public ColumnSummary summary(String column) {
        return summaries.stream().filter(s -> s.name().equals(column)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no column named " + Quoted.name(column) + " (columns: " + Quoted.shown(String.join(", ", columns)) + ")"));
    }

    /** The task that predicting {@code target} is (see {@link Task} for the rule). */
    public Task task(String target) {
        return summary(target).task();
    }

    /** Streams the table: only the first rows and each column's numbers or value counts are kept. */
    private static DataPreview csv(Path file, DataSource source) throws IOException {
        List<String> names;
        List<List<String>> table = new ArrayList<>();
        List<ColumnTally> tallies = new ArrayList<>();
        int count = 0;
        try (CsvRows in = CsvRows.open(file, DataFiles.delimiter(source))) {
            String[] first = in.next();
            if (first == null) {
                throw new DataFormatException(Quoted.path(file) + ": no data rows");
            }
            boolean header = DataFiles.header(source);
            if (header) {
                in.requireUniqueNames(first);
            }
            names = header ? Arrays.stream(first).map(String::trim).toList()
                    : IntStream.range(0, first.length).mapToObj(Integer::toString).toList();
            names.forEach(n -> tallies.add(new ColumnTally(n)));
            for (String[] row = header ? in.next() : first; row != null; row = in.next()) {
                in.requireWidth(row, names.size());
                if (table.size() < TABLE_ROWS) {
                    table.add(List.of(row));
                }
                for (int c = 0; c < row.length; c++) {
                    tallies.get(c).add(row[c]);
                }
                count++;
            }
        }
        if (count == 0) {
            throw new DataFormatException(Quoted.path(file) + ": no data rows");
        }
        return new DataPreview(source, List.of(), names, table, count, tallies.stream().map(ColumnTally::summary).toList(), names.get(names.size() - 1));
    }

    /**
     * Any other reader: the data is read whole by its registered reader. A sample of at most
     * {@value #FEATURE_COLUMNS} values shows each as a column; a larger one (an image) is one column
     * summarised over all its values. The target is the last column.
     */
    private static DataPreview dataset(DataSource source, List<String> contents, Path dir) throws IOException {
        Dataset d = DataSources.load(source, dir);
        boolean idx = source.type().equals("idx");
        String target = idx ? DataFiles.IDX_TARGET : source.fields().containsKey("labels") ? "labels"
                : source.fields().get("target") instanceof String column ? column : "target";
        int f = d.featureShape().size(), t = d.targetShape().size();
        boolean perFeature = f <= FEATURE_COLUMNS && !idx;
        List<String> columns = new ArrayList<>();
        List<ColumnSummary> summaries = new ArrayList<>();
        if (perFeature) {
            for (int k = 0; k < f; k++) {
                columns.add("feature " + k);
                summaries.add(ColumnSummary.ofNumbers("feature " + k, strided(d.features(), k, f), 0, d.count()));
            }
        } else {
            columns.add(idx ? "images" : "features");
            summaries.add(ColumnSummary.ofNumbers(columns.get(0), d.features(), 0, d.features().length));
        }
        columns.add(target);
        List<List<String>> table = new ArrayList<>();
        for (int i = 0; i < Math.min(TABLE_ROWS, d.count()); i++) {
            List<String> row = new ArrayList<>();
            if (perFeature) {
                for (int k = 0; k < f; k++) {
                    row.add(number(d.features()[i * f + k]));
                }
            } else {
                row.add(d.featureShape().toString());
            }
            List<String> y = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                float v = d.targets()[i * t + k];
                y.add(d.classNames().isEmpty() ? number(v) : d.classNames().get((int) v));
            }
            row.add(String.join(" ", y));
            table.add(row);
        }
        if (d.classNames().isEmpty()) {
            summaries.add(ColumnSummary.ofNumbers(target, d.targets(), 0, d.targets().length));
        } else {
            Map<String, Long> counts = new LinkedHashMap<>();
            d.classNames().forEach(n -> counts.put(n, 0L));
            for (float v : d.targets()) {
                counts.merge(d.classNames().get((int) v), 1L, Long::sum);
            }
            summaries.add(ColumnSummary.ofText(target, d.count(), counts));
        }
        return new DataPreview(source, contents, columns, table, d.count(), summaries, target);
    }

    /** Every {@code stride}-th value from {@code offset}: one feature of every sample. */
    private static float[] strided(float[] values, int offset, int stride) {
        float[] column = new float[values.length / stride];
        for (int i = 0; i < column.length; i++) {
            column[i] = values[i * stride + offset];
        }
        return column;
    }

    private static String number(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }
}
