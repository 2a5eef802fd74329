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
import java.nio.file.StandardOpenOption;
import java.util.List;
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
 * flushed every {@value #FLUSH_MS} ms and at every epoch end, when metrics.json is rewritten too (so
 * the files agree with the checkpoint taken then), and at the end. A resumed run continues the same
 * files: see {@link #continuing}.
 */
public final class RunFolderWriter implements RunEvents, AutoCloseable {
    static final long FLUSH_MS = 1000;
    /**
     * Looks inside the network come a few times per second for the live view; the file keeps one every
     * {@value #SNAPSHOT_MS} ms (and the first of each epoch) so an hour's run stays a few megabytes.
     */
    static final long SNAPSHOT_MS = 5000;
    private final Path dir;
    private final BufferedWriter batches, insights;
    private final ObjectNode metrics;
    private final ArrayNode epochs;
    private final Path projectFile;
    private long lastFlush = System.nanoTime(), lastSnapshot;
    private int snapshotEpoch;

    /**
     * Creates the folder and copies the project file into it.
     *
     * @throws IOException when the folder cannot be made or written
     */
    public RunFolderWriter(Path dir, Path projectFile) throws IOException {
        this(dir, projectFile == null ? null : Files.readAllBytes(projectFile), projectFile);
    }

    /**
     * Creates the folder and keeps {@code project} (the project as trained, JSON) in it, recording in
     * metrics.json the file {@code projectFile} its data paths are relative to.
     */
    public RunFolderWriter(Path dir, byte[] project, Path projectFile) throws IOException {
        this(dir, InsightJson.JSON.createObjectNode(), false, projectFile);
        if (project != null) {
            AtomicFiles.write(dir.resolve(RunFolder.PROJECT), project);
        }
    }

    private RunFolderWriter(Path dir, ObjectNode metrics, boolean append, Path projectFile) throws IOException {
        this.dir = dir;
        this.metrics = metrics;
        this.projectFile = projectFile;
        Files.createDirectories(dir);
        batches = open(dir.resolve(RunFolder.BATCHES), append);
        try {
            if (!append) {
                batches.write(RunFolder.BATCH_HEADER + "\n");
            }
            insights = open(dir.resolve(RunFolder.INSIGHTS), append);
        } catch (IOException e) {
            batches.close();
            throw e;
        }
        metrics.put("format", RunFolder.FORMAT);
        metrics.put("version", RunFolder.VERSION);
        epochs = metrics.has("epochs") ? (ArrayNode) metrics.get("epochs") : InsightJson.JSON.createArrayNode();
    }

    private static BufferedWriter open(Path file, boolean append) throws IOException {
        return append ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /**
     * Continues a run's files from a checkpoint taken after {@code step} batches and {@code completedEpochs}
     * epochs: what was written after it (batches, looks, epochs, the outcome) is dropped, since the resumed
     * run writes it again, and the rest is appended to.
     *
     * @throws IOException when the folder's files cannot be read or rewritten
     */
    public static RunFolderWriter continuing(Path dir, long step, int completedEpochs) throws IOException {
        ObjectNode m = (ObjectNode) InsightJson.JSON.readTree(dir.resolve(RunFolder.METRICS).toFile());
        ArrayNode kept = InsightJson.JSON.createArrayNode();
        m.path("epochs").forEach(e -> {
            if (e.path("epoch").asInt() <= completedEpochs) {
                kept.add(e);
            }
        });
        m.set("epochs", kept);
        m.remove(List.of("message", "seconds", "test"));
        keepLines(dir.resolve(RunFolder.BATCHES), line -> line.startsWith("step,") || stepOf(line) <= step);
        keepLines(dir.resolve(RunFolder.INSIGHTS), line -> {
            var o = InsightJson.JSON.readTree(line);
            return switch (o.path("kind").asText()) {
                case "layers" -> o.path("step").asLong() <= step;
                case "epoch" -> o.path("epoch").asInt() <= completedEpochs;
                default -> false; // the test record comes at the end
            };
        });
        String project = m.path("project_file").asText(null);
        return new RunFolderWriter(dir, m, true, project == null ? null : Path.of(project));
    }

    private static long stepOf(String csvLine) {
        int comma = csvLine.indexOf(',');
        return Long.parseLong(comma < 0 ? csvLine : csvLine.substring(0, comma));
    }

    private interface LineFilter {
        boolean keep(String line) throws IOException;
    }

    /** Rewrites {@code file} (atomically) with the complete lines {@code filter} keeps. */
    private static void keepLines(Path file, LineFilter filter) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        StringBuilder out = new StringBuilder();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1; // a last line without its newline was cut off mid-write
        for (String line : text.substring(0, end).split("\n")) {
            try {
                if (!line.isBlank() && filter.keep(line)) {
                    out.append(line).append('\n');
                }
            } catch (IOException | RuntimeException e) {
                // a malformed line is one the crashed writer left half-written; it is dropped like the cut-off one
            }
        }
        AtomicFiles.write(file, out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The training seconds of the last batch kept, from which a resumed run's clock continues (0 for none). */
    public static double secondsSoFar(Path dir) throws IOException {
        Path file = dir.resolve(RunFolder.BATCHES);
        if (!Files.exists(file)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i > 0; i--) {
            String[] cells = lines.get(i).split(",");
            if (cells.length == 7) {
                return Double.parseDouble(cells[6]);
            }
        }
        return 0;
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void started(RunInfo info) {
        if (metrics.has("started")) { // a resumed run: it keeps its start, and says when it was resumed
            metrics.withArray("resumed").add(info.started());
        } else {
            metrics.put("started", info.started());
        }
        metrics.put("project", info.project());
        if (projectFile != null) {
            metrics.put("project_file", projectFile.toAbsolutePath().toString());
        }
        metrics.put("scheme", info.scheme());
        metrics.put("status", RunOutcome.RUNNING);
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
        flush();
        writeMetrics();
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
