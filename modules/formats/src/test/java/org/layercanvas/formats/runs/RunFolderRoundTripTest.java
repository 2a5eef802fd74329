package org.layercanvas.formats.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.insight.BatchRecord;
import org.layercanvas.engine.insight.ConfusionMatrix;
import org.layercanvas.engine.insight.DecisionBoundary;
import org.layercanvas.engine.insight.Diagnostics;
import org.layercanvas.engine.insight.EpochRecord;
import org.layercanvas.engine.insight.Histogram;
import org.layercanvas.engine.insight.ImageSet;
import org.layercanvas.engine.insight.LayerSnapshot;
import org.layercanvas.engine.insight.OvertrainingCheck;
import org.layercanvas.engine.insight.RocCurve;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.RunInfo;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.engine.insight.Summary;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.train.EpochResult;

class RunFolderRoundTripTest {
    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    // ---- synthetic events ----

    static RunInfo info() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("loss", "binary_crossentropy");
        h.put("optimizer", "sgd");
        h.put("optimizer.learning_rate", "0.1");
        h.put("batch_size", "16");
        return new RunInfo("blobs", "supervised", "CPU (4 threads)", "reference", 42, 2, 3, 39, h, "2024-05-06T07:08:09");
    }

    static List<BatchRecord> batches() {
        List<BatchRecord> b = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double loss = i == 3 ? Double.NaN : 0.7 / (i + 1);
            b.add(new BatchRecord(i + 1, i / 3 + 1, i % 3, loss, 0.1f, 1234.5 + i / 3.0, 0.01 * (i + 1) + 1e-9 * i));
        }
        return b;
    }

    static DecisionBoundary boundary(float shift) {
        float[] values = new float[3 * 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = shift + i / 7f;
        }
        values[4] = Float.NaN;
        return new DecisionBoundary(-1.5, 2.25, -0.5, 3.125, 3, 2, 2, values, new float[] {0.1f, -0.2f, 1.3f, 2.7f}, new int[] {0, 1});
    }

    static LayerSnapshot snapshot(long step, int epoch, float scale) {
        float[] w = {scale, -2 * scale, 0, 0.5f * scale, Float.NaN};
        float[] g = {1e-3f * scale, -4e-4f, 2.5e-3f, 0, 0};
        float[] a = {0.25f, 0.5f, 0.75f, 1, Float.POSITIVE_INFINITY, -0.125f};
        List<LayerSnapshot.ParamStats> params = List.of(
                new LayerSnapshot.ParamStats("h/weight", Summary.of(w, 0, 5), Summary.of(g, 0, 5), 0.0123 * scale,
                        Histogram.of(w, 0, 5, 4), Histogram.of(g, 0, 5, 3)),
                new LayerSnapshot.ParamStats("h/bias", Summary.of(new float[] {0, 0}, 0, 2), Summary.of(new float[] {Float.NaN}, 0, 1),
                        Double.NaN, Histogram.of(new float[] {0, 0}, 0, 2, 2), Histogram.of(new float[] {Float.NaN}, 0, 1, 2)));
        List<LayerSnapshot.ActivationStats> acts = List.of(
                new LayerSnapshot.ActivationStats("in", Summary.of(a, 0, 6), Histogram.of(a, 0, 6, -1, 1, 4)),
                new LayerSnapshot.ActivationStats("h", Summary.of(a, 1, 3), Histogram.of(a, 1, 3, 5)));
        return new LayerSnapshot(step, epoch, params, acts, boundary(scale));
    }

    static Diagnostics diagnostics(String data, boolean images) {
        float[] scores = {0.9f, 0.8f, 0.35f, 0.6f, 0.1f, 0.3f, 0.7f, 0.2f};
        float[] targets = {1, 1, 1, 0, 0, 0, 1, 0};
        ConfusionMatrix confusion = ConfusionMatrix.of(scores, targets, 8, 1);
        RocCurve roc = RocCurve.of(scores, targets, 8);
        OvertrainingCheck over = OvertrainingCheck.of(new float[] {0.95f, 0.85f, 0.15f, 0.05f}, new float[] {1, 1, 0, 0}, 4,
                scores, targets, 8, 5);
        ImageSet imageSet = null;
        if (images) {
            float[] px = new float[16 * 25];
            for (int i = 0; i < px.length; i++) {
                px[i] = (i % 25) / 24f;
            }
            px[7] = Float.NaN;
            imageSet = new ImageSet("samples from fixed noise", 16, 1, 5, 5, 8, px);
        }
        return new Diagnostics(data, confusion, roc, over, boundary(0.5f), imageSet);
    }

    static Map<String, Double> values(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return m;
    }

    static final byte[] PROJECT = "{\"name\": \"blobs\", \"note\": \"über ✓\"}\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    /** A whole run: 2 epochs of 3 batches, snapshots, diagnostics with images in epoch 1, test figures. */
    Path writeRun(Path dir) throws IOException {
        Path project = tmp.resolve("blobs.lcproj.json");
        Files.write(project, PROJECT);
        try (RunFolderWriter w = new RunFolderWriter(dir, project)) {
            w.started(info());
            List<BatchRecord> b = batches();
            for (int i = 0; i < 3; i++) {
                w.batch(b.get(i));
            }
            w.layers(snapshot(2, 1, 1f));
            w.layers(snapshot(3, 1, 2f)); // the file keeps the first look of each epoch (and one every 5 s)
            w.epoch(new EpochRecord(new EpochResult(1, values("loss", 0.5, "accuracy", 0.75, "val_loss", 0.625, "val_auc", Double.NaN), 1.5),
                    diagnostics("validation", true)));
            for (int i = 3; i < 6; i++) {
                w.batch(b.get(i));
            }
            w.layers(snapshot(5, 2, 3f));
            w.epoch(new EpochRecord(new EpochResult(2, values("loss", 0.25, "accuracy", 0.875, "val_loss", 0.375, "val_auc", 0.8), 3.0),
                    Diagnostics.NONE));
            w.finished(new RunOutcome(RunOutcome.COMPLETED, null, values("loss", 0.3, "accuracy", 0.8125), diagnostics("test", false), 4.5));
        }
        return dir;
    }

    // ---- comparisons (Histogram and the array-holding records have no value equality) ----

    static void same(Histogram a, Histogram b) {
        assertThat(List.of(b.lo(), b.hi())).containsExactly(a.lo(), a.hi());
        assertThat(b.counts()).containsExactly(a.counts());
        assertThat(b.underflow()).isEqualTo(a.underflow());
        assertThat(b.overflow()).isEqualTo(a.overflow());
        assertThat(b.nonFinite()).isEqualTo(a.nonFinite());
    }

    static void same(DecisionBoundary a, DecisionBoundary b) {
        if (a == null) {
            assertThat(b).isNull();
            return;
        }
        assertThat(List.of(b.xLo(), b.xHi(), b.yLo(), b.yHi())).containsExactly(a.xLo(), a.xHi(), a.yLo(), a.yHi());
        assertThat(List.of(b.nx(), b.ny(), b.classes())).containsExactly(a.nx(), a.ny(), a.classes());
        assertThat(b.values()).containsExactly(a.values()); // Float.equals: NaN equals NaN
        assertThat(b.points()).containsExactly(a.points());
        assertThat(b.labels()).containsExactly(a.labels());
    }

    static void same(LayerSnapshot a, LayerSnapshot b) {
        assertThat(b.step()).isEqualTo(a.step());
        assertThat(b.epoch()).isEqualTo(a.epoch());
        assertThat(b.params()).hasSameSizeAs(a.params());
        for (int i = 0; i < a.params().size(); i++) {
            LayerSnapshot.ParamStats p = a.params().get(i), q = b.params().get(i);
            assertThat(q.name()).isEqualTo(p.name());
            assertThat(q.weights()).isEqualTo(p.weights()); // record equality compares doubles as Double.equals
            assertThat(q.gradients()).isEqualTo(p.gradients());
            assertThat(Double.valueOf(q.updateRatio()).equals(p.updateRatio())).as("%s update ratio %s, read %s", p.name(),
                    p.updateRatio(), q.updateRatio()).isTrue(); // Double.equals: NaN equals NaN
            same(p.weightHistogram(), q.weightHistogram());
            same(p.gradientHistogram(), q.gradientHistogram());
        }
        assertThat(b.activations()).hasSameSizeAs(a.activations());
        for (int i = 0; i < a.activations().size(); i++) {
            assertThat(b.activations().get(i).nodeId()).isEqualTo(a.activations().get(i).nodeId());
            assertThat(b.activations().get(i).summary()).isEqualTo(a.activations().get(i).summary());
            same(a.activations().get(i).histogram(), b.activations().get(i).histogram());
        }
        same(a.boundary(), b.boundary());
    }

    static void same(Diagnostics a, Diagnostics b) {
        assertThat(b.data()).isEqualTo(a.data());
        if (a.confusion() == null) {
            assertThat(b.confusion()).isNull();
        } else {
            assertThat(b.confusion().classes()).isEqualTo(a.confusion().classes());
            for (int t = 0; t < a.confusion().classes(); t++) {
                for (int p = 0; p < a.confusion().classes(); p++) {
                    assertThat(b.confusion().count(t, p)).isEqualTo(a.confusion().count(t, p));
                }
            }
            assertThat(b.confusion().total()).isEqualTo(a.confusion().total());
        }
        if (a.roc() == null) {
            assertThat(b.roc()).isNull();
        } else {
            assertThat(b.roc().falsePositiveRate()).containsExactly(a.roc().falsePositiveRate());
            assertThat(b.roc().truePositiveRate()).containsExactly(a.roc().truePositiveRate());
            assertThat(b.roc().thresholds()).containsExactly(a.roc().thresholds());
            assertThat(Double.valueOf(b.roc().auc()).equals(a.roc().auc())).isTrue();
        }
        if (a.overtraining() == null) {
            assertThat(b.overtraining()).isNull();
        } else {
            OvertrainingCheck x = a.overtraining(), y = b.overtraining();
            same(x.signalTrain(), y.signalTrain());
            same(x.backgroundTrain(), y.backgroundTrain());
            same(x.signalTest(), y.signalTest());
            same(x.backgroundTest(), y.backgroundTest());
            assertThat(y.signalKs()).isEqualTo(x.signalKs());
            assertThat(y.backgroundKs()).isEqualTo(x.backgroundKs());
        }
        same(a.boundary(), b.boundary());
        if (a.images() == null) {
            assertThat(b.images()).isNull();
        } else {
            ImageSet x = a.images(), y = b.images();
            assertThat(List.of(y.caption(), y.count(), y.channels(), y.height(), y.width(), y.columns()))
                    .containsExactly(x.caption(), x.count(), x.channels(), x.height(), x.width(), x.columns());
            assertThat(y.pixels()).containsExactly(x.pixels());
        }
    }

    static JsonNode metrics(Path dir) throws IOException {
        return JSON.readTree(dir.resolve(RunFolder.METRICS).toFile());
    }

    // ---- the round trip ----

    @Test
    void everyEventComesBackAsItWasWritten() throws IOException {
        Path dir = writeRun(tmp.resolve("runs").resolve("20240506-070809"));
        RunHistory h = RunFolderReader.read(dir);
        assertThat(h.name()).isEqualTo("20240506-070809");
        assertThat(h.info()).isEqualTo(info());
        assertThat(h.batches()).containsExactlyElementsOf(batches()); // including the NaN loss
        assertThat(Double.isNaN(h.batches().get(3).loss())).isTrue();

        // the first look of each epoch, without its boundary (that is kept with the epoch's diagnostics)
        List<LayerSnapshot> s = h.snapshots();
        assertThat(s).extracting(LayerSnapshot::step).containsExactly(2L, 5L);
        same(snapshot(2, 1, 1f).withoutBoundary(), s.get(0));
        same(snapshot(5, 2, 3f).withoutBoundary(), s.get(1));
        assertThat(Double.isNaN(s.get(0).params().get(1).updateRatio())).isTrue();
        assertThat(Double.isNaN(s.get(0).params().get(1).gradients().mean())).isTrue();

        List<EpochRecord> e = h.epochs();
        assertThat(e).hasSize(2);
        assertThat(e.get(0).result()).isEqualTo(new EpochResult(1, values("loss", 0.5, "accuracy", 0.75, "val_loss", 0.625, "val_auc", Double.NaN), 1.5));
        assertThat(e.get(0).result().values().keySet()).containsExactly("loss", "accuracy", "val_loss", "val_auc");
        assertThat(e.get(1).result()).isEqualTo(new EpochResult(2, values("loss", 0.25, "accuracy", 0.875, "val_loss", 0.375, "val_auc", 0.8), 3.0));
        same(diagnostics("validation", true), e.get(0).diagnostics());
        assertThat(e.get(1).diagnostics()).isEqualTo(Diagnostics.NONE);

        RunOutcome o = h.outcome();
        assertThat(o.status()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(o.message()).isNull();
        assertThat(o.test()).containsExactlyEntriesOf(values("loss", 0.3, "accuracy", 0.8125));
        assertThat(o.seconds()).isEqualTo(4.5);
        same(diagnostics("test", false), o.testDiagnostics());
        assertThat(h.latest(Diagnostics::confusion).total()).isEqualTo(8);
    }

    @Test
    void theRocCurveKeepsItsInfiniteFirstThreshold() throws IOException {
        Path dir = writeRun(tmp.resolve("run"));
        double[] thresholds = RunFolderReader.read(dir).epochs().get(0).diagnostics().roc().thresholds();
        assertThat(thresholds[0]).isEqualTo(Double.POSITIVE_INFINITY); // RocCurve: "the first is +∞"
        assertThat(thresholds[1]).isEqualTo((double) 0.9f);
    }

    @Test
    void theEpochImagesArePngsOfTheGridsPixelSize() throws IOException {
        Path dir = writeRun(tmp.resolve("run"));
        Path png = dir.resolve("images").resolve("epoch-0001.png");
        assertThat(png).exists();
        assertThat(dir.resolve("images").resolve("epoch-0002.png")).doesNotExist(); // epoch 2 has no images
        BufferedImage img = ImageIO.read(png.toFile());
        // 16 images of 5 × 5 in 8 columns, 2 rows, with a 2-pixel gap around each: 8·7 + 2 by 2·7 + 2
        assertThat(img.getWidth()).isEqualTo(58);
        assertThat(img.getHeight()).isEqualTo(16);
        // image 0, pixel (x 1, y 0) is value 1/24 → grey round(255/24) = 11; pixel 7 (x 2, y 1) is NaN → black
        assertThat(img.getRGB(2 + 1, 2) & 0xffffff).isEqualTo(0x0b0b0b);
        assertThat(img.getRGB(2 + 2, 2 + 1) & 0xffffff).isZero();
        // image 9 (row 1, column 1), its last pixel (x 4, y 4) = 24/24 → white
        assertThat(img.getRGB(2 + 7 + 4, 2 + 7 + 4) & 0xffffff).isEqualTo(0xffffff);
        assertThat(img.getRGB(0, 0) & 0xffffff).isZero(); // the gap
    }

    @Test
    void metricsJsonSaysRunningUntilFinishedAndTheProjectIsCopiedByteForByte() throws IOException {
        Path project = tmp.resolve("p.lcproj.json");
        Files.write(project, PROJECT);
        Path dir = tmp.resolve("run");
        // a live writer holds the folder's lock, as TrainingRun does; without it "running" reads as interrupted
        try (RunLock lock = RunLock.acquire(dir); RunFolderWriter w = new RunFolderWriter(dir, project)) {
            assertThat(Files.readAllBytes(dir.resolve(RunFolder.PROJECT))).isEqualTo(PROJECT);
            w.started(info());
            JsonNode m = metrics(dir);
            assertThat(m.get("format").asText()).isEqualTo("layercanvas.run");
            assertThat(m.get("version").asInt()).isEqualTo(1);
            assertThat(m.get("status").asText()).isEqualTo("running");
            assertThat(m.get("project").asText()).isEqualTo("blobs");
            assertThat(m.get("seed").asLong()).isEqualTo(42);
            assertThat(m.get("hyperparameters").get("optimizer.learning_rate").asText()).isEqualTo("0.1");
            w.batch(batches().get(0));
            w.epoch(new EpochRecord(new EpochResult(1, values("loss", 0.5), 1.0), Diagnostics.NONE));
            assertThat(metrics(dir).get("status").asText()).isEqualTo("running");
            // read while running: no outcome yet
            RunHistory live = RunFolderReader.read(dir);
            assertThat(live.info()).isEqualTo(info());
            assertThat(live.outcome()).isNull();
            w.finished(new RunOutcome(RunOutcome.COMPLETED, null, null, null, 2.0));
            assertThat(metrics(dir).get("status").asText()).isEqualTo("completed");
        }
        RunHistory h = RunFolderReader.read(dir);
        assertThat(h.outcome().status()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(h.outcome().test()).isNull();
        assertThat(h.outcome().testDiagnostics()).isNull();
        assertThat(h.epochs()).hasSize(1);
        assertThat(h.batches()).containsExactly(batches().get(0));
        assertThat(Files.readAllBytes(dir.resolve(RunFolder.PROJECT))).isEqualTo(PROJECT);
    }

    @Test
    void aFailedRunKeepsItsMessage() throws IOException {
        Path dir = tmp.resolve("run");
        try (RunFolderWriter w = new RunFolderWriter(dir, null)) {
            w.started(info());
            w.finished(new RunOutcome(RunOutcome.FAILED, "loss became NaN", null, null, 0.25));
        }
        assertThat(dir.resolve(RunFolder.PROJECT)).doesNotExist();
        RunOutcome o = RunFolderReader.read(dir).outcome();
        assertThat(o.status()).isEqualTo(RunOutcome.FAILED);
        assertThat(o.message()).isEqualTo("loss became NaN");
        assertThat(o.seconds()).isEqualTo(0.25);
    }

    // ---- malformed input ----

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    static void replaceLine(Path file, int lineNo, String text) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.set(lineNo - 1, text);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void anUnfinishedLastLineIsStillBeingWrittenAndIgnored() throws IOException {
        Path dir = writeRun(tmp.resolve("run"));
        append(dir.resolve(RunFolder.BATCHES), "7,3,0,0.12");
        append(dir.resolve(RunFolder.INSIGHTS), "{\"kind\":\"layers\",\"step\":7,\"epoch\":3,\"par");
        RunHistory h = RunFolderReader.read(dir);
        assertThat(h.batches()).containsExactlyElementsOf(batches());
        assertThat(h.snapshots()).hasSize(2);
        // once the writer has finished the lines they are read
        append(dir.resolve(RunFolder.BATCHES), ",0.1,100.0,1.0\n");
        append(dir.resolve(RunFolder.INSIGHTS), "ams\":[],\"activations\":[]}\n");
        RunHistory later = RunFolderReader.read(dir);
        assertThat(later.batches()).hasSize(7);
        assertThat(later.batches().get(6)).isEqualTo(new BatchRecord(7, 3, 0, 0.12, 0.1, 100, 1));
        assertThat(later.snapshots()).extracting(LayerSnapshot::step).containsExactly(2L, 5L, 7L);
    }

    @Test
    void aBadBatchLineInTheMiddleNamesFileAndLine() throws IOException {
        Path dir = writeRun(tmp.resolve("run"));
        Path file = dir.resolve(RunFolder.BATCHES);
        // line 1 is the header, line 4 the third batch
        replaceLine(file, 4, "3,1,2,zero,0.1,100,0.03");
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(file + ":4:");
        replaceLine(file, 4, "3,1,2,0.5");
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(file + ":4:").hasMessageContaining("expected 7 values");
    }

    @Test
    void aBadInsightLineInTheMiddleNamesFileAndLine() throws IOException {
        Path dir = writeRun(tmp.resolve("run"));
        Path file = dir.resolve(RunFolder.INSIGHTS);
        int lines = Files.readAllLines(file).size();
        assertThat(lines).isEqualTo(5); // layers, epoch, layers, epoch, test
        replaceLine(file, 2, "{\"kind\":\"epoch\",\"epoch\":1,\"diagnostics\":{\"confusion\":[[1,");
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class).hasMessageContaining(file + ":2:");
        replaceLine(file, 2, "{\"kind\":\"weather\"}");
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(file + ":2:").hasMessageContaining("weather");
        replaceLine(file, 2, "{\"kind\":\"layers\",\"step\":1}"); // valid JSON, missing fields
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class).hasMessageContaining(file + ":2:");
    }

    @Test
    void aFolderWithoutMetricsIsNoTrainingRun() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("holiday-photos"));
        Files.writeString(dir.resolve(RunFolder.BATCHES), RunFolder.BATCH_HEADER + "\n");
        assertThat(RunFolder.isRun(dir)).isFalse();
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("is not a training run").hasMessageContaining("metrics.json");
    }

    @Test
    void malformedMetricsNamesFileAndLine() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path m = dir.resolve(RunFolder.METRICS);
        Files.writeString(m, "{\n  \"format\": \"layercanvas.run\",\n  \"version\": 1,\n  \"status\" \"running\"\n}\n");
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class).hasMessageStartingWith(m + ":4:");
        Files.writeString(m, "[1, 2]");
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(m.toString()).hasMessageContaining("not a JSON object");
    }

    @Test
    void aNewerFormatVersionIsRefused() throws IOException {
        Path dir = writeRun(tmp.resolve("run"));
        Path m = dir.resolve(RunFolder.METRICS);
        Files.writeString(m, Files.readString(m).replace("\"version\" : 1", "\"version\" : 2"));
        assertThat(Files.readString(m)).contains("\"version\" : 2");
        assertThatThrownBy(() -> RunFolderReader.read(dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining(m.toString()).hasMessageContaining("version 2").hasMessageContaining("newer");
    }

    // ---- the list of runs ----

    private static void startedAt(Path run, String started) throws IOException {
        Path m = run.resolve(RunFolder.METRICS);
        Files.writeString(m, Files.readString(m).replace("2024-05-06T07:08:09", started));
    }

    @Test
    void runListIsNewestFirstAndAnUnreadableRunIsAnEntryWithAProblem() throws IOException {
        Path runs = tmp.resolve("runs");
        writeRun(runs.resolve("20240506-070809")); // started 2024-05-06T07:08:09
        startedAt(writeRun(runs.resolve("20231231-235959")), "2023-12-31T23:59:59");
        startedAt(writeRun(runs.resolve("20240601-000000")), "2024-06-01T00:00:00");
        startedAt(writeRun(runs.resolve("baseline")), "2024-05-20T10:00:00"); // a folder named by hand sorts by its start
        Path broken = Files.createDirectories(runs.resolve("20240510-120000"));
        Files.writeString(broken.resolve(RunFolder.METRICS), "{\"status\": ");
        Path empty = Files.createDirectories(runs.resolve("20240401-000000"));
        Files.writeString(empty.resolve(RunFolder.METRICS), "");
        Files.createDirectories(runs.resolve("20250101-000000")); // no metrics.json: not a run
        Files.writeString(runs.resolve("20260101-000000"), "a file, not a folder");

        List<RunList.Entry> list = RunList.in(runs);
        assertThat(list).extracting(RunList.Entry::name)
                .containsExactly("20240601-000000", "baseline", "20240510-120000", "20240506-070809", "20240401-000000", "20231231-235959");
        RunList.Entry bad = list.get(2);
        assertThat(bad.problem()).contains(broken.resolve(RunFolder.METRICS).toString());
        assertThat(bad.status()).isEqualTo("unreadable");
        // an empty metrics.json is no completed run of 0 epochs
        assertThat(list.get(4).status()).isEqualTo("unreadable");
        assertThat(list.get(4).problem()).contains(empty.resolve(RunFolder.METRICS).toString()).contains("not a JSON object");
        RunList.Entry ok = list.get(0);
        assertThat(ok.problem()).isNull();
        assertThat(ok.status()).isEqualTo("completed");
        assertThat(ok.started()).isEqualTo("2024-06-01T00:00:00");
        assertThat(ok.epochs()).isEqualTo(2);
        assertThat(ok.hyperparameters()).containsEntry("optimizer.learning_rate", "0.1").containsEntry("batch_size", "16");
        // the last epoch's metrics, then the test metrics
        assertThat(ok.finalMetrics()).containsExactlyEntriesOf(values("loss", 0.25, "accuracy", 0.875, "val_loss", 0.375, "val_auc", 0.8,
                "test_loss", 0.3, "test_accuracy", 0.8125));

        assertThat(RunList.in(tmp.resolve("nothing-here"))).isEmpty();
        Path projectFile = tmp.resolve("blobs.lcproj.json");
        assertThat(RunList.runsDirectory(projectFile)).isEqualTo(runs.toAbsolutePath());
        assertThat(RunList.of(projectFile)).hasSize(6);
    }

    // ---- CSV export ----

    @Test
    void epochCsvHasTheUnionOfMetricNamesWithEmptyCellsForMissingValues() {
        RunHistory h = new RunHistory("run");
        h.epoch(new EpochRecord(new EpochResult(1, values("loss", 0.5, "accuracy", 0.75), 1.5), Diagnostics.NONE));
        h.epoch(new EpochRecord(new EpochResult(2, values("loss", 0.25, "val_loss", 0.375), 3.0), Diagnostics.NONE));
        h.epoch(new EpochRecord(new EpochResult(3, values("accuracy", Double.NaN), 4.0), Diagnostics.NONE));
        assertThat(RunCsv.epochs(h)).isEqualTo("""
                epoch,loss,accuracy,val_loss,seconds
                1,0.5,0.75,,1.5
                2,0.25,,0.375,3.0
                3,,NaN,,4.0
                """);
    }

    @Test
    void batchCsvIsTheBatchesFilesFormat() throws IOException {
        RunHistory h = new RunHistory("run");
        h.batch(new BatchRecord(1, 1, 0, 0.5, 0.25, 1000, 0.125));
        h.batch(new BatchRecord(2, 1, 1, Double.NaN, 0.25, 2000.5, 0.25));
        String csv = RunCsv.batches(h);
        assertThat(csv).isEqualTo("""
                step,epoch,batch,loss,learning_rate,samples_per_second,seconds
                1,1,0,0.5,0.25,1000.0,0.125
                2,1,1,NaN,0.25,2000.5,0.25
                """);
        Path out = tmp.resolve("export").resolve("batches.csv");
        Files.createDirectories(out.getParent());
        RunCsv.write(csv, out);
        assertThat(Files.readString(out)).isEqualTo(csv);
    }
}
