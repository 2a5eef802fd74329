package org.layercanvas.formats.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.data.Preprocessing;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.spi.DataFormatException;

public class DatasetReadersTest {
    @TempDir
    Path dir;

    private Dataset csv(String content, Map<String, Object> fields) throws IOException {
        Files.writeString(dir.resolve("t.csv"), content);
        Map<String, Object> all = new java.util.HashMap<>(fields);
        all.put("path", "t.csv");
        return DataSources.load(new DataSource("csv", all), dir);
    }

    @Test
    void csvWithTextClassesInOrderOfFirstAppearance() throws IOException {
        Dataset d = csv("a,species,b\n1,setosa,2\n3,virginica,4\n\n5, setosa ,6.5\n", Map.of("target", "species"));
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.featureShape()).isEqualTo(Shape.of(2));
        assertThat(d.features()).containsExactly(1, 2, 3, 4, 5, 6.5f);
        assertThat(d.targets()).containsExactly(0, 1, 0);
        assertThat(d.classNames()).containsExactly("setosa", "virginica");
        Dataset test = csv("a,species,b\n1,virginica,2\n3,setosa,4\n", Map.of("target", "species"));
        assertThat(test.withClassOrder(d.classNames()).targets()).containsExactly(1, 0);
        Dataset unseen = csv("a,species,b\n1,versicolor,2\n", Map.of("target", "species"));
        assertThatThrownBy(() -> unseen.withClassOrder(d.classNames()))
                .hasMessage("class 'versicolor' (sample 0) does not occur in the training data (classes: setosa, virginica)");
        Dataset picked = csv("a,y,b\n1,0.5,2\n3,1.5,4\n", Map.of("target", "y", "features", java.util.List.of("b")));
        assertThat(picked.features()).containsExactly(2, 4);
        assertThat(picked.targets()).containsExactly(0.5f, 1.5f);
        Dataset noHeader = csv("1;2;0\n3;4;1\n", Map.of("target", 2, "header", false, "delimiter", ";"));
        assertThat(noHeader.features()).containsExactly(1, 2, 3, 4);
    }

    /** A file: URI is a local path; another scheme needs a RemoteFiles service for it (the Spark jar's), else it is refused by name. */
    @Test
    void dataNamedByUri() throws IOException {
        Files.writeString(dir.resolve("u.csv"), "a,b\n1,2\n");
        Dataset d = DataSources.load(new DataSource("csv", Map.of("path", dir.resolve("u.csv").toUri().toString(), "target", "b")), dir);
        assertThat(d.count()).isEqualTo(1);
        assertThatThrownBy(() -> DataSources.load(new DataSource("csv", Map.of("path", "hdfs://namenode:8020/data/u.csv", "target", "b")), dir))
                .hasMessage("data source 'csv': 'path': hdfs://namenode:8020/data/u.csv is on a hdfs file system, which LayerCanvas reads only where "
                        + "a service for it is installed (the Spark jar reads Hadoop's file systems on a cluster); copy it to a local path");
    }

    @Test
    void badCsvNamesFileAndLine() {
        Path f = dir.resolve("t.csv");
        assertThatThrownBy(() -> csv("a,b,t\n1,2,0\n1,2\n", Map.of("target", "t"))).isInstanceOf(DataFormatException.class)
                .hasMessage(f + ":3: has 2 columns but the first row has 3");
        assertThatThrownBy(() -> csv("a,b,t\n1,2,0\n1,x2,1\n", Map.of("target", "t")))
                .hasMessage(f + ":3: column 'b' holds \"x2\", which is not a number");
        assertThatThrownBy(() -> csv("a,b,t\n1,2,0\n", Map.of("target", "label")))
                .hasMessage(f + ":1: no column named 'label' (columns: a, b, t)");
        assertThatThrownBy(() -> csv("a,b,t\n", Map.of("target", "t"))).hasMessage(f + ": no data rows");
        assertThatThrownBy(() -> csv("a,b,t\n1,2,0\n", Map.of("target", "t", "colour", 1)))
                .hasMessageContaining("data source 'csv' has no field 'colour'");
        assertThatThrownBy(() -> DataSources.load(new DataSource("no_such_kind", Map.of()), dir))
                .hasMessageStartingWith("unknown data source type 'no_such_kind' (known: csv, idx, ");
    }

    /** An IDX file: magic, big-endian dimensions, data; shared with the starter tests. */
    public static byte[] idx(int type, int[] dims, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) {
            b.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        b.writeBytes(data);
        return b.toByteArray();
    }

    @Test
    void idxPlainAndGzipped() throws IOException {
        byte[] images = idx(8, new int[] {2, 2, 3}, new byte[] {0, 1, 2, 3, 4, (byte) 255, 6, 7, 8, 9, 10, 11});
        Files.write(dir.resolve("img"), images);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("lbl.gz")))) {
            out.write(idx(8, new int[] {2}, new byte[] {3, 9}));
        }
        Dataset d = DataSources.load(new DataSource("idx", Map.of("images", "img", "labels", "lbl.gz")), dir);
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.featureShape()).isEqualTo(Shape.of(1, 2, 3));
        assertThat(d.features()[5]).isEqualTo(255f);
        assertThat(d.targets()).containsExactly(3, 9);
        Dataset oneHot = Preprocessing.fit(new Preprocess(1 / 255.0, false, 10), d).apply(d);
        assertThat(oneHot.targetShape()).isEqualTo(Shape.of(10));
        assertThat(oneHot.targets()[3]).isEqualTo(1f);
        assertThat(oneHot.targets()[19]).isEqualTo(1f);
        assertThat(oneHot.features()[5]).isEqualTo(1f);
    }

    @Test
    void badIdxFilesAreExplained() throws IOException {
        Files.write(dir.resolve("lbl"), idx(8, new int[] {2}, new byte[] {3, 9}));
        Files.write(dir.resolve("magic"), new byte[] {1, 2, 8, 3, 0});
        assertThatThrownBy(() -> DataSources.load(new DataSource("idx", Map.of("images", "magic", "labels", "lbl")), dir))
                .hasMessageContaining("not an IDX file (bad magic number at byte 0)");
        Files.write(dir.resolve("short"), idx(8, new int[] {2, 2, 2}, new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> DataSources.load(new DataSource("idx", Map.of("images", "short", "labels", "lbl")), dir))
                .hasMessageContaining("the header promises 8 values (8 bytes from byte 16) but the file has 3 data bytes");
        Files.write(dir.resolve("three"), idx(8, new int[] {3, 1, 1}, new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> DataSources.load(new DataSource("idx", Map.of("images", "three", "labels", "lbl")), dir))
                .hasMessageContaining("has 2 labels but three has 3 images");
    }

    /** Files larger than the reader's 64 KB buffer, bytes and floats, plain and gzipped: every value where it belongs. */
    @Test
    void idxValuesAcrossManyReads() throws IOException {
        int n = 100, side = 30;
        byte[] pixels = new byte[n * side * side];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        java.nio.ByteBuffer floats = java.nio.ByteBuffer.allocate(4 * n * 200);
        for (int i = 0; i < n * 200; i++) {
            floats.putFloat(i * 0.25f - 1000);
        }
        byte[] labels = new byte[n];
        Files.write(dir.resolve("lbl"), idx(8, new int[] {n}, labels));
        for (boolean gz : new boolean[] {false, true}) {
            write(dir.resolve("bytes"), idx(8, new int[] {n, side, side}, pixels), gz);
            write(dir.resolve("floats"), idx(0x0D, new int[] {n, 10, 20}, floats.array()), gz);
            Dataset bytes = DataSources.load(new DataSource("idx", Map.of("images", "bytes", "labels", "lbl")), dir);
            Dataset f = DataSources.load(new DataSource("idx", Map.of("images", "floats", "labels", "lbl")), dir);
            for (int i = 0; i < pixels.length; i++) {
                assertThat(bytes.features()[i]).as("pixel %d", i).isEqualTo((float) (pixels[i] & 0xFF));
            }
            for (int i = 0; i < n * 200; i++) {
                assertThat(f.features()[i]).as("float %d", i).isEqualTo(i * 0.25f - 1000);
            }
        }
    }

    /** A header that promises more than the file can hold is refused before anything is allocated for it (6.4 GB here). */
    @Test
    void aHeaderPromisingMoreThanTheFileHoldsIsRefusedWithoutAllocatingForIt() throws IOException {
        Files.write(dir.resolve("lbl"), idx(8, new int[] {2}, new byte[] {3, 9}));
        byte[] lying = idx(8, new int[] {40_000, 40_000, 1}, new byte[] {1, 2, 3, 4, 5});
        for (boolean gz : new boolean[] {false, true}) {
            write(dir.resolve("lying"), lying, gz);
            assertThatThrownBy(() -> DataSources.load(new DataSource("idx", Map.of("images", "lying", "labels", "lbl")), dir))
                    .hasMessageContaining("the header promises 1600000000 values (1600000000 bytes from byte 16) but the file has 5 data bytes");
        }
        write(dir.resolve("short"), idx(8, new int[] {2, 2, 2}, new byte[] {1, 2, 3}), true);
        assertThatThrownBy(() -> DataSources.load(new DataSource("idx", Map.of("images", "short", "labels", "lbl")), dir))
                .hasMessageContaining("the header promises 8 values (8 bytes from byte 16) but the file has 3 data bytes");
        write(dir.resolve("long"), idx(8, new int[] {2, 1, 1}, new byte[] {1, 2, 3}), true);
        assertThatThrownBy(() -> DataSources.load(new DataSource("idx", Map.of("images", "long", "labels", "lbl")), dir))
                .hasMessageContaining("the header promises 2 values (2 bytes from byte 16) but the file has more than 2 data bytes");
    }

    private static void write(Path file, byte[] content, boolean gz) throws IOException {
        try (OutputStream out = gz ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    @Test
    void standardizeUsesTrainingStatisticsForAllData() {
        Dataset train = new Dataset(new float[] {1, 10, 3, 10}, Shape.of(2), new float[] {0, 1}, Shape.of(1), 2);
        Preprocessing p = Preprocessing.fit(new Preprocess(null, true, null), train);
        assertThat(p.apply(train).features()).containsExactly(-1, 0, 1, 0);
        Dataset test = new Dataset(new float[] {5, 10}, Shape.of(2), new float[] {1}, Shape.of(1), 1);
        assertThat(p.apply(test).features()).containsExactly(3, 0);
        Dataset badClass = new Dataset(new float[] {5, 10}, Shape.of(2), new float[] {2}, Shape.of(1), 1);
        assertThatThrownBy(() -> Preprocessing.fit(new Preprocess(null, false, 2), train).apply(badClass))
                .hasMessage("one_hot 2: sample 0 has class 2.0, not an integer in 0..1").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sineWavesAreSeededWindowsWithTheNextCleanValue() throws IOException {
        DataSource source = new DataSource("sine_waves", Map.of("count", 50, "steps", 7, "noise", 0.0, "seed", 3));
        Dataset a = DataSources.load(source, dir), b = DataSources.load(source, dir);
        assertThat(a.featureShape()).isEqualTo(Shape.of(7, 1));
        assertThat(a.targetShape()).isEqualTo(Shape.of(1));
        assertThat(a.features()).containsExactly(b.features());
        for (float v : a.features()) {
            assertThat(v).isBetween(-1.5f, 1.5f);
        }
        assertThatThrownBy(() -> DataSources.load(new DataSource("sine_waves", Map.of("steps", 0)), dir))
                .hasMessageContaining("'steps' must be a positive integer");
    }

    @Test
    void readsDebiansFashionMnist() throws IOException {
        Path fm = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.exists(fm.resolve("t10k-images-idx3-ubyte.gz")), "dataset-fashion-mnist is not installed");
        Dataset test = DataSources.load(new DataSource("idx", Map.of("images", "t10k-images-idx3-ubyte.gz", "labels", "t10k-labels-idx1-ubyte.gz")), fm);
        assertThat(test.count()).isEqualTo(10000);
        assertThat(test.featureShape()).isEqualTo(Shape.of(1, 28, 28));
        for (float t : test.targets()) {
            assertThat(t).isBetween(0f, 9f);
        }
    }
}
