package org.layercanvas.formats.runs;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layercanvas.engine.insight.BatchRecord;
import org.layercanvas.engine.insight.EpochRecord;
import org.layercanvas.engine.insight.LayerSnapshot;
import org.layercanvas.engine.insight.RunEvents;
import org.layercanvas.engine.insight.RunInfo;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.formats.ImageGrid;

/**
 * Writes a run's events into its folder (see {@link RunFolder}) as they happen, so a run can be
 * watched from outside and a crashed run still leaves nearly everything: lines are buffered and
 * flushed every {@value #FLUSH_MS} ms, metrics.json is rewritten after an epoch at most every
 * {@value #METRICS_MS} ms, and both at the end.
 */
public final class RunFolderWriter implements RunEvents, AutoCloseable {
    static final long FLUSH_MS = 1000;
    /**
     * Looks inside the network come a few times per second for the live view; the file keeps one every
     * {@value #SNAPSHOT_MS} ms (and the first of each epoch) so an hour's run stays a few megabytes.
     */
    static final long SNAPSHOT_MS = 5000;
    /** metrics.json is rewritten whole, so with many short epochs at most this often (and always at the end). */
    static final long METRICS_MS = 2000;

    private final Path dir;
    private final BufferedWriter batches, insights;
    private final ObjectNode metrics = InsightJson.JSON.createObjectNode();
    private final ArrayNode epochs;
    private long lastFlush = System.nanoTime(), lastSnapshot, lastMetrics;
    private int snapshotEpoch;

    /**
     * Creates the folder and copies the project file into it.
     *
     * @throws IOException when the folder cannot be made or written
     */
    public RunFolderWriter(Path dir, Path projectFile) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        if (projectFile != null) {
            AtomicFiles.write(dir.resolve(RunFolder.PROJECT), Files.readAllBytes(projectFile));
        }
        batches = Files.newBufferedWriter(dir.resolve(RunFolder.BATCHES), StandardCharsets.UTF_8);
        try {
            batches.write(RunFolder.BATCH_HEADER + "\n");
            insights = Files.newBufferedWriter(dir.resolve(RunFolder.INSIGHTS), StandardCharsets.UTF_8);
        } catch (IOException e) {
            batches.close();
            throw e;
        }
        metrics.put("format", RunFolder.FORMAT);
        metrics.put("version", RunFolder.VERSION);
        epochs = InsightJson.JSON.createArrayNode();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void started(RunInfo info) {
        metrics.put("project", info.project());
        metrics.put("scheme", info.scheme());
        metrics.put("status", RunOutcome.RUNNING);
        metrics.put("started", info.started());
        metrics.put("device", info.device());
        metrics.put("backend", info.backend());
        metrics.put("seed", info.seed());
        metrics.put("planned_epochs", info.epochs());
        metrics.put("batches_per_epoch", info.batchesPerEpoch());
        metrics.put("train_samples", info.trainSamples());
        if (!info.classNames().isEmpty()) {
            info.classNames().forEach(metrics.putArray("class_names")::add);
        }
        ObjectNode h = metrics.putObject("hyperparameters");
        info.hyperparameters().forEach(h::put);
        metrics.set("epochs", epochs);
        writeMetrics();
    }

    @Override
    public void batch(BatchRecord b) {
        line(batches, RunCsv.row(b));
    }

    @Override
    public void layers(LayerSnapshot snapshot) {
        long now = System.nanoTime();
        if (snapshot.epoch() != snapshotEpoch || now - lastSnapshot >= SNAPSHOT_MS * 1_000_000L) {
            // the decision boundary is kept once per epoch, with the epoch's diagnostics
            line(insights, InsightJson.snapshot(snapshot.withoutBoundary()).toString());
            lastSnapshot = now;
            snapshotEpoch = snapshot.epoch();
        }
    }

    @Override
    public void epoch(EpochRecord e) {
        ObjectNode o = epochs.addObject();
        o.put("epoch", e.result().epoch());
        e.result().values().forEach((k, v) -> InsightJson.put(o, k, v));
        o.put("seconds", e.result().seconds());
        ObjectNode record = InsightJson.JSON.createObjectNode();
        record.put("kind", "epoch");
        record.put("epoch", e.result().epoch());
        record.set("diagnostics", InsightJson.diagnostics(e.diagnostics()));
        line(insights, record.toString());
        if (e.diagnostics().images() != null) {
            try {
                ImageGrid.writePng(e.diagnostics().images(), RunFolder.image(dir, e.result().epoch()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        if (System.nanoTime() - lastMetrics >= METRICS_MS * 1_000_000L) {
            flush();
            writeMetrics();
        }
    }

    @Override
    public void finished(RunOutcome outcome) {
        metrics.put("status", outcome.status());
        if (outcome.message() != null) {
            metrics.put("message", outcome.message());
        }
        metrics.put("seconds", outcome.seconds());
        if (outcome.test() != null) {
            metrics.set("test", InsightJson.values(outcome.test()));
        }
        if (outcome.testDiagnostics() != null && outcome.testDiagnostics().data() != null) {
            ObjectNode record = InsightJson.JSON.createObjectNode();
            record.put("kind", "test");
            record.set("diagnostics", InsightJson.diagnostics(outcome.testDiagnostics()));
            line(insights, record.toString());
        }
        flush();
        writeMetrics();
    }

    private void line(BufferedWriter w, String text) {
        try {
            w.write(text);
            w.write('\n');
            if (System.nanoTime() - lastFlush > FLUSH_MS * 1_000_000L) {
                flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    private void flush() {
        try {
            batches.flush();
            insights.flush();
            lastFlush = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    private void writeMetrics() {
        lastMetrics = System.nanoTime();
        try {
            AtomicFiles.write(dir.resolve(RunFolder.METRICS),
                    InsightJson.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(metrics));
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try (batches; insights) {
            flush();
        }
    }
}
