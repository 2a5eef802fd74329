package org.layercanvas.formats.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.DatasetReader;

/**
 * Streamed samples ({@link DatasetReader#open}) against the same source read into memory ({@link DatasetReader#read}): bitwise the same
 * rows, whole and by any row range, for the HDF5 files of make_hdf5.py and for .npy files this test writes; and the refusals that
 * streaming adds (NaN found by the opening pass, Fortran order, a truncated file, the "stream" and "shuffle_buffer" fields).
 */
class StreamingReadersTest {
    /** Samples in the .npy files written here: more than one pass of {@link #copiesOfRowRangesAreTheRowsReadIntoMemory}'s ranges. */
    private static final int N = 40;

    @TempDir
    Path dir;

    @BeforeEach
    void writeTestFiles() throws IOException {
        for (String name : List.of("events.h5", "images.h5", "odd.h5")) {
            try (InputStream in = StreamingReadersTest.class.getResourceAsStream("hdf5/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        Random random = new Random(11);
        float[] x = new float[N * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * Math.pow(10, i % 3 * 2 - 2));
        }
        ByteBuffer f32 = little(N * 3 * 4), f64 = little(N * 3 * 8), fortran = little(N * 3 * 4), cube = little(N * 6 * 4), images = little(N * 16);
        for (float v : x) {
            f32.putFloat(v);
        }
        for (int i = 0; i < x.length; i++) {
            f64.putDouble(x[i] * 1.000000001 + i); // values float32 cannot hold: both ways must round them alike
        }
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < N; r++) {
                fortran.putFloat(x[r * 3 + c]);
            }
        }
        for (int i = 0; i < N * 6; i++) {
            cube.putFloat(i * 0.5f - 7);
        }
        for (int i = 0; i < N * 16; i++) {
            images.put((byte) random.nextInt(256));
        }
        writeNpy("x.npy", "<f4", false, f32, N, 3);
        writeNpy("x_f64.npy", "<f8", false, f64, N, 3);
        writeNpy("x_fortran.npy", "<f4", true, fortran, N, 3);
        writeNpy("cube.npy", "<f4", false, cube, N, 2, 3);
        writeNpy("images.npy", "|u1", false, images, N, 1, 4, 4);

        ByteBuffer y = little(N * 8), pairs = little(N * 2 * 4), words = little(N * 5 * 4);
        List<String> names = List.of("muon", "tau", "e", "gamma");
        for (int i = 0; i < N; i++) {
            y.putLong(random.nextInt(3));
            pairs.putFloat(random.nextFloat()).putFloat(-i);
            String w = names.get(random.nextInt(names.size()));
            for (int k = 0; k < 5; k++) {
                words.putInt(k < w.length() ? w.charAt(k) : 0);
            }
        }
        writeNpy("y.npy", "<i8", false, y, N);
        writeNpy("pairs.npy", "<f4", false, pairs, N, 2);
        writeNpy("words.npy", "<U5", false, words, N);

        ByteBuffer nan = f32.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        nan.putFloat((3 * 3 + 1) * 4, Float.NaN);
        writeNpy("x_nan.npy", "<f4", false, nan, N, 3);
    }

    private static ByteBuffer little(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A version 1.0 .npy file of {@code data} with the header numpy writes (padded so that the data starts at a multiple of 64). */
    private void writeNpy(String name, String descr, boolean fortranOrder, ByteBuffer data, int... shape) throws IOException {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + (shape.length == 1 ? "," : "");
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': (" + dims + "), }";
        int length = (10 + dict.length() + 1 + 63) / 64 * 64 - 10;
        byte[] header = (dict + " ".repeat(length - dict.length() - 1) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, (byte) (header.length >> 8)});
        b.writeBytes(header);
        b.write(data.array(), 0, data.capacity());
        Files.write(dir.resolve(name), b.toByteArray());
    }

