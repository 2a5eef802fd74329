package org.layercanvas.formats.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.spi.DataFormatException;

/** The files come from hdf5/make_hdf5.py (h5py); events.csv holds the same numbers as events.h5. */
class Hdf5DatasetReaderTest {
    @TempDir
    Path dir;

    private final Hdf5DatasetReader reader = new Hdf5DatasetReader();

    @BeforeEach
    void copyTestFiles() throws IOException {
        for (String name : List.of("events.h5", "events.csv", "images.h5", "odd.h5")) {
            try (InputStream in = Hdf5DatasetReaderTest.class.getResourceAsStream("hdf5/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
    }

    private Dataset read(String file, Object features, String labels, Object... more) throws IOException {
        Map<String, Object> fields = new HashMap<>(Map.of("path", file, "features", features, "labels", labels));
        for (int i = 0; i < more.length; i += 2) {
            fields.put((String) more[i], more[i + 1]);
        }
        return DataSources.load(new DataSource("hdf5", fields), dir);
    }

    private Dataset csv(Object... fields) throws IOException {
        Map<String, Object> all = new HashMap<>(Map.of("path", "events.csv", "target", "y"));
        for (int i = 0; i < fields.length; i += 2) {
            all.put((String) fields[i], fields[i + 1]);
        }
        return DataSources.load(new DataSource("csv", all), dir);
    }

    @Test
    void chunkedGzipFloat32FeaturesAndInt64LabelsAreBitwiseTheCsvReadersNumbers() throws IOException {
        Dataset h5 = read("events.h5", "/x", "/y"), csv = csv();
        assertThat(h5.count()).isEqualTo(40);
        assertThat(h5.featureShape()).isEqualTo(Shape.of(5));
        assertThat(h5.targetShape()).isEqualTo(Shape.of(1));
        assertThat(h5.features()).containsExactly(csv.features());
        assertThat(h5.targets()).containsExactly(csv.targets());
        assertThat(h5.classNames()).isEmpty();
        assertThat(read("events.h5", "/x64", "/y").features()).containsExactly(csv.features());
    }

    @Test
    void textLabelsBecomeClassIndicesInOrderOfFirstAppearance() throws IOException {
        Dataset fixed = read("events.h5", "/x", "/names"), variable = read("events.h5", "/x", "/kinds");
        assertThat(fixed.classNames()).containsExactly("muon", "tau", "electron");
        assertThat(variable.classNames()).isEqualTo(fixed.classNames());
        assertThat(variable.targets()).containsExactly(fixed.targets());
        // make_hdf5.py names class 0 muon, 1 electron, 2 tau
        float[] y = csv().targets(), expected = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            expected[i] = fixed.classNames().indexOf(List.of("muon", "electron", "tau").get((int) y[i]));
        }
        assertThat(fixed.targets()).containsExactly(expected);
    }

    @Test
    void labelShapes() throws IOException {
        Dataset csv = csv();
        Dataset column = read("events.h5", "/x", "/column_label");
        assertThat(column.targetShape()).isEqualTo(Shape.of(1));
        assertThat(column.targets()).containsExactly(csv.targets());
        Dataset regression = read("events.h5", "/x", "/regression");
        assertThat(regression.targetShape()).isEqualTo(Shape.of(2));
        assertThat(regression.targets()[3]).isEqualTo(csv.features()[5 + 1] * 2);
        Dataset bool = read("events.h5", "/x", "/is_signal");
        for (int i = 0; i < csv.count(); i++) {
            assertThat(bool.targets()[i]).isEqualTo(csv.targets()[i] == 1 ? 1f : 0f);
        }
    }

    @Test
    void columnDatasetsAndCompoundMembersAreStackedIntoFeatures() throws IOException {
        Dataset csv = csv("features", List.of("a", "b", "c"));
        Dataset columns = read("events.h5", List.of("/jets/pt", "/jets/eta", "/jets/phi"), "/y");
        assertThat(columns.featureShape()).isEqualTo(Shape.of(3));
        assertThat(columns.features()).containsExactly(csv.features());
        Dataset table = read("events.h5", "/table", "/y", "columns", List.of("pt", "eta", "flag"));
        assertThat(table.featureShape()).isEqualTo(Shape.of(3));
        for (int i = 0; i < csv.count(); i++) {
            assertThat(Arrays.copyOfRange(table.features(), 3 * i, 3 * i + 3))
                    .containsExactly(csv.features()[3 * i], csv.features()[3 * i + 1], csv.targets()[i]);
        }
    }

    @Test
    void imagesKeepTheirShapeAndEveryNumericTypeReadsAsJhdfReadsIt() throws IOException {
        Dataset images = read("images.h5", "/images", "/labels");
        assertThat(images.featureShape()).isEqualTo(Shape.of(1, 8, 8));
        assertThat(images.targets()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1);
        assertThat(images.features()).containsExactly(jhdf("images.h5", "/images"));
        for (String type : List.of("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "float16", "float32", "float64")) {
            assertThat(read("images.h5", "/types/" + type, "/types/" + type).features()).as(type).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 127);
        }
        assertThat(read("images.h5", "/types/signed", "/types/signed").features()).containsExactly(jhdf("images.h5", "/types/signed"));
    }

    /** jHDF's own reading of a dataset (as a double[] copy, which the reader avoids), as floats. */
    private float[] jhdf(String file, String path) throws IOException {
        try (HdfFile h5 = new HdfFile(dir.resolve(file))) {
            Object flat = h5.getDatasetByPath(path).getDataFlat();
            int n = java.lang.reflect.Array.getLength(flat);
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                out[i] = ((Number) java.lang.reflect.Array.get(flat, i)).floatValue();
            }
            return out;
        }
    }

    @Test
    void recognisesLabelsByNameAndTheLargestNumericDatasetOfAsManySamples() throws IOException {
        assertThat(reader.recognise(dir.resolve("events.h5")).orElseThrow().fields())
                .containsEntry("features", "/x").containsEntry("labels", "/y").containsEntry("path", dir.resolve("events.h5").toString());
        assertThat(reader.recognise(dir.resolve("images.h5")).orElseThrow().fields())
                .containsEntry("features", "/images").containsEntry("labels", "/labels");
        assertThat(reader.recognise(dir.resolve("events.csv"))).isEmpty();
        Path unlabelled = dir.resolve("unlabelled.hdf5");
        try (WritableHdfFile out = HdfFile.write(unlabelled)) {
            out.putDataset("data", new float[][] {{1, 2}, {3, 4}});
        }
        assertThatThrownBy(() -> reader.recognise(unlabelled)).isInstanceOf(DataFormatException.class)
                .hasMessage(unlabelled + ": found no labels to train on: no dataset named y, label, labels, target, targets, class, is_signal"
                        + " with a numeric dataset of as many samples beside it (datasets: /data float32 [2, 2])");
    }

    @Test
    void contentsListEveryDatasetWithTypeAndShape() throws IOException {
        assertThat(reader.contents(dir.resolve("events.h5"))).contains("/x float32 [40, 5]", "/y int64 [40]", "/names string [40]",
                "/kinds string [40]", "/jets/pt float32 [40]", "/is_signal bool [40]", "/table compound {pt float32, eta float64, flag int8} [40]");
        assertThat(reader.contents(dir.resolve("odd.h5"))).contains("/scalar float32 scalar", "/empty float32 [0, 2]", "/opaque opaque [4]");
        assertThat(reader.pathFields()).containsExactly("path");
    }

    @Test
    void aFileThatIsNotHdf5OrIsCutShortIsNamed() throws IOException {
        Files.copy(dir.resolve("events.csv"), dir.resolve("text.h5"));
        assertThatThrownBy(() -> read("text.h5", "/x", "/y")).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("text.h5") + ": not an HDF5 file, or a damaged one (No valid HDF5 signature found)");
        byte[] good = Files.readAllBytes(dir.resolve("events.h5"));
        for (int length : new int[] {10, 100, good.length / 2, good.length - 200}) {
            Files.write(dir.resolve("cut.h5"), Arrays.copyOf(good, length));
            assertThatThrownBy(() -> read("cut.h5", "/x", "/y")).as("cut at %d bytes", length).isInstanceOf(DataFormatException.class)
                    .hasMessageStartingWith(dir.resolve("cut.h5") + ": ");
        }
    }

