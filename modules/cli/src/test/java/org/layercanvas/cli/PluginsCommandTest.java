package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.spi.Extensions;
import org.layercanvas.workbench.PluginJar;

/** {@code --plugins DIR} on any command, {@code layercanvas plugins}, and a project using a plugin's layer. */
class PluginsCommandTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToTheBuiltIns() {
        Extensions.use(Main.class.getClassLoader());
    }

    @Test
    void listsTheLoadedPluginsWithVersionsAndTheRefusedOnesWithTheReason() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.layerType(plugins.resolve("echo.jar"), "Echo", PluginJar.identityBody("Echo"), "org.layercanvas.libs > 1.0");
        PluginJar.layerType(plugins.resolve("future.jar"), "Future", PluginJar.identityBody("Future"), "org.layercanvas.libs > 7.2");

        CliRun run = CliRun.of("plugins", "--plugins", plugins.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("LayerCanvas plugin API " + Extensions.API_VERSION)
                .contains("Echo plugin 2.3 (org.example.echo, needs API 1.0): " + plugins.resolve("echo.jar"))
                .contains("    layer types: Echo")
                .contains("refused " + plugins.resolve("future.jar") + ": it needs LayerCanvas API 7.2, but this LayerCanvas implements API 1.0");
        assertThat(run.err()).contains("layercanvas: plugin " + plugins.resolve("future.jar") + " refused: it needs LayerCanvas API 7.2");
    }

    @Test
    void aProjectUsingAPluginsLayerTrainsWithThePluginAndNamesTheUnknownTypeWithout() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.layerType(plugins.resolve("echo.jar"), "Echo", PluginJar.identityBody("Echo"), "org.layercanvas.libs > 1.0");
        Path xor = Path.of(CliRun.example("xor"));
        Files.copy(xor.resolve("xor.csv"), dir.resolve("xor.csv"));
        Path project = dir.resolve("xor-echo.lcproj.json");
        Files.writeString(project, Files.readString(xor.resolve("xor.lcproj.json"))
                .replace("{\"id\": \"y\",", "{\"id\": \"echo\", \"type\": \"Echo\", \"params\": {}, \"x\": 400.0, \"y\": 80.0},\n        {\"id\": \"y\",")
                .replace("{\"from\": \"hidden\", \"to\": \"y\"}", "{\"from\": \"hidden\", \"to\": \"echo\"}, {\"from\": \"echo\", \"to\": \"y\"}")
                .replace("\"epochs\": 300", "\"epochs\": 2"));

        CliRun without = CliRun.of("train", project.toString(), "--out", dir.resolve("run0").toString());
        assertThat(without.exitCode()).isEqualTo(2);
        assertThat(without.err()).contains("echo").contains("Echo");

        CliRun with = CliRun.of("train", project.toString(), "--plugins", plugins.toString(), "--out", dir.resolve("run1").toString());
        assertThat(with.exitCode()).as(with.err()).isZero();
        assertThat(dir.resolve("run1")).isDirectory();
    }

    @Test
    void aPluginFolderThatDoesNotExistIsBadInput() {
        CliRun run = CliRun.of("--plugins", dir.resolve("nowhere").toString(), "plugins");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("layercanvas: plugin folder not found: " + dir.resolve("nowhere") + System.lineSeparator());
    }
}
