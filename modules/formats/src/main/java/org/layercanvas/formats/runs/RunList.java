package org.layercanvas.formats.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The runs kept with a project: the folders under {@code runs/} beside it, newest first. */
public final class RunList {
    /**
     * One run as the list shows it, read from its metrics.json alone; {@code problem} is set (and the rest
     * empty) when that file cannot be read. {@code status} is "interrupted" for a run left "running" by a
     * writer that is gone; {@code backend} and {@code projectFile} (null when not recorded) are what a resume needs.
     */
    public record Entry(Path directory, String status, String started, int epochs, Map<String, String> hyperparameters,
                        Map<String, Double> finalMetrics, String problem, String backend, Path projectFile) {
        public String name() {
            return directory.getFileName().toString();
        }
    }

    private RunList() {
    }

    public static Path runsDirectory(Path projectFile) {
        return projectFile.toAbsolutePath().getParent().resolve("runs");
    }

    public static List<Entry> of(Path projectFile) throws IOException {
        return in(runsDirectory(projectFile));
    }

    /** The runs in a {@code runs} folder, newest first; none when it does not exist. */
    public static List<Entry> in(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path d : dirs.filter(RunFolder::isRun).toList()) {
                out.add(entry(d));
            }
        }
        out.sort(Comparator.comparing(RunList::when).thenComparing(Entry::name).reversed());
        return out;
    }

    /**
     * When a run started, as digits: its recorded start ("2024-05-06T07:08:09" → 20240506070809), or the
     * digits of a default folder name ("20240506-070809") for a run whose metrics.json cannot be read. A
     * folder named by hand ("baseline") still sorts by its start, not its name.
     */
    static String when(Entry e) {
        String digits = (e.started().isEmpty() ? e.name() : e.started()).replaceAll("[^0-9]", "");
        return (digits + "00000000000000").substring(0, 14);
    }

    /** One run folder's entry: the last epoch's metrics, then the test metrics as {@code test_<name>}. */
    public static Entry entry(Path dir) {
        try {
            JsonNode m = InsightJson.JSON.readTree(dir.resolve(RunFolder.METRICS).toFile());
            if (m == null || !m.isObject()) { // an empty file reads as a MissingNode, whose path() would list it as completed
                return unreadable(dir, "not a JSON object");
            }
            Map<String, String> h = new LinkedHashMap<>();
            m.path("hyperparameters").fields().forEachRemaining(e -> h.put(e.getKey(), e.getValue().asText()));
            Map<String, Double> last = new LinkedHashMap<>();
            JsonNode epochs = m.path("epochs");
            if (epochs.size() > 0) {
                last.putAll(InsightJson.values(epochs.get(epochs.size() - 1), "epoch", "seconds"));
            }
            if (m.has("test")) {
                InsightJson.values(m.get("test")).forEach((k, v) -> last.put("test_" + k, v));
            }
            Path project = m.hasNonNull("project_file") ? Path.of(m.get("project_file").asText()) : null;
            return new Entry(dir, RunFolderReader.status(m, dir), m.path("started").asText(""), epochs.size(), h, last, null,
                    m.path("backend").asText(""), project);
        } catch (IOException | RuntimeException e) {
            return unreadable(dir, e.getMessage());
        }
    }

    private static Entry unreadable(Path dir, String why) {
        return new Entry(dir, "unreadable", "", 0, Map.of(), Map.of(), dir.resolve(RunFolder.METRICS) + ": " + why, "", null);
    }
}
