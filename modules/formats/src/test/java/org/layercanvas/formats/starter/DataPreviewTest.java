package org.layercanvas.formats.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.formats.data.DatasetReadersTest;

class DataPreviewTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void textLabelsAreClassesCountedInOrderOfFirstAppearance() throws IOException {
        StringBuilder csv = new StringBuilder("size, weight ,animal\n");
        for (int i = 0; i < 25; i++) {
            csv.append(i).append(',').append(i * 0.5).append(',').append(i % 5 == 0 ? "dog" : "cat").append('\n');
        }
        DataPreview p = DataPreview.read(write("pets.csv", csv.toString()));
        assertThat(p.readerType()).isEqualTo("csv");
        assertThat(p.columns()).containsExactly("size", "weight", "animal");
        assertThat(p.rowCount()).isEqualTo(25);
        assertThat(p.rows()).hasSize(DataPreview.TABLE_ROWS);
        assertThat(p.rows().get(1)).containsExactly("1", "0.5", "cat");
        assertThat(p.defaultTarget()).isEqualTo("animal");

        ColumnSummary animal = p.summary("animal");
        assertThat(animal.numeric()).isFalse();
        assertThat(animal.histogram()).isNull();
        assertThat(animal.valueCounts()).containsExactly(Map.entry("dog", 5L), Map.entry("cat", 20L));
        assertThat(animal.classes()).isEqualTo(2);
        assertThat(p.task("animal")).isEqualTo(Task.BINARY);

        ColumnSummary weight = p.summary("weight");
        assertThat(weight.numeric()).isTrue();
        assertThat(weight.min()).isEqualTo(0);
        assertThat(weight.max()).isEqualTo(12);
        assertThat(weight.histogram().bins()).isEqualTo(ColumnSummary.BINS);
        assertThat(weight.histogram().total()).isEqualTo(25);
        assertThat(weight.valueCounts()).isEmpty();
        assertThat(weight.task()).isEqualTo(Task.REGRESSION);
        assertThat(p.task("size")).as("0..24: too many values for classes").isEqualTo(Task.REGRESSION);
        assertThatThrownBy(() -> p.summary("colour")).hasMessage("no column named 'colour' (columns: size, weight, animal)");
    }

    @Test
    void numericTargetIsARegression() throws IOException {
        DataPreview p = DataPreview.read(write("houses.csv", "rooms,area,price\n3,70,210.5\n4,95,305.25\n2,40,120\n"));
        ColumnSummary price = p.summary(p.defaultTarget());
        assertThat(price.name()).isEqualTo("price");
        assertThat(price.numeric()).isTrue();
        assertThat(price.min()).isEqualTo(120);
        assertThat(price.max()).isEqualTo(305.25);
        assertThat(price.task()).isEqualTo(Task.REGRESSION);
        assertThat(p.task("rooms")).as("few whole numbers: classes 0..4").isEqualTo(Task.MULTICLASS);
        assertThat(p.summary("rooms").valueCounts()).containsExactly(Map.entry("0", 0L), Map.entry("1", 0L), Map.entry("2", 1L),
                Map.entry("3", 1L), Map.entry("4", 1L));
    }

    @Test
    void zeroOneTargetIsBinaryWithItsClassBalance() throws IOException {
        DataPreview p = DataPreview.read(write("churn.tsv", "age\tplan\tchurned\n31\t1\t0\n45\t2\t1\n22\t1\t0\n60\t3\t0\n"));
        assertThat(p.columns()).containsExactly("age", "plan", "churned");
        ColumnSummary churned = p.summary("churned");
        assertThat(churned.task()).isEqualTo(Task.BINARY);
        assertThat(churned.valueCounts()).containsExactly(Map.entry("0", 3L), Map.entry("1", 1L));
        assertThat(churned.histogram().total()).isEqualTo(4);
    }

    @Test
    void headerAndDelimiterAreDetected() throws IOException {
        DataPreview p = DataPreview.read(write("raw.txt", "1.5;2;a\n3;4.25;b\n5;6;a\n"));
        assertThat(p.columns()).as("no header: columns by index").containsExactly("0", "1", "2");
        assertThat(p.rowCount()).isEqualTo(3);
        assertThat(p.rows().get(0)).containsExactly("1.5", "2", "a");
        assertThat(p.defaultTarget()).isEqualTo("2");
        assertThat(p.task("2")).isEqualTo(Task.BINARY);
        assertThat(DataPreview.read(write("text.csv", "name,colour\nrose,red\nsky,blue\n")).columns())
                .as("an all-text table has a header").containsExactly("name", "colour");
    }

    @Test
    void badFilesNameTheFileAndLine() throws IOException {
        Path ragged = write("ragged.csv", "a,b,t\n1,2,0\n\n1,2\n");
        assertThatThrownBy(() -> DataPreview.read(ragged)).isInstanceOf(DataFormatException.class)
                .hasMessage(ragged + ":4: has 2 columns but the first row has 3");
        Path quote = write("quote.csv", "a,b\n1,\"2\n");
        assertThatThrownBy(() -> DataPreview.read(quote)).isInstanceOf(DataFormatException.class).hasMessageStartingWith(quote + ":");
        Path empty = write("empty.csv", "a,b,t\n");
        assertThatThrownBy(() -> DataPreview.read(empty)).isInstanceOf(DataFormatException.class).hasMessage(empty + ": no data rows");
        Path other = write("model.onnx", "x");
        assertThatThrownBy(() -> DataPreview.read(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(other + ": cannot tell which reader reads this file");
        assertThatThrownBy(() -> DataPreview.read(dir.resolve("missing.csv"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void idxImagesFindTheirLabelsBesideThem() throws IOException {
        byte[] pixels = new byte[3 * 2 * 2];
        pixels[5] = (byte) 255;
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(images))) {
            out.write(DatasetReadersTest.idx(8, new int[] {3, 2, 2}, pixels));
        }
        Files.write(dir.resolve("train-labels-idx1-ubyte"), DatasetReadersTest.idx(8, new int[] {3}, new byte[] {2, 0, 2}));
        DataPreview p = DataPreview.read(images);
        assertThat(p.readerType()).isEqualTo("idx");
        assertThat(p.columns()).containsExactly("images", "labels");
        assertThat(p.defaultTarget()).isEqualTo("labels");
        assertThat(p.rowCount()).isEqualTo(3);
        assertThat(p.rows()).containsExactly(List.of("[1,2,2]", "2"), List.of("[1,2,2]", "0"), List.of("[1,2,2]", "2"));
        assertThat(p.summary("images").max()).isEqualTo(255);
        assertThat(p.summary("images").histogram().total()).isEqualTo(12);
        assertThat(p.summary("labels").valueCounts()).containsExactly(Map.entry("0", 1L), Map.entry("1", 0L), Map.entry("2", 2L));
        assertThat(p.task("labels")).isEqualTo(Task.MULTICLASS);
        assertThat(DataPreview.read(dir.resolve("train-labels-idx1-ubyte")).rowCount()).as("the labels file finds its images").isEqualTo(3);

        Path alone = Files.write(dir.resolve("t10k-images-idx3-ubyte"), DatasetReadersTest.idx(8, new int[] {1, 1, 1}, new byte[1]));
        assertThatThrownBy(() -> DataPreview.read(alone)).isInstanceOf(DataFormatException.class)
                .hasMessage(alone + ": no labels file beside it (looked for t10k-labels-idx1-ubyte and t10k-labels-idx1-ubyte.gz)");
    }
}
