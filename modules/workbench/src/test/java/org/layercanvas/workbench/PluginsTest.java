package org.layercanvas.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.spi.Extensions;
import org.layercanvas.engine.spi.LayerRegistry;

class PluginsTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToTheBuiltIns() {
        Extensions.use(Plugins.class.getClassLoader());
    }

    @Test
    void aPluginJarsLayerTypeJoinsTheRegistryAndIsListedWithItsVersion() throws IOException {
        PluginJar.layerType(dir.resolve("echo.jar"), "Echo", PluginJar.identityBody("Echo"), "org.layercanvas.libs > 1.0");
        assertThat(LayerRegistry.standard().find("Echo")).isEmpty();

        Plugins.Loaded loaded = Plugins.load(List.of(dir));

        assertThat(loaded.refused()).isEmpty();
        assertThat(loaded.plugins()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("Echo plugin");
            assertThat(p.codeName()).isEqualTo("org.example.echo");
            assertThat(p.version()).isEqualTo("2.3");
            assertThat(p.api()).isEqualTo("1.0");
            assertThat(p.provides()).isEqualTo(Map.of("layer types", List.of("Echo")));
        });
        assertThat(LayerRegistry.standard().find("Echo")).isPresent();
        assertThat(LayerRegistry.standard().find("Dense")).as("the built-ins stay").isPresent();

        Plugins.load(List.of(dir.resolve("elsewhere")));
        assertThat(LayerRegistry.standard().find("Echo")).as("gone when no longer loaded").isEmpty();
    }

    @Test
    void aPluginNeedingANewerApiIsRefusedWithTheReasonAndTheOthersLoad() throws IOException {
        PluginJar.layerType(dir.resolve("a-future.jar"), "Future", PluginJar.identityBody("Future"), "org.layercanvas.libs > 1.10");
        PluginJar.layerType(dir.resolve("b-echo.jar"), "Echo", PluginJar.identityBody("Echo"), "org.layercanvas.libs > 1.0");

        Plugins.Loaded loaded = Plugins.load(List.of(dir));

        assertThat(loaded.plugins()).extracting(Plugins.Plugin::name).containsExactly("Echo plugin");
        assertThat(loaded.refused()).singleElement().satisfies(r -> {
            assertThat(r.jar()).isEqualTo(dir.resolve("a-future.jar"));
            assertThat(r.reason()).isEqualTo("it needs LayerCanvas API 1.10, but this LayerCanvas implements API " + Extensions.API_VERSION
                    + "; update LayerCanvas or use a version of the plugin built for API " + Extensions.API_VERSION);
        });
        assertThat(LayerRegistry.standard().find("Future")).isEmpty();
        assertThat(LayerRegistry.standard().find("Echo")).isPresent();
    }

    @Test
    void jarsThatAreNoPluginsAreRefusedSayingWhy() throws IOException {
        PluginJar.layerType(dir.resolve("undeclared.jar"), "Undeclared", PluginJar.identityBody("Undeclared"), null);
        PluginJar.layerType(dir.resolve("internal.jar"), "Internal", PluginJar.identityBody("Internal"), "org.layercanvas.libs = 1");
        Files.writeString(dir.resolve("broken.jar"), "not a zip");

        Plugins.Loaded loaded = Plugins.load(List.of(dir));

        assertThat(loaded.plugins()).isEmpty();
        assertThat(loaded.refused()).extracting(r -> r.jar().getFileName() + ": " + r.reason()).containsExactly(
                "broken.jar: it is not a readable jar (zip END header not found)",
                "internal.jar: it depends on LayerCanvas's implementation (org.layercanvas.libs = 1), which only LayerCanvas's own modules may;"
                        + " a plugin depends on the API version",
                "undeclared.jar: it does not say which LayerCanvas API it needs: its manifest's OpenIDE-Module-Module-Dependencies lacks"
                        + " 'org.layercanvas.libs > VERSION' (see docs/plugins.md)");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(Plugins.compareVersions("1.10", "1.9")).isPositive();
        assertThat(Plugins.compareVersions("1.0", "1")).isZero();
        assertThat(Plugins.compareVersions("0.9.5", "1.0")).isNegative();
    }
}