    private static DataSource source(String type, Object... fields) {
        Map<String, Object> all = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            all.put((String) fields[i], fields[i + 1]);
        }
        return new DataSource(type, all);
    }

    private static DataSource h5(String file, Object features, String labels, Object... more) {
        return source("hdf5", Stream.concat(Stream.of("path", file, "features", features, "labels", labels), Arrays.stream(more)).toArray());
    }

    private static DataSource npy(String features, String labels, Object... more) {
        return source("npy", Stream.concat(Stream.of("features", features, "labels", labels), Arrays.stream(more)).toArray());
    }

    private static DatasetReader reader(DataSource source) {
        return source.type().equals("hdf5") ? new Hdf5DatasetReader() : new NpyDatasetReader();
    }

    static Stream<Arguments> streamable() {
        return Stream.of(
                Arguments.of("hdf5 /x (chunks of 7) with /y", h5("events.h5", "/x", "/y")),
                Arguments.of("hdf5 /x64 (contiguous) with /regression", h5("events.h5", "/x64", "/regression")),
                Arguments.of("hdf5 one column /jets/pt (chunks of 16) with [N, 1] int32 labels", h5("events.h5", "/jets/pt", "/column_label")),
                Arguments.of("hdf5 column list /jets", h5("events.h5", List.of("/jets/pt", "/jets/eta", "/jets/phi"), "/is_signal")),
                Arguments.of("hdf5 compound columns", h5("events.h5", "/table", "/y", "columns", List.of("eta", "flag", "pt"))),
                Arguments.of("hdf5 text labels", h5("events.h5", "/x", "/names")),
                Arguments.of("hdf5 images (chunks of 5)", h5("images.h5", "/images", "/labels")),
                Arguments.of("npy float32", npy("x.npy", "y.npy")),
                Arguments.of("npy float64 with [N, 2] labels", npy("x_f64.npy", "pairs.npy")),
                Arguments.of("npy uint8 images", npy("images.npy", "y.npy")),
                Arguments.of("npy [N, 2, 3] with <U5 labels", npy("cube.npy", "words.npy")),
                Arguments.of("npy with NaN dropped", npy("x_nan.npy", "words.npy", "nan", "drop")),
                Arguments.of("hdf5 with NaN dropped", h5("odd.h5", "/x", "/y", "nan", "drop")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamable")
    void streamedSamplesLoadBitwiseAsReadIntoMemory(String name, DataSource source) throws IOException {
        Dataset expected = reader(source).read(source, dir);
        try (Samples streamed = reader(source).open(source, dir, 0)) {
            assertThat(streamed).isNotInstanceOf(Dataset.class);
            assertThat(streamed.count()).isEqualTo(expected.count());
            assertThat(streamed.featureShape()).isEqualTo(expected.featureShape());
            assertThat(streamed.targetShape()).isEqualTo(expected.targetShape());
            assertThat(streamed.classNames()).isEqualTo(expected.classNames());
            Dataset loaded = streamed.load();
            assertThat(bits(loaded.features())).isEqualTo(bits(expected.features()));
            assertThat(bits(loaded.targets())).isEqualTo(bits(expected.targets()));
            assertThat(loaded.count()).isEqualTo(expected.count());
            assertThat(loaded.featureShape()).isEqualTo(expected.featureShape());
            assertThat(loaded.targetShape()).isEqualTo(expected.targetShape());
            assertThat(loaded.classNames()).isEqualTo(expected.classNames());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streamable")
    void copiesOfRowRangesAreTheRowsReadIntoMemory(String name, DataSource source) throws IOException {
        Dataset expected = reader(source).read(source, dir);
        int n = expected.count();
        try (Samples streamed = reader(source).open(source, dir, 0)) {
            // ranges that start and end inside chunks of 5 and 7 rows and cross their borders, single rows, the last rows
            for (int[] r : new int[][] {{5, 13}, {3, 11}, {0, 1}, {6, 8}, {13, 14}, {n - 1, n}, {n - 9, n}, {0, n}, {2, n - 3}}) {
                int from = r[0], to = r[1];
                if (from < 0 || to > n || from >= to) {
                    continue; // a range for more rows than this source has
                }
                Dataset slice = expected.slice(from, to);
                assertRows(streamed, 0, to - from, slice, "copy " + from + ".." + to, from);
                Samples view = streamed.rows(from, to);
                assertThat(view.count()).isEqualTo(to - from);
                assertThat(view.chunkRows()).isEqualTo(streamed.chunkRows());
                assertRows(view, 0, to - from, slice, "rows(" + from + ", " + to + ")", 0);
                assertThat(bits(view.load().features())).isEqualTo(bits(slice.features()));
                if (to - from > 3) { // a view of a view
                    assertRows(view.rows(1, to - from - 1), 0, to - from - 2, slice.slice(1, to - from - 1), "rows of rows(" + from + ", " + to + ")", 0);
                }
            }
            // targets alone and features alone
            float[] y = new float[3 * expected.targetShape().size()], x = new float[3 * expected.featureShape().size()];
            streamed.copy(n - 3, 3, null, 0, y, 0);
            streamed.copy(n - 3, 3, x, 0, null, 0);
            assertThat(bits(y)).isEqualTo(bits(expected.slice(n - 3, n).targets()));
            assertThat(bits(x)).isEqualTo(bits(expected.slice(n - 3, n).features()));
            assertThatThrownBy(() -> streamed.rows(2, n + 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> streamed.rows(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    /**
     * {@code samples.copy(from, rows, ...)} against {@code expected}, the rows once at the start of the arrays and once at offsets that are no
     * multiple of a row's values (the interface places rows at any index), with the values around them untouched.
     */
    private static void assertRows(Samples samples, int from, int rows, Dataset expected, String what, int at) {
        int f = samples.featureShape().size(), t = samples.targetShape().size();
        float[] x = new float[rows * f], y = new float[rows * t];
        samples.copy(at + from, rows, x, 0, y, 0);
        assertThat(bits(x)).as(what + " features").isEqualTo(bits(expected.features()));
        assertThat(bits(y)).as(what + " targets").isEqualTo(bits(expected.targets()));
        float[] xs = new float[rows * f + 4], ys = new float[rows * t + 4];
        Arrays.fill(xs, -42);
        Arrays.fill(ys, -42);
        samples.copy(at + from, rows, xs, 3, ys, 1);
        assertThat(bits(Arrays.copyOfRange(xs, 3, 3 + rows * f))).as(what + " features at 3").isEqualTo(bits(expected.features()));
        assertThat(bits(Arrays.copyOfRange(ys, 1, 1 + rows * t))).as(what + " targets at 1").isEqualTo(bits(expected.targets()));
        assertThat(new float[] {xs[0], xs[1], xs[2], xs[3 + rows * f], ys[0], ys[1 + rows * t]}).as(what + " around").containsOnly(-42);
    }

    /** The values' bits, so that NaN and -0 compare exactly and a failure shows the index. */
    private static List<Integer> bits(float[] values) {
        return IntStream.range(0, values.length).mapToObj(i -> Float.floatToRawIntBits(values[i])).toList();
    }

    @Test
    void chunkRowsAreTheHdf5ChunksFirstDimension() throws IOException {
        try (Samples x = new Hdf5DatasetReader().open(h5("events.h5", "/x", "/y"), dir, 0);
             Samples images = new Hdf5DatasetReader().open(h5("images.h5", "/images", "/labels"), dir, 0);
             Samples jets = new Hdf5DatasetReader().open(h5("events.h5", List.of("/jets/pt", "/jets/eta"), "/y"), dir, 0)) {
            assertThat(x.chunkRows()).isEqualTo(7);
            assertThat(images.chunkRows()).isEqualTo(5);
            assertThat(jets.chunkRows()).isEqualTo(16);
            assertThat(x.rows(3, 20).chunkRows()).isEqualTo(7);
        }
        try (Samples contiguous = new NpyDatasetReader().open(npy("x.npy", "y.npy"), dir, 0)) {
            assertThat(contiguous.chunkRows()).isPositive();
        }
    }

    @Test
    void nanIsFoundWhenOpeningAndRefusedNamingFileAndSample() {
        assertThatThrownBy(() -> new NpyDatasetReader().open(npy("x_nan.npy", "y.npy"), dir, 0)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("x_nan.npy") + ": sample 3, value 1 is NaN (set \"nan\": \"drop\" in the data source to leave such samples out)");
        assertThatThrownBy(() -> new Hdf5DatasetReader().open(h5("odd.h5", "/x", "/y"), dir, 0)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(dir.resolve("odd.h5") + " dataset '/x': sample 1, value 1 is NaN");
    }

    @Test
    void droppedSamplesAreLeftOutOfEveryRowRange() throws IOException {
        DataSource source = npy("x_nan.npy", "y.npy", "nan", "drop");
        Dataset all = new NpyDatasetReader().read(npy("x.npy", "y.npy"), dir);
        try (Samples streamed = new NpyDatasetReader().open(source, dir, 0)) {
            assertThat(streamed.count()).isEqualTo(N - 1);
            // rows 2..6 of the kept samples are file rows 2, 4, 5, 6, 7: sample 3 is gone
            float[] x = new float[5 * 3];
            streamed.copy(2, 5, x, 0, null, 0);
            float[] expected = new float[5 * 3];
            int k = 0;
            for (int row : new int[] {2, 4, 5, 6, 7}) {
                System.arraycopy(all.features(), row * 3, expected, 3 * k++, 3);
            }
            assertThat(bits(x)).isEqualTo(bits(expected));
            assertThat(bits(streamed.rows(3, 4).load().features())).isEqualTo(bits(Arrays.copyOfRange(all.features(), 4 * 3, 5 * 3)));
        }
    }

    @Test
    void fortranOrderIsRefusedForStreamingButReadIntoMemory() throws IOException {
        NpyDatasetReader reader = new NpyDatasetReader();
        assertThatThrownBy(() -> reader.open(npy("x_fortran.npy", "y.npy"), dir, 0)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(dir.resolve("x_fortran.npy") + ": cannot be streamed").hasMessageContaining("Fortran order")
                .hasMessageContaining("\"stream\": false");
        Dataset fortran = reader.read(npy("x_fortran.npy", "y.npy"), dir), c = reader.read(npy("x.npy", "y.npy"), dir);
        assertThat(bits(fortran.features())).isEqualTo(bits(c.features()));
    }

    @Test
    void aTruncatedNpyIsRefusedWhenOpened() throws IOException {
        byte[] x = Files.readAllBytes(dir.resolve("x.npy"));
        Files.write(dir.resolve("cut.npy"), Arrays.copyOf(x, x.length - 20));
        assertThatThrownBy(() -> new NpyDatasetReader().open(npy("cut.npy", "y.npy"), dir, 0)).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("cut.npy") + ": the header's shape [40, 3] of float32 promises 480 bytes of data after 128 header bytes,"
                        + " but the file has 460 (is it truncated?)");
    }

    @Test
    void streamTrueOnAReaderThatCannotStreamIsRefused() throws IOException {
        Files.writeString(dir.resolve("data.csv"), "a,b,y\n1,2,0\n3,4,1\n");
        assertThatThrownBy(() -> DataSources.open(source("csv", "path", "data.csv", "target", "y", "stream", true), dir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("data source 'csv': ")
                .hasMessageContaining("reads its files whole, so \"stream\": true cannot apply");
        try (Samples whole = DataSources.open(source("csv", "path", "data.csv", "target", "y"), dir)) {
            assertThat(whole).isInstanceOf(Dataset.class);
            assertThat(whole.count()).isEqualTo(2);
        }
    }

    @Test
    void badStreamAndShuffleBufferFieldsAreRefusedNamingTheField() {
        for (Object bad : new Object[] {"yes", 1, "true"}) {
            assertThatThrownBy(() -> DataSources.open(npy("x.npy", "y.npy", "stream", bad), dir)).as("stream %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'stream' must be true or false");
        }
        for (Object bad : new Object[] {0, -5, 2.5, "big", 0L, 1e12, true}) {
            assertThatThrownBy(() -> DataSources.open(npy("x.npy", "y.npy", "stream", true, "shuffle_buffer", bad), dir)).as("shuffle_buffer %s", bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'shuffle_buffer' must be a number of rows (1 or more)");
        }
    }

    @Test
    void streamFalseReadsIntoMemoryAndStreamTrueStreamsWithTheShuffleBuffer() throws IOException {
        Dataset expected = new NpyDatasetReader().read(npy("x.npy", "y.npy"), dir);
        try (Samples whole = DataSources.open(npy("x.npy", "y.npy", "stream", false), dir)) {
            assertThat(whole).isInstanceOf(Dataset.class);
            assertThat(bits(whole.load().features())).isEqualTo(bits(expected.features()));
        }
        try (Samples automatic = DataSources.open(h5("events.h5", "/x", "/y"), dir)) {
            assertThat(automatic).as("small data is read into memory unless the source says otherwise").isInstanceOf(Dataset.class);
        }
        try (Samples automatic = DataSources.open(npy("x.npy", "y.npy", "shuffle_buffer", 8), dir)) {
            assertThat(automatic).as("small data is read into memory unless the source says otherwise").isInstanceOf(Dataset.class);
            assertThat(bits(automatic.load().features())).isEqualTo(bits(expected.features()));
        }
        for (Object buffer : new Object[] {16, 16L, 16.0}) {
            try (Samples streamed = DataSources.open(npy("x.npy", "y.npy", "stream", true, "shuffle_buffer", buffer), dir)) {
                assertThat(streamed).isNotInstanceOf(Dataset.class);
                assertThat(streamed.shuffleRows()).isEqualTo(16);
                assertThat(streamed.rows(4, 30).shuffleRows()).isEqualTo(16);
                assertThat(bits(streamed.load().features())).isEqualTo(bits(expected.features()));
                assertThat(bits(streamed.rows(5, 13).load().targets())).isEqualTo(bits(expected.slice(5, 13).targets()));
            }
        }
        try (Samples streamed = DataSources.open(h5("images.h5", "/images", "/labels", "stream", true), dir)) {
            assertThat(streamed).isNotInstanceOf(Dataset.class);
            assertThat(streamed.chunkRows()).isEqualTo(5);
            assertThat(streamed.shuffleRows()).isPositive();
        }
    }

    @Test
    void streamTrueRefusesWhatOpeningRefuses() {
        assertThatThrownBy(() -> DataSources.open(npy("x_nan.npy", "y.npy", "stream", true), dir)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(dir.resolve("x_nan.npy") + ": sample 3, value 1 is NaN");
        assertThatThrownBy(() -> DataSources.open(npy("x_fortran.npy", "y.npy", "stream", true), dir)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Fortran order");
    }
}
