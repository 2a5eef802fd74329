package org.layercanvas.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path f = Files.writeString(dir.resolve("a.json"), "old");
        AtomicFiles.write(f, "new".getBytes());
        assertThat(Files.readString(f)).isEqualTo("new");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void aFailureNamesTheFileItCouldNotWrite() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "keep");
        assertThatThrownBy(() -> AtomicFiles.write(file.resolve("m.onnx"), new byte[1]))
                .isInstanceOf(IOException.class).hasMessageStartingWith(file.resolve("m.onnx") + ": cannot write: ");
        assertThat(Files.readString(file)).isEqualTo("keep");
    }

    @Test
    void aFolderIsNeverReplacedByAFile() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out.onnx"));
        Files.writeString(folder.resolve("inside"), "keep");
        assertThatThrownBy(() -> AtomicFiles.write(folder, new byte[1])).hasMessage(folder + ": cannot write: is a folder, not a file");
        assertThat(Files.readString(folder.resolve("inside"))).isEqualTo("keep");
    }

    @Test
    void aFolderExportRefusesAFileInItsPlace() throws IOException {
        Path file = Files.writeString(dir.resolve("torch"), "keep");
        assertThatThrownBy(() -> AtomicFiles.writeFolder(file, Map.of("model.py", new byte[1])))
                .hasMessage(file + ": cannot write: is a file, not a folder");
        assertThat(Files.readString(file)).isEqualTo("keep");
    }
}
