package org.layercanvas.formats.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.spi.DataFormatException;

/** The .npy and .npz readers on files written by numpy (npy/make_npy.py), checked bitwise against the CSV reader on the same numbers. */
class NumpyReadersTest {
    private static final Path NPY = resources();

    @TempDir
    Path dir;

    private static Path resources() {
        try {
            return Path.of(NumpyReadersTest.class.getResource("npy/make_npy.py").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Dataset csv(String target) throws IOException {
        return DataSources.load(new DataSource("csv", Map.of("path", "data.csv", "target", target, "features", List.of("a", "b", "c"))), NPY);
    }

    private static Dataset npy(String features, String labels) throws IOException {
        return DataSources.load(new DataSource("npy", Map.of("features", features, "labels", labels)), NPY);
    }

    private static Dataset npz(String file, String features, String labels) throws IOException {
        return DataSources.load(new DataSource("npz", Map.of("path", file, "features", features, "labels", labels)), NPY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.npy", "x_f64.npy", "x_big_endian.npy", "x_f64_big_endian.npy", "x_fortran.npy", "x_v2.npy", "x_v3.npy"})
    void featuresAreBitwiseTheCsvReadersNumbers(String file) throws IOException {
        Dataset expected = csv("label"), d = npy(file, "y.npy");
        assertThat(d.featureShape()).isEqualTo(Shape.of(3));
        assertThat(d.count()).isEqualTo(12);
        assertThat(d.features()).containsExactly(expected.features());
        assertThat(d.targets()).containsExactly(expected.targets());
        assertThat(d.classNames()).isEmpty();
    }

    @Test
    void textLabelsBecomeClassesInOrderOfFirstAppearance() throws IOException {
        Dataset expected = csv("species"), d = npy("x.npy", "species.npy");
        assertThat(d.targets()).containsExactly(expected.targets());
        assertThat(d.classNames()).isEqualTo(expected.classNames()).hasSize(3);
    }

    @Test
    void npzMembersStoredOrCompressedAreTheCsvReadersNumbers() throws IOException {
        Dataset numbers = npz("data.npz", "x", "y.npy"), compressed = npz("data_compressed.npz", "x.npy", "labels");
        assertThat(numbers.features()).containsExactly(csv("label").features());
        assertThat(numbers.targets()).containsExactly(csv("label").targets());
        assertThat(compressed.features()).containsExactly(csv("species").features());
        assertThat(compressed.targets()).containsExactly(csv("species").targets());
        assertThat(compressed.classNames()).isEqualTo(csv("species").classNames());
    }

    @Test
    void everyIntegerAndBooleanTypeReadsTheSameValues() throws IOException {
        float[] expected = npz("dtypes.npz", "i8", "y").features();
        assertThat(expected).contains(0, 1, 2, 3, 100, 127);
        for (String type : List.of("i1", "i2", "i4", "i2_be", "i8_be", "u1", "u2", "u4", "u8", "u4_be")) {
            assertThat(npz("dtypes.npz", type, "y").features()).as(type).containsExactly(expected);
        }
        float[] bools = npz("dtypes.npz", "b1", "y").features();
        for (int i = 0; i < bools.length; i++) {
            assertThat(bools[i]).isEqualTo(expected[i] != 0 ? 1 : 0);
        }
    }

    @Test
    void imagesKeepTheirShapeAndByteValues() throws IOException {
        Dataset d = npy("images.npy", "y.npy");
        assertThat(d.featureShape()).isEqualTo(Shape.of(1, 4, 4));
        byte[] file = Files.readAllBytes(NPY.resolve("images.npy"));
        for (int i = 0; i < d.features().length; i++) {
            assertThat(d.features()[i]).isEqualTo(file[file.length - d.features().length + i] & 0xFF);
        }
    }

    @Test
    void fortranOrderIsTransposedForThreeDimensions() throws IOException {
        Dataset c = npy("cube.npy", "y.npy"), fortran = npy("cube_fortran.npy", "y.npy");
        assertThat(fortran.featureShape()).isEqualTo(Shape.of(2, 3));
        assertThat(fortran.features()).containsExactly(c.features());
    }

    /** Files beyond 2 GB need several mappings: small windows take the same path on small files. */
    @ParameterizedTest
    @ValueSource(strings = {"x.npy", "x_f64.npy", "cube_fortran.npy", "species.npy"})
    void smallMappingWindowsReadTheSameArray(String file) throws IOException {
        Path path = NPY.resolve(file);
        NpyArray.Header h = NpyArray.header(path);
        NpyArray whole = NpyArray.read(path, h, NpyArray.WINDOW), windows = NpyArray.read(path, h, 8);
        assertThat(windows.values()).isEqualTo(whole.values());
        assertThat(windows.texts()).isEqualTo(whole.texts());
    }

    @Test
    void recognisesPairsBesideEachOther() throws IOException {
        for (String name : List.of("x.npy", "y.npy", "species.npy")) {
            Files.copy(NPY.resolve(name), dir.resolve(name));
        }
        Files.copy(NPY.resolve("x.npy"), dir.resolve("X_train.npy"));
        Files.copy(NPY.resolve("y.npy"), dir.resolve("y_train.npy"));
        NpyDatasetReader reader = new NpyDatasetReader();
        DataSource pair = new DataSource("npy", Map.of("features", dir.resolve("x.npy").toString(), "labels", dir.resolve("y.npy").toString()));
        assertThat(reader.recognise(dir.resolve("x.npy"))).contains(pair);
        assertThat(reader.recognise(dir.resolve("y.npy"))).contains(pair);
        assertThat(reader.recognise(dir.resolve("X_train.npy")).orElseThrow().fields())
                .containsEntry("labels", dir.resolve("y_train.npy").toString());
        Files.copy(NPY.resolve("x.npy"), dir.resolve("higgs_x.npy"));
        Files.copy(NPY.resolve("y.npy"), dir.resolve("higgs_y.npy"));
        assertThat(reader.recognise(dir.resolve("higgs_x.npy")).orElseThrow().fields())
                .as("a shared prefix pairs as a shared suffix does").containsEntry("labels", dir.resolve("higgs_y.npy").toString());
        assertThat(reader.recognise(dir.resolve("data.csv"))).isEmpty();
        Files.delete(dir.resolve("y.npy"));
        assertThatThrownBy(() -> reader.recognise(dir.resolve("x.npy"))).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("x.npy") + ": no labels file beside it (looked for y.npy, labels.npy, targets.npy, target.npy)");
    }

    @Test
    void recognisesNpzMembers() throws IOException {
        NpzDatasetReader reader = new NpzDatasetReader();
        assertThat(reader.recognise(NPY.resolve("data_compressed.npz")).orElseThrow().fields())
                .isEqualTo(Map.of("path", NPY.resolve("data_compressed.npz").toString(), "features", "x", "labels", "labels"));
        assertThat(reader.recognise(NPY.resolve("x.npy"))).isEmpty();
        assertThatThrownBy(() -> reader.recognise(NPY.resolve("dtypes.npz"))).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("dtypes.npz: no members named like features (x, features, data, inputs) and labels (y, labels, targets, target) (members: ");
    }

    @Test
    void contentsListEachArrayWithTypeAndShape() throws IOException {
        assertThat(new NpyDatasetReader().contents(NPY.resolve("x.npy"))).containsExactly("x float32 [12, 3]");
        assertThat(new NpyDatasetReader().contents(NPY.resolve("x_fortran.npy"))).containsExactly("x_fortran float32 [12, 3] (Fortran order)");
        assertThat(new NpyDatasetReader().contents(NPY.resolve("species.npy"))).containsExactly("species <U10 [12]");
        assertThat(new NpyDatasetReader().contents(NPY.resolve("objects.npy"))).containsExactly("objects |O [3]");
        assertThat(new NpzDatasetReader().contents(NPY.resolve("data.npz"))).containsExactly("x float32 [12, 3]", "y int64 [12]");
        assertThat(new NpzDatasetReader().contents(NPY.resolve("data.csv"))).isEmpty();
    }

    @Test
    void nonFiniteValuesAreRefusedNamingTheSampleOrDropped() throws IOException {
        assertThatThrownBy(() -> npy("x_nan.npy", "y.npy")).isInstanceOf(DataFormatException.class)
                .hasMessage(NPY.resolve("x_nan.npy") + ": sample 4, value 1 is NaN (set \"nan\": \"drop\" in the data source to leave such samples out)");
        Dataset dropped = DataSources.load(new DataSource("npy", Map.of("features", "x_nan.npy", "labels", "y.npy", "nan", "drop")), NPY);
        assertThat(dropped.count()).isEqualTo(11);
        assertThatThrownBy(() -> DataSources.load(new DataSource("npy", Map.of("features", "x.npy", "labels", "y.npy", "nan", "zero")), NPY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nan' must be \"refuse\" or \"drop\"");
    }

    @Test
    void notAnNpyFile() {
        assertThatThrownBy(() -> npy("data.csv", "y.npy")).isInstanceOf(DataFormatException.class)
                .hasMessage(NPY.resolve("data.csv") + ": not a NumPy .npy array (it does not start with \\x93NUMPY)");
    }

    @Test
    void truncatedDataOrHeader() throws IOException {
        byte[] x = Files.readAllBytes(NPY.resolve("x.npy"));
        Files.write(dir.resolve("cut.npy"), Arrays.copyOf(x, x.length - 72));
        Files.write(dir.resolve("short.npy"), Arrays.copyOf(x, 40));
        Files.write(dir.resolve("long.npy"), Arrays.copyOf(x, x.length + 4));
        Files.copy(NPY.resolve("y.npy"), dir.resolve("y.npy"));
        assertThatThrownBy(() -> read("cut.npy")).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("cut.npy") + ": the header's shape [12, 3] of float32 promises 144 bytes of data after 128 header bytes,"
                        + " but the file has 72 (is it truncated?)");
        assertThatThrownBy(() -> read("short.npy")).hasMessage(dir.resolve("short.npy") + ": the .npy header is truncated (30 of 118 bytes)");
        assertThatThrownBy(() -> read("long.npy")).hasMessageEndingWith("but the file has 148 (is the shape right?)");
    }

    @Test
    void aShapeThatPromisesMoreThanTheFileHolds() throws IOException {
        write("more.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (12, 30), }", 144);
        assertThatThrownBy(() -> read("more.npy")).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("more.npy: the header's shape [12, 30] of float32 promises 1440 bytes of data");
    }

    @Test
    void anOverflowingShapeIsRefusedBeforeAllocating() throws IOException {
        write("huge.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4000000000, 100), }", 16);
        assertThatThrownBy(() -> read("huge.npy")).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("huge.npy") + ": the header's shape [4000000000, 100] holds more than 2147483639 values, more than one array can hold");
        write("nonsense.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (-3, 2), }", 16);
        assertThatThrownBy(() -> read("nonsense.npy")).hasMessageContaining("has \"-3\" for dimension 0");
        write("nodescr.npy", "{'fortran_order': False, 'shape': (2, 2), }", 16);
        assertThatThrownBy(() -> read("nodescr.npy")).hasMessageContaining("the .npy header has no readable 'descr'");
    }

    @Test
    void unsupportedAndObjectTypesAreRefused() {
        assertThatThrownBy(() -> npy("complex.npy", "y.npy")).isInstanceOf(DataFormatException.class)
                .hasMessage(NPY.resolve("complex.npy") + ": dtype \"<c8\" is not supported (float32/64, int8..64, uint8..64, bool and <U/|S strings)");
        assertThatThrownBy(() -> npy("x.npy", "objects.npy")).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(NPY.resolve("objects.npy") + ": holds Python objects (dtype \"|O\"), stored as a pickle, which is never loaded");
        assertThatThrownBy(() -> npy("species.npy", "y.npy")).hasMessageEndingWith("holds strings (dtype <U10); features must be numbers");
    }

    @Test
    void featuresAndLabelsOfDifferentLengths() {
        assertThatThrownBy(() -> npy("x.npy", "y_short.npy")).isInstanceOf(DataFormatException.class)
                .hasMessage(NPY.resolve("y_short.npy") + ": has 11 labels (shape [11]) but " + NPY.resolve("x.npy") + " has 12 samples");
    }

    @Test
    void badNpzArchives() throws IOException {
        assertThatThrownBy(() -> npz("data.npz", "x", "z")).isInstanceOf(DataFormatException.class)
                .hasMessage(NPY.resolve("data.npz") + ": no member 'z' (members: x, y)");
        byte[] npz = Files.readAllBytes(NPY.resolve("data.npz"));
        Files.write(dir.resolve("cut.npz"), Arrays.copyOf(npz, npz.length / 2));
        assertThatThrownBy(() -> DataSources.load(new DataSource("npz", Map.of("path", "cut.npz", "features", "x", "labels", "y")), dir))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith(dir.resolve("cut.npz") + ": not a readable .npz (zip) archive: ");
        assertThatThrownBy(() -> npz("dtypes.npz", "x", "y")).hasMessageContaining("dtypes.npz: no member 'x' (members: ");
    }

    private Dataset read(String features) throws IOException {
        return DataSources.load(new DataSource("npy", Map.of("features", features, "labels", "y.npy")), dir);
    }

    /** A version 1.0 .npy file with this header dict and {@code dataBytes} zero bytes of data. */
    private void write(String name, String dict, int dataBytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        b.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, (byte) (header.length >> 8)});
        b.writeBytes(header);
        b.writeBytes(new byte[dataBytes]);
        Files.write(dir.resolve(name), b.toByteArray());
        if (!Files.exists(dir.resolve("y.npy"))) {
            Files.copy(NPY.resolve("y.npy"), dir.resolve("y.npy"));
        }
    }
}
