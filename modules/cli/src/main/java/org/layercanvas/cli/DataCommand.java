package org.layercanvas.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.starter.ColumnSummary;
import org.layercanvas.formats.starter.DataFiles;
import org.layercanvas.formats.starter.DataPreview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code layercanvas data FILE [--dataset PATH]}: what the registered reader sees in a data file, the
 * same {@link DataPreview} the editor's New Project from Data… shows: the data source it would write,
 * the file's datasets or columns, the sample count, each column's range, mean and NaN count, and the
 * target's class balance.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Show what LayerCanvas reads from a data file (CSV, IDX, and whatever the installed readers recognise): "
                + "the data source for a project, the datasets or columns with types and shapes, the samples, each column's "
                + "min/mean/max and NaN count, and the target's class balance.")
final class DataCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The data file (or folder, for readers of folders).")
    Path file;

    @Option(names = "--dataset", paramLabel = "PATH",
            description = "The dataset or array to take the features from (HDF5 /group/name, an .npz member); default: the reader's guess.")
    String dataset;

    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        DataSource source = DataFiles.guess(file);
        if (dataset != null) {
            if (!(source.fields().get("features") instanceof String)) {
                throw new IllegalArgumentException(Quoted.path(file) + " is read by the " + Quoted.name(source.type())
                        + " reader, which has no datasets to choose from: --dataset is for files holding several");
            }
            Map<String, Object> fields = new LinkedHashMap<>(source.fields());
            fields.put("features", dataset);
            source = new DataSource(source.type(), fields);
        }
        DataPreview preview = DataPreview.read(file, source);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", source.type());
        json.putAll(source.fields());
        System.out.println("data source: " + new ObjectMapper().writeValueAsString(json));
        if (!preview.contents().isEmpty()) {
            System.out.println("contents:");
            preview.contents().forEach(line -> System.out.println("  " + line));
        }
        System.out.println("samples: " + preview.rowCount());
        System.out.println(table(preview.summaries()));
        ColumnSummary target = preview.summary(preview.defaultTarget());
        System.out.println("target " + Quoted.name(target.name()) + ": " + balance(target));
        return 0;
    }

    private static String table(List<ColumnSummary> columns) {
        int width = Math.max(6, columns.stream().mapToInt(c -> c.name().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %12s %12s %12s %8s", "column", "min", "mean", "max", "NaN/Inf"));
        for (ColumnSummary c : columns) {
            out.append(System.lineSeparator());
            if (c.numeric()) {
                out.append(String.format(Locale.ROOT, "%-" + width + "s  %12.6g %12.6g %12.6g %8d", c.name(), c.min(), c.mean(), c.max(), c.nonFinite()));
            } else {
                out.append(String.format(Locale.ROOT, "%-" + width + "s  text, %s", c.name(),
                        c.valueCounts().isEmpty() ? "more than " + ColumnSummary.MAX_DISTINCT + " different values" : c.valueCounts().size() + " different values"));
            }
        }
        return out.toString();
    }

    /** Each class with its count and share, or "a quantity" for a regression target. */
    private static String balance(ColumnSummary target) {
        if (target.classes() == 0 || target.valueCounts().isEmpty()) {
            return "a quantity (regression)";
        }
        long total = target.valueCounts().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder out = new StringBuilder(target.classes() + " classes:");
        target.valueCounts().forEach((name, n) -> out.append(String.format(Locale.ROOT, " %s %d (%.1f %%)", name, n, 100.0 * n / total)));
        return out.toString();
    }
}
