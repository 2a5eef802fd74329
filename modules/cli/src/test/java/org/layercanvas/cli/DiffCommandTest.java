package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code layercanvas diff}: exit 0 when the same, 1 when different, 2 on a file it cannot read, as diff(1). */
class DiffCommandTest {
    @TempDir
    Path dir;

    @Test
    void theSameDesignExitsZeroAndPrintsNothing() {
        String mlp = CliRun.example("fashion-mlp/fashion-mlp.lcproj.json");
        CliRun same = CliRun.of("diff", mlp, mlp);
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.out()).isEmpty();
    }

    @Test
    void aChangedDesignExitsOneListingTheChangesAsTextOrJson() throws Exception {
        Path a = Path.of(CliRun.example("lenet5-fashion/lenet5-fashion.lcproj.json"));
        Path b = Files.writeString(dir.resolve("b.lcproj.json"), Files.readString(a).replace("\"units\": 120", "\"units\": 100"));
        CliRun text = CliRun.of("diff", a.toString(), b.toString());
        assertThat(text.exitCode()).as(text.err()).isEqualTo(1);
        assertThat(text.out().lines()).containsExactly("main: node f5 units 120 -> 100", "main: output shape of f5 [120] -> [100]",
                "main: parameters of f5 48,120 -> 40,100", "main: parameters of f6 10,164 -> 8,484",
                "main: parameters of the network 61,706 -> 52,006");

        CliRun json = CliRun.of("diff", a.toString(), b.toString(), "--json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode parsed = new ObjectMapper().readTree(json.out());
        assertThat(parsed.get("same").asBoolean()).isFalse();
        JsonNode first = parsed.get("changes").get(0);
        assertThat(first.get("kind").asText()).isEqualTo("node_changed");
        assertThat(first.get("subject").asText()).isEqualTo("f5");
        assertThat(first.get("field").asText()).isEqualTo("units");
        assertThat(first.get("before").asText()).isEqualTo("120");
        assertThat(first.get("after").asText()).isEqualTo("100");
    }

    @Test
    void aMissingOrMalformedProjectExitsTwoNamingTheFile() throws Exception {
        String mlp = CliRun.example("fashion-mlp/fashion-mlp.lcproj.json");
        Path missing = dir.resolve("nowhere.lcproj.json");
        CliRun gone = CliRun.of("diff", mlp, missing.toString());
        assertThat(gone.exitCode()).isEqualTo(2);
        assertThat(gone.err()).contains(missing.toString());

        Path broken = Files.writeString(dir.resolve("broken.lcproj.json"), "{\"format\": \"layercanvas.project\",\n  \"version\": 1,\n  \"networks\": [\n");
        CliRun bad = CliRun.of("diff", broken.toString(), mlp);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains(broken.toString());
    }
}
