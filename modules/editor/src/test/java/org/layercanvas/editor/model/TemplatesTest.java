package org.layercanvas.editor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.spi.LayerRegistry;

/** Every bundled template creates a project that opens without problems; nothing is ever overwritten. */
class TemplatesTest {
    @TempDir
    Path dir;

    @Test
    void everyTemplateCreatesAValidProjectWithItsData() throws Exception {
        assertThat(Templates.bundled()).extracting(Templates.Template::folder)
                .contains("xor", "blobs-logistic", "lecture-backprop", "iris-mlp", "fashion-mlp");
        int i = 0;
        for (Templates.Template t : Templates.bundled()) {
            Path target = dir.resolve("t" + i++);
            Path project = Templates.create(t, target, "my " + t.folder());
            ProjectDocument doc = ProjectDocument.open(project, LayerRegistry.standard());
            assertThat(doc.validation().problems()).as(t.folder()).isEmpty();
            assertThat(doc.project().name()).isEqualTo("my " + t.folder());
            for (String f : t.files().subList(1, t.files().size())) {
                assertThat(target.resolve(f)).exists();
            }
        }
    }

    @Test
    void refusesToOverwriteAndToUseOddNames() throws Exception {
        Templates.Template xor = Templates.bundled().stream().filter(t -> t.folder().equals("xor")).findFirst().orElseThrow();
        Path first = Templates.create(xor, dir, "x");
        byte[] before = Files.readAllBytes(first);
        assertThatThrownBy(() -> Templates.create(xor, dir, "x")).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> Templates.create(xor, dir, "y")).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("xor.csv");
        assertThat(Files.exists(dir.resolve("y.lcproj.json"))).isFalse();
        assertThat(Files.readAllBytes(first)).isEqualTo(before);
        assertThatThrownBy(() -> Templates.create(xor, dir, "../evil")).isInstanceOf(IllegalArgumentException.class);
    }
}
