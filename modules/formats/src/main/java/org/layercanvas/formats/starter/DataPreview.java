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
 * @param readerType    the data source type that reads the file: "csv", "idx"
 * @param columns       the column names; a CSV without a header row names them "0", "1", …; IDX has
 *                      "images" and "labels"
 * @param rows          the first {@value #TABLE_ROWS} data rows, one string per column as the file has it
 *                      (an IDX image is shown by its shape)
 * @param rowCount      all data rows
 * @param summaries     one per column, in column order
 * @param defaultTarget the column to predict unless the user picks another: the last CSV column, IDX's labels
 */
public record DataPreview(String readerType, List<String> columns, List<List<String>> rows, int rowCount,
                          List<ColumnSummary> summaries, String defaultTarget) {
    public static final int TABLE_ROWS = 20;

    public DataPreview {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        summaries = List.copyOf(summaries);
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
        DataSource source = DataFiles.guess(dataFile);
        return source.type().equals("csv") ? csv(dataFile, source) : dataset(source, dataFile.toAbsolutePath().getParent());
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
        return new DataPreview("csv", names, table, count, tallies.stream().map(ColumnTally::summary).toList(), names.get(names.size() - 1));
    }

    /**
     * Any other reader: the data is read whole by its registered reader; the features are one column
     * (summarised over all their values), the target the other.
     */
    private static DataPreview dataset(DataSource source, Path dir) throws IOException {
        Dataset d = DataSources.load(source, dir);
        String features = source.type().equals("idx") ? "images" : "features", target = source.type().equals("idx") ? DataFiles.IDX_TARGET : "target";
        int f = d.featureShape().size(), t = d.targetShape().size();
        List<List<String>> table = new ArrayList<>();
        for (int i = 0; i < Math.min(TABLE_ROWS, d.count()); i++) {
            String x = f == 1 ? number(d.features()[i]) : d.featureShape().toString();
            List<String> y = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                float v = d.targets()[i * t + k];
                y.add(d.classNames().isEmpty() ? number(v) : d.classNames().get((int) v));
            }
            table.add(List.of(x, String.join(" ", y)));
        }
        ColumnSummary targets;
        if (d.classNames().isEmpty()) {
            targets = ColumnSummary.ofNumbers(target, d.targets(), 0, d.targets().length);
        } else {
            Map<String, Long> counts = new LinkedHashMap<>();
            d.classNames().forEach(n -> counts.put(n, 0L));
            for (float v : d.targets()) {
                counts.merge(d.classNames().get((int) v), 1L, Long::sum);
            }
            targets = ColumnSummary.ofText(target, d.count(), counts);
        }
        return new DataPreview(source.type(), List.of(features, target), table, d.count(),
                List.of(ColumnSummary.ofNumbers(features, d.features(), 0, d.features().length), targets), target);
    }

    /** A value as people write it: 3 rather than 3.0. */
    private static String number(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }
}