    @Test
    void missingDatasetsAndGroupsAreExplainedWithWhatTheFileHolds() {
        Path odd = dir.resolve("odd.h5");
        assertThatThrownBy(() -> read("odd.h5", "/nothing", "/y")).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(odd + ": no dataset '/nothing' (datasets: /cols/a float32 [4], /cols/b float32 [3], ");
        assertThatThrownBy(() -> read("events.h5", "/x", "/jets"))
                .hasMessage(dir.resolve("events.h5") + ": '/jets' is a group, not a dataset (datasets in it: /jets/eta float32 [40], "
                        + "/jets/phi float32 [40], /jets/pt float32 [40])");
    }

    @Test
    void badShapesAndTypesAreRefusedNamingTheDataset() {
        String odd = dir.resolve("odd.h5").toString();
        assertThatThrownBy(() -> read("odd.h5", "/three", "/y"))
                .hasMessage(odd + ": dataset '/y' (labels) has 4 samples but dataset '/three' (features) has 3");
        assertThatThrownBy(() -> read("odd.h5", List.of("/cols/a", "/cols/b"), "/y"))
                .hasMessage(odd + " dataset '/cols/b' has 3 values but '/cols/a' has 4: feature columns must be of equal length");
        assertThatThrownBy(() -> read("odd.h5", "/scalar", "/y"))
                .hasMessage(odd + " dataset '/scalar' is a single value (a scalar), not samples [N, ...]");
        assertThatThrownBy(() -> read("odd.h5", "/empty", "/y")).hasMessage(odd + " dataset '/empty' is empty: its shape is [0, 2]");
        assertThatThrownBy(() -> read("odd.h5", "/opaque", "/y"))
                .hasMessage(odd + " dataset '/opaque' holds opaque values; features must be numbers (float, int, uint or bool)");
        assertThatThrownBy(() -> read("odd.h5", "/compound", "/y")).hasMessage(odd + " dataset '/compound' holds compound {a float32, b int32} values;"
                + " features must be numbers (float, int, uint or bool) (pick its numeric members with \"columns\": a, b)");
        assertThatThrownBy(() -> read("events.h5", "/names", "/y")).hasMessageContaining("dataset '/names' holds string values; features must be numbers");
        assertThatThrownBy(() -> read("events.h5", "/table", "/y", "columns", List.of("pt", "mass")))
                .hasMessage(dir.resolve("events.h5") + " dataset '/table' has no member 'mass' (members: pt, eta, flag)");
        assertThatThrownBy(() -> read("events.h5", "/x", "/y", "columns", List.of("pt")))
                .hasMessage(dir.resolve("events.h5") + " dataset '/x' is float32: 'columns' picks members of a compound dataset [N]");
    }

