package org.layercanvas.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.ProjectFiles;

/** Diffs of examples/lenet5-fashion against edited copies of itself. */
class DesignDiffTest {
    private static final Path LENET = Path.of(System.getProperty("layercanvas.examples", "../../examples"))
            .resolve("lenet5-fashion/lenet5-fashion.lcproj.json");

    private static String lenet() throws Exception {
        return Files.readString(LENET);
    }

    private static Project parse(String json) throws Exception {
        return ProjectFiles.parse(json.getBytes(StandardCharsets.UTF_8), Path.of("edited.lcproj.json"));
    }

    private static List<String> lines(String a, String b) throws Exception {
        return DesignDiff.between(parse(a), parse(b), LayerRegistry.standard()).changes().stream().map(DesignDiff.Change::describe).toList();
    }

    @Test
    void aDesignIsTheSameAsItselfAndAsACopyWithNodesMovedOrADefaultWrittenOut() throws Exception {
        String json = lenet();
        assertThat(lines(json, json)).isEmpty();
        String moved = json.replace("\"x\": 280.0, \"y\": 80.0", "\"x\": 300.0, \"y\": 90.0");
        String defaultWritten = json.replace("\"kernel_size\": 5, \"padding\": \"same\"", "\"kernel_size\": 5, \"strides\": 1, \"padding\": \"same\"");
        assertThat(moved).isNotEqualTo(json);
        assertThat(defaultWritten).isNotEqualTo(json);
        assertThat(lines(json, moved)).isEmpty();
        assertThat(lines(json, defaultWritten)).isEmpty();
    }

    @Test
    void aChangedParameterIsListedWithWhatItDoesToShapesAndParameterCounts() throws Exception {
        String json = lenet();
        String wider = json.replace("{\"filters\": 6, \"kernel_size\": 5", "{\"filters\": 8, \"kernel_size\": 5");
        assertThat(lines(json, wider)).containsExactly(
                "main: node c1 filters 6 -> 8",
                "main: output shape of c1 [6,28,28] -> [8,28,28]",
                "main: parameters of c1 156 -> 208",
                "main: output shape of p1 [6,14,14] -> [8,14,14]",
                "main: parameters of c2 2,416 -> 3,216",
                "main: parameters of the network 61,706 -> 62,558");
    }

    @Test
    void nodesEdgesAndSettingsAddedRemovedOrChanged() throws Exception {
        String json = lenet();
        String edited = json
                .replace("{\"id\": \"f6\", \"type\": \"Dense\", \"params\": {\"units\": 84, \"activation\": \"relu\", \"kernel_initializer\": \"he_normal\"}, \"x\": 520.0, \"y\": 280.0},",
                        "{\"id\": \"drop\", \"type\": \"Dropout\", \"params\": {\"rate\": 0.5}},")
                .replace("{\"from\": \"f5\", \"to\": \"f6\"},", "{\"from\": \"f5\", \"to\": \"drop\"},")
                .replace("{\"from\": \"f6\", \"to\": \"class\"}", "{\"from\": \"drop\", \"to\": \"class\"}")
                .replace("\"learning_rate\": 0.002", "\"learning_rate\": 0.001")
                .replace("\"epochs\": 5", "\"epochs\": 8");
        assertThat(lines(json, edited)).containsExactly(
                "training.optimizer.learning_rate 0.002 -> 0.001",
                "training.epochs 5 -> 8",
                "main: node f6 removed (Dense)",
                "main: node drop added (Dropout)",
                "main: edge f5 -> drop added",
                "main: edge drop -> class added",
                "main: edge f5 -> f6 removed",
                "main: edge f6 -> class removed",
                "main: parameters of class 850 -> 1,210",
                "main: parameters of the network 61,706 -> 51,902");
    }
}
