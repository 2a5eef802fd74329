package org.layercanvas.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;

class LibSvmDatasetReaderTest {
    @TempDir
    Path dir;

    private Dataset read(String content, Object... fields) throws IOException {
        Files.writeString(dir.resolve("data.svm"), content);
        Map<String, Object> f = new LinkedHashMap<>(Map.of("path", "data.svm"));
        for (int i = 0; i < fields.length; i += 2) {
            f.put((String) fields[i], fields[i + 1]);
        }
        return new LibSvmDatasetReader().read(new DataSource("libsvm", f), dir);
    }

    @Test
    void integerLabelsBecomeClassesInIncreasingOrder() throws IOException {
        Dataset d = read("""
                # two features, three classes
                3 1:0.5 2:-1
                -1 qid:7 2:2.5   # a qid and a trailing comment

                +1 1:1e-1
                """);
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.featureShape()).isEqualTo(Shape.of(2));
        assertThat(d.features()).containsExactly(0.5f, -1f, 0f, 2.5f, 0.1f, 0f);
        assertThat(d.classNames()).containsExactly("-1", "1", "3");
        assertThat(d.targets()).containsExactly(2f, 0f, 1f);
    }

    @Test
    void featuresFieldWidensTheRowsAndRegressionKeepsLabels() throws IOException {
        Dataset d = read("1.5 2:4\n-2 1:1\n", "features", 4, "task", "regression");
        assertThat(d.featureShape()).isEqualTo(Shape.of(4));
        assertThat(d.features()).containsExactly(0f, 4f, 0f, 0f, 1f, 0f, 0f, 0f);
        assertThat(d.targets()).containsExactly(1.5f, -2f);
        assertThat(d.classNames()).isEmpty();
    }

    @Test
    void fractionalLabelsAreRegressionUnlessClassesAreAskedFor() throws IOException {
        assertThat(read("0.25 1:1\n1 1:2\n").classNames()).isEmpty();
        assertThatThrownBy(() -> read("0.25 1:1\n1 1:2\n", "task", "classification")).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("data.svm") + ":1: label 0.25 is not an integer, so it cannot be a class (say \"task\": \"regression\" for numeric targets)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "non-numeric label | 1 1:1\\nyes 1:2 | :2: token 1 \"yes\": the label is not a number",
            "value not a number | 1 1:1 2:x | :1: token 3 \"2:x\": expected index:value with a positive integer index and a number",
            "no colon | 1 1:1\\n2 1:1 5 | :2: token 3 \"5\": expected index:value with a positive integer index and a number",
            "negative index | 1 -1:1 | :1: token 2 \"-1:1\": expected index:value with a positive integer index and a number",
            "index 0 | 1 0:1 | :1: token 2 \"0:1\": index 0, but indices start at 1",
            "decreasing index | # c\\n1 3:1 2:1 | :2: token 3 \"2:1\": index 2 after index 3, but indices must increase",
            "repeated index | 1 3:1 3:1 | :1: token 3 \"3:1\": index 3 after index 3, but indices must increase",
            "index beyond features | 1 1:1 4:1 | :1: token 3 \"4:1\": index 4 is beyond the 3 features the source declares",
            "empty file | # only a comment\\n\\n | : no data lines (expected lines such as \"1 3:0.5 7:1\")"})
    void badInputNamesFileLineAndToken(String what, String content, String message) {
        assertThatThrownBy(() -> read(content.replace("\\n", "\n"), "features", 3)).as(what).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("data.svm") + message);
    }

    @Test
    void badFieldsAreRefusedByName() {
        assertThatThrownBy(() -> read("1 1:1", "target", "y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data source 'libsvm' has no field 'target' (fields: features, path, task)");
        assertThatThrownBy(() -> read("1 1:1", "features", 0)).hasMessageContaining("'features' must be a positive integer");
        assertThatThrownBy(() -> read("1 1:1", "task", "ranking")).hasMessageContaining("'task' must be \"classification\" or \"regression\"");
    }
}
