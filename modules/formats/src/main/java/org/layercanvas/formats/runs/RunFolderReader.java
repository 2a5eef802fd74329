package org.layercanvas.formats.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.insight.BatchRecord;
import org.layercanvas.engine.insight.Diagnostics;
import org.layercanvas.engine.insight.EpochRecord;
import org.layercanvas.engine.insight.RunEvents;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.RunInfo;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.train.EpochResult;

/**
 * Replays a run folder (see {@link RunFolder}) as the events it was written from, so a past run shows in
 * the dashboard exactly as it did live. A run that is still going on, or that died, reads as far as it
 * got: an unfinished last line is ignored; any other bad line is an error naming the file and line.
 */
public final class RunFolderReader {
    private RunFolderReader() {
    }

    /** Reads a run into a new history named after its folder. */
    public static RunHistory read(Path dir) throws IOException {
        RunHistory h = new RunHistory(dir.getFileName().toString());
        replay(dir, h);
        return h;
    }

    /** @throws DataFormatException for a malformed file, naming it and the line */
    public static void replay(Path dir, RunEvents sink) throws IOException {
        Path metricsFile = dir.resolve(RunFolder.METRICS);
        JsonNode m;
        try {
            m = InsightJson.JSON.readTree(metricsFile.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new DataFormatException(dir + " is not a training run: it has no " + RunFolder.METRICS);
        } catch (JsonProcessingException e) {
            throw new DataFormatException(metricsFile + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr()) + ": "
                    + e.getOriginalMessage());
        }
        if (m == null || !m.isObject()) {
            throw new DataFormatException(metricsFile + ": not a JSON object");
        }
        if (m.has("version") && m.get("version").asInt() > RunFolder.VERSION) {
            throw new DataFormatException(metricsFile + ": run format version " + m.get("version").asInt()
                    + " is newer than this LayerCanvas reads (" + RunFolder.VERSION + ")");
        }
        sink.started(info(m));
        for (String[] row : lines(dir.resolve(RunFolder.BATCHES), true)) {
            sink.batch(batch(row, dir.resolve(RunFolder.BATCHES), Integer.parseInt(row[row.length - 1])));
        }
        Map<Integer, Diagnostics> diagnostics = new LinkedHashMap<>();
        Diagnostics test = null;
        Path insights = dir.resolve(RunFolder.INSIGHTS);
        for (String[] row : lines(insights, false)) {
            int lineNo = Integer.parseInt(row[1]);
            try {
                JsonNode o = InsightJson.JSON.readTree(row[0]);
                switch (o.path("kind").asText()) {
                    case "layers" -> sink.layers(InsightJson.snapshot(o));
                    case "epoch" -> diagnostics.put(o.get("epoch").asInt(), InsightJson.diagnostics(o.get("diagnostics")));
                    case "test" -> test = InsightJson.diagnostics(o.get("diagnostics"));
                    default -> throw new DataFormatException(insights + ":" + lineNo + ": unknown record kind '" + o.path("kind").asText() + "'");
                }
            } catch (JsonProcessingException | RuntimeException e) {
                throw new DataFormatException(insights + ":" + lineNo + ": malformed record (" + e.getMessage() + ")");
            }
        }
        for (JsonNode e : m.path("epochs")) {
            int epoch = e.path("epoch").asInt();
            EpochResult r = new EpochResult(epoch, InsightJson.values(e, "epoch", "seconds"), InsightJson.num(e, "seconds"));
            sink.epoch(new EpochRecord(r, diagnostics.getOrDefault(epoch, Diagnostics.NONE)));
        }
        String status = status(m, dir);
        if (!status.equals(RunOutcome.RUNNING)) {
            Map<String, Double> testMetrics = m.has("test") ? InsightJson.values(m.get("test")) : null;
            String message = status.equals(RunOutcome.INTERRUPTED) ? INTERRUPTED_MESSAGE : m.has("message") ? m.get("message").asText() : null;
            sink.finished(new RunOutcome(status, message, testMetrics, test, InsightJson.num(m, "seconds")));
        }
    }

    static final String INTERRUPTED_MESSAGE = "the training process ended without finishing the run; continue it with "
            + "layercanvas train --resume on this folder";

    /**
     * The run's status as metrics.json says, except that a run still marked "running" whose folder lock no
     * live writer holds was interrupted (its process was killed or crashed).
     */
    static String status(JsonNode metrics, Path dir) {
        String status = metrics.path("status").asText(RunOutcome.COMPLETED);
        return status.equals(RunOutcome.RUNNING) && !RunLock.held(dir) ? RunOutcome.INTERRUPTED : status;
    }

    private static RunInfo info(JsonNode m) {
        Map<String, String> h = new LinkedHashMap<>();
        m.path("hyperparameters").fields().forEachRemaining(e -> h.put(e.getKey(), e.getValue().asText()));
        List<String> classes = new java.util.ArrayList<>();
        m.path("class_names").forEach(c -> classes.add(c.asText()));
        return new RunInfo(m.path("project").asText(""), m.path("scheme").asText("supervised"), m.path("device").asText(""),
                m.path("backend").asText(""), m.path("seed").asLong(), m.path("planned_epochs").asInt(m.path("epochs").size()),
                m.path("batches_per_epoch").asInt(), m.path("train_samples").asInt(), h, m.path("started").asText(""), classes);
    }

    private static BatchRecord batch(String[] row, Path file, int lineNo) throws DataFormatException {
        if (row.length != 8) {
            throw new DataFormatException(file + ":" + lineNo + ": expected 7 values (" + RunFolder.BATCH_HEADER + ")");
        }
        try {
            return new BatchRecord(Long.parseLong(row[0]), Integer.parseInt(row[1]), Integer.parseInt(row[2]), Double.parseDouble(row[3]),
                    Double.parseDouble(row[4]), Double.parseDouble(row[5]), Double.parseDouble(row[6]));
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ":" + lineNo + ": not a number (" + e.getMessage() + ")");
        }
    }

    /**
     * The complete lines of a file that may still be being written, each with its line number last:
     * CSV rows split at commas (after the header), or whole lines. A missing file has none.
     */
    private static List<String[]> lines(Path file, boolean csv) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        java.util.ArrayList<String[]> out = new java.util.ArrayList<>();
        // read line by line (a long run's files are large); a last line without its newline is still being written
        boolean complete = endsWithNewline(file);
        try (java.io.BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line, next = in.readLine();
            for (int no = 1; (line = next) != null; no++) {
                next = in.readLine();
                if (next == null && !complete || line.isBlank() || csv && no == 1) {
                    continue;
                }
                if (csv) {
                    String[] cells = line.split(",", -1);
                    String[] row = java.util.Arrays.copyOf(cells, cells.length + 1);
                    row[cells.length] = String.valueOf(no);
                    out.add(row);
                } else {
                    out.add(new String[] {line, String.valueOf(no)});
                }
            }
        }
        return out;
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            if (ch.size() == 0) {
                return true;
            }
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.position(ch.size() - 1).read(last);
            return last.get(0) == '\n';
        }
    }
}