    @Test
    void aDatasetTooLargeForMemoryIsRefusedBeforeAllocating() {
        // odd.h5's /huge claims 100000000 x 100 float32 values (40 GB) but holds none
        assertThatThrownBy(() -> read("odd.h5", "/huge", "/huge_y")).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("odd.h5") + " dataset '/huge': 100000000 samples of 100 values are more than the 2147483639 values"
                        + " one dataset may hold in memory");
    }

    @Test
    void nonFiniteFeaturesAreRefusedNamingTheSampleOrDropped() throws IOException {
        assertThatThrownBy(() -> read("odd.h5", "/x", "/y")).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("odd.h5") + " dataset '/x': sample 1, value 1 is NaN (set \"nan\": \"drop\" in the data source to leave such samples out)");
        Dataset kept = read("odd.h5", "/x", "/y", "nan", "drop");
        assertThat(kept.count()).isEqualTo(3);
        assertThat(kept.features()).containsExactly(1, 2, 5, 6, 7, 8);
        assertThat(kept.targets()).containsExactly(0, 2, 3);
    }

    @Test
    void badSourceFieldsAreNamed() {
        assertThatThrownBy(() -> read("events.h5", "/x", "/y", "colour", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data source 'hdf5' has no field 'colour'");
        assertThatThrownBy(() -> read("events.h5", List.of(), "/y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the field 'features'");
        assertThatThrownBy(() -> read("events.h5", List.of("/jets/pt", "/jets/eta"), "/y", "columns", List.of("pt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'columns' picks members of one compound dataset");
        assertThatThrownBy(() -> read("events.h5", "/x", "/y", "nan", "zero")).isInstanceOf(IllegalArgumentException.class);
    }
}
