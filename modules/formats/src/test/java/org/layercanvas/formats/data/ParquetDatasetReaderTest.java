package org.layercanvas.formats.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import blue.strategic.parquet.ParquetReader;
import blue.strategic.parquet.ParquetWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.spi.DataFormatException;

/**
 * The Parquet reader on files written at test time (parquet-floor's writer; no pyarrow here), checked bitwise against
 * the CSV reader on the same numbers.
 */
class ParquetDatasetReaderTest {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message events { required double a; required float b; "
            + "required int32 c; required int64 d; required boolean e; required binary species (STRING); required int32 label; }");
    private static final List<String> NAMES = SCHEMA.getFields().stream().map(f -> f.getName()).toList();
    private static final String[] SPECIES = {"setosa", "virginica", "versicolor"};
    private static final List<String> FEATURES = List.of("a", "b", "c", "d", "e");

    @TempDir
    Path dir;

    /** Rows of the schema's columns: doubles that are float32 values (so CSV text and the column give the same float). */
    private static List<Object[]> rows(int count) {
        Random random = new Random(3);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {(double) (float) (random.nextGaussian() * Math.pow(10, i % 7 - 3)), (float) random.nextGaussian(),
                    random.nextInt(), random.nextLong() >> 20, random.nextBoolean(), SPECIES[random.nextInt(3)], random.nextInt(3)});
        }
        return rows;
    }

    /** The rows with parquet-floor's writer; a null value is left out of its row. */
    private Path parquet(String name, MessageType schema, List<Object[]> rows) throws IOException {
        Path file = dir.resolve(name);
        List<String> names = schema.getFields().stream().map(f -> f.getName()).toList();
        try (ParquetWriter<Object[]> w = ParquetWriter.writeFile(schema, file.toFile(), (row, values) -> {
            for (int c = 0; c < row.length; c++) {
                if (row[c] != null) {
                    values.write(names.get(c), row[c]);
                }
            }
        })) {
            for (Object[] row : rows) {
                w.write(row);
            }
        }
        return file;
    }

    private void csv(List<Object[]> rows) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", NAMES)).append('\n');
        for (Object[] row : rows) {
            csv.append(String.join(",", Arrays.stream(row).map(v -> v instanceof Boolean b ? (b ? "1" : "0") : String.valueOf(v)).toList())).append('\n');
        }
        Files.writeString(dir.resolve("events.csv"), csv);
    }

    private Dataset read(Map<String, Object> fields) throws IOException {
        return DataSources.load(new DataSource("parquet", fields), dir);
    }

    private Dataset readCsv(String target) throws IOException {
        return DataSources.load(new DataSource("csv", Map.of("path", "events.csv", "target", target, "features", FEATURES)), dir);
    }

    /** events.parquet and events.csv holding the same rows. */
    private void events(int count) throws IOException {
        List<Object[]> rows = rows(count);
        parquet("events.parquet", SCHEMA, rows);
        csv(rows);
    }

    @Test
    void numbersAreBitwiseTheCsvReaders() throws IOException {
        events(40);
        Dataset expected = readCsv("label"), d = read(Map.of("path", "events.parquet", "target", "label", "features", FEATURES));
        assertThat(d.count()).isEqualTo(40);
        assertThat(d.featureShape()).isEqualTo(Shape.of(5));
        assertThat(d.features()).containsExactly(expected.features());
        assertThat(d.targets()).containsExactly(expected.targets());
        Dataset defaulted = read(Map.of("path", "events.parquet", "target", "label"));
        assertThat(defaulted.features()).as("every number column but the target; the text column left out").containsExactly(expected.features());
    }

    @Test
    void textTargetBecomesClassesInOrderOfFirstAppearance() throws IOException {
        events(40);
        Dataset expected = readCsv("species"), d = read(Map.of("path", "events.parquet", "target", "species", "features", FEATURES));
        assertThat(d.targets()).containsExactly(expected.targets());
        assertThat(d.classNames()).isEqualTo(expected.classNames()).hasSize(3);
    }

    /** Several row groups, written with each compression codec that parquet-hadoop offers without Hadoop. */
    @ParameterizedTest
    @EnumSource(value = CompressionCodecName.class, names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "LZ4_RAW"})
    void rowGroupsAreReadOneAfterAnother(CompressionCodecName codec) throws IOException {
        List<Object[]> rows = rows(3000);
        Path file = dir.resolve("groups.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (org.apache.parquet.hadoop.ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(SCHEMA)
                .withCompressionCodec(codec).withRowGroupSize(4096L).build()) {
            for (Object[] row : rows) {
                Group g = groups.newGroup().append("a", (double) row[0]).append("b", (float) row[1]).append("c", (int) row[2])
                        .append("d", (long) row[3]).append("e", (boolean) row[4]).append("species", (String) row[5]).append("label", (int) row[6]);
                w.write(g);
            }
        }
        assertThat(ParquetReader.readMetadata(file.toFile()).getBlocks()).hasSizeGreaterThan(2);
        csv(rows);
        Dataset d = read(Map.of("path", "groups.parquet", "target", "label", "features", FEATURES));
        assertThat(d.features()).containsExactly(readCsv("label").features());
        assertThat(d.targets()).containsExactly(readCsv("label").targets());
        // streamed: the target column read first, the features a row group at a time, the same numbers
        var blocks = ParquetReader.readMetadata(file.toFile()).getBlocks();
        try (Samples streamed = new ParquetDatasetReader().open(new DataSource("parquet", Map.of("path", "groups.parquet", "target", "label",
                "features", FEATURES)), dir, 0)) {
            assertThat(streamed).isNotInstanceOf(Dataset.class);
            assertThat(streamed.chunkRows()).isEqualTo((int) blocks.get(0).getRowCount());
            Dataset loaded = streamed.load();
            assertThat(loaded.features()).containsExactly(d.features());
            assertThat(loaded.targets()).containsExactly(d.targets());
            int from = (int) blocks.get(0).getRowCount() - 3, rows2 = (int) blocks.get(1).getRowCount() + 6; // across two group borders
            float[] x = new float[rows2 * 5], y = new float[rows2];
            streamed.rows(from, from + rows2).copy(0, rows2, x, 0, y, 0);
            assertThat(x).containsExactly(Arrays.copyOfRange(d.features(), from * 5, (from + rows2) * 5));
            assertThat(y).containsExactly(Arrays.copyOfRange(d.targets(), from, from + rows2));
        }
    }

    @Test
    void streamedNullsAreRefusedBeforeTrainingOrDropped() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message t { optional double pt; optional float eta; optional binary kind (STRING); }");
        parquet("nulls.parquet", schema, List.of(new Object[] {1.0, 2f, "a"}, new Object[] {null, 3f, "b"}, new Object[] {4.0, 5f, "a"},
                new Object[] {6.0, Float.NaN, "b"}));
        ParquetDatasetReader reader = new ParquetDatasetReader();
        assertThatThrownBy(() -> reader.open(new DataSource("parquet", Map.of("path", "nulls.parquet", "target", "kind")), dir, 0))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith(dir.resolve("nulls.parquet") + ": sample 1, value 0 is NaN");
        try (Samples kept = reader.open(new DataSource("parquet", Map.of("path", "nulls.parquet", "target", "kind", "nan", "drop")), dir, 0)) {
            Dataset d = kept.load();
            assertThat(d.features()).containsExactly(1, 2, 4, 5);
            assertThat(d.classNames()).containsExactly("a", "b");
        }
    }

    @Test
    void nullsAndNaNAreRefusedNamingRowAndColumnOrDropped() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message t { optional double pt; optional float eta; optional binary kind (STRING); }");
        parquet("nulls.parquet", schema, List.of(new Object[] {1.0, 2f, "a"}, new Object[] {null, 3f, "b"}, new Object[] {4.0, 5f, "a"},
                new Object[] {6.0, Float.NaN, "b"}, new Object[] {7.0, 8f, null}));
        assertThatThrownBy(() -> read(Map.of("path", "nulls.parquet", "target", "kind"))).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("nulls.parquet") + ": row 1, column 'pt' is null (set \"nan\": \"drop\" in the data source to leave such rows out)");
        assertThatThrownBy(() -> read(Map.of("path", "nulls.parquet", "target", "kind", "features", List.of("eta"))))
                .hasMessageStartingWith(dir.resolve("nulls.parquet") + ": row 3, column 'eta' is NaN");
        Dataset kept = read(Map.of("path", "nulls.parquet", "target", "kind", "nan", "drop"));
        assertThat(kept.count()).isEqualTo(2);
        assertThat(kept.features()).containsExactly(1, 2, 4, 5);
        assertThat(kept.targets()).containsExactly(0, 0);
    }

    @Test
    void missingColumnsAreNamedWithTheColumnsThereAre() throws IOException {
        parquet("events.parquet", SCHEMA, rows(5));
        assertThatThrownBy(() -> read(Map.of("path", "events.parquet", "target", "is_signal"))).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("events.parquet") + ": no column named 'is_signal' (columns: a, b, c, d, e, species, label)");
        assertThatThrownBy(() -> read(Map.of("path", "events.parquet", "target", "label", "features", List.of("a", "pt"))))
                .hasMessage(dir.resolve("events.parquet") + ": no column named 'pt' (columns: a, b, c, d, e, species, label)");
        assertThatThrownBy(() -> read(Map.of("path", "events.parquet")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("data source 'parquet' needs the field 'target'");
    }

    @Test
    void aTextFeatureColumnIsRefusedByName() throws IOException {
        parquet("events.parquet", SCHEMA, rows(5));
        assertThatThrownBy(() -> read(Map.of("path", "events.parquet", "target", "label", "features", List.of("a", "species"))))
                .isInstanceOf(DataFormatException.class).hasMessage(dir.resolve("events.parquet")
                        + ": column 'species' is binary (STRING); features must be number columns (int32, int64, float, double, boolean)");
    }

    @Test
    void notParquetTruncatedOrCorrupt() throws IOException {
        Files.writeString(dir.resolve("text.parquet"), "a,b\n1,2\n");
        assertThatThrownBy(() -> read(Map.of("path", "text.parquet", "target", "b"))).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("text.parquet") + ": not a Parquet file (it does not start with PAR1)");
        byte[] good = Files.readAllBytes(parquet("events.parquet", SCHEMA, rows(200)));
        Files.write(dir.resolve("cut.parquet"), Arrays.copyOf(good, good.length - 100));
        assertThatThrownBy(() -> read(Map.of("path", "cut.parquet", "target", "label"))).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("cut.parquet") + ": the Parquet file is truncated (it does not end with PAR1)");
        byte[] footerless = good.clone();
        Arrays.fill(footerless, good.length - 40, good.length - 8, (byte) 0x7f);
        Files.write(dir.resolve("footer.parquet"), footerless);
        assertThatThrownBy(() -> read(Map.of("path", "footer.parquet", "target", "label"))).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(dir.resolve("footer.parquet") + ": the Parquet data is corrupt (");
        byte[] pages = good.clone();
        Arrays.fill(pages, 4, good.length / 2, (byte) 0x55);
        Files.write(dir.resolve("pages.parquet"), pages);
        assertThatThrownBy(() -> read(Map.of("path", "pages.parquet", "target", "label"))).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(dir.resolve("pages.parquet") + ": the Parquet data is corrupt (");
    }

    /**
     * GZIP needs Hadoop's codec classes: refused before reading. parquet-hadoop cannot write it here either, so the codec
     * of an uncompressed file's column is changed in its footer (Thrift compact: after the column's path, field 4, i32 0 to 2).
     */
    @Test
    void compressionThatNeedsHadoopIsRefusedNamingTheColumn() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType("message t { required double zzpt; required int32 label; }");
        Path file = dir.resolve("gzip.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (org.apache.parquet.hadoop.ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
            w.write(groups.newGroup().append("zzpt", 1.0).append("label", 0));
        }
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(bytes).containsOnlyOnce("zzpt\u0015\u0000");
        Files.write(file, bytes.replace("zzpt\u0015\u0000", "zzpt\u0015\u0004").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> read(Map.of("path", "gzip.parquet", "target", "label"))).isInstanceOf(DataFormatException.class)
                .hasMessage(file + ": column 'zzpt' is compressed with GZIP, which this reader cannot read (it reads SNAPPY, ZSTD, LZ4_RAW"
                        + " and uncompressed files; pandas: df.to_parquet(path, compression=\"snappy\"))");
    }

    @Test
    void recognisesTheLastColumnAsTargetAndListsColumns() throws IOException {
        Path file = parquet("events.pq", SCHEMA, rows(5));
        ParquetDatasetReader reader = new ParquetDatasetReader();
        assertThat(reader.recognise(file)).contains(new DataSource("parquet", Map.of("path", file.toString(), "target", "label")));
        assertThat(reader.recognise(dir.resolve("events.csv"))).isEmpty();
        assertThat(reader.contents(file)).containsExactly("a double [5]", "b float [5]", "c int32 [5]", "d int64 [5]", "e boolean [5]",
                "species binary (STRING) [5]", "label int32 [5]");
        Map<String, Object> fields = new HashMap<>(reader.recognise(file).orElseThrow().fields());
        assertThat(DataSources.load(new DataSource("parquet", fields), dir).featureShape()).isEqualTo(Shape.of(5));
    }
}
