package org.layercanvas.formats.runs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.layercanvas.engine.insight.BatchRecord;
import org.layercanvas.engine.insight.EpochRecord;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.formats.AtomicFiles;

/** A run's metrics as CSV for spreadsheets and plotting tools: one row per epoch, or one per batch. */
public final class RunCsv {
    private RunCsv() {
    }

    /** Columns: epoch, every metric that any epoch has (train and val_), seconds. Missing values are empty. */
    public static String epochs(RunHistory run) {
        List<EpochRecord> epochs = run.epochs();
        Set<String> names = new LinkedHashSet<>();
        epochs.forEach(e -> names.addAll(e.result().values().keySet()));
        StringBuilder b = new StringBuilder("epoch");
        names.forEach(n -> b.append(',').append(n));
        b.append(",seconds\n");
        for (EpochRecord e : epochs) {
            b.append(e.result().epoch());
            for (String n : names) {
                Double v = e.result().values().get(n);
                b.append(',').append(v == null ? "" : format(v));
            }
            b.append(',').append(format(e.result().seconds())).append('\n');
        }
        return b.toString();
    }

    public static String batches(RunHistory run) {
        StringBuilder b = new StringBuilder(RunFolder.BATCH_HEADER).append('\n');
        for (BatchRecord r : run.batches()) {
            b.append(row(r)).append('\n');
        }
        return b.toString();
    }

    /** One line of {@value RunFolder#BATCHES}, without the line break. */
    static String row(BatchRecord r) {
        return String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%s,%s", r.step(), r.epoch(), r.batch(), format(r.loss()),
                format(r.learningRate()), format(r.samplesPerSecond()), format(r.seconds()));
    }

    public static void write(String csv, Path file) throws IOException {
        AtomicFiles.write(file, csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Java's decimal form: NaN, Infinity and -Infinity as such (spreadsheets and numpy read them). */
    private static String format(double v) {
        return Double.toString(v);
    }
}
