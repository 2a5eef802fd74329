package org.layercanvas.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data named by a URI of a Hadoop file system: copied once into the local cache and read from there, copied again when it
 * changes. The tests reach Hadoop's FileSystem through the scheme {@code lcfile}, which {@code core-site.xml} on the test
 * class path maps to {@link LocalAsRemoteFileSystem} (this machine's files under another name; no HDFS here).
 */
class HadoopRemoteFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileIsCopiedOnceAndAgainWhenItChanges() throws Exception {
        Path source = dir.resolve("data.csv"), cache = dir.resolve("cache");
        Files.writeString(source, "x,y\n1,2\n");
        java.net.URI uri = java.net.URI.create("lcfile://" + source.toAbsolutePath());
        Path first = HadoopRemoteFiles.copy(uri, cache);
        assertThat(first).startsWith(cache).hasFileName("data.csv").hasContent("x,y\n1,2\n");
        assertThat(HadoopRemoteFiles.copy(uri, cache)).isEqualTo(first);
        Files.writeString(source, "x,y\n1,2\n3,4\n");
        Files.setLastModifiedTime(source, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Path second = HadoopRemoteFiles.copy(uri, cache);
        assertThat(second).isNotEqualTo(first).hasContent("x,y\n1,2\n3,4\n");
        try (var files = Files.list(cache)) {
            assertThat(files.flatMap(d -> {
                try {
                    return Files.list(d);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> p.getFileName().toString())).containsOnly("data.csv");
        }
    }

    @Test
    void aFolderIsCopiedWhole() throws Exception {
        Path folder = dir.resolve("images/cats");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("a.txt"), "a");
        Path copy = HadoopRemoteFiles.copy(java.net.URI.create("lcfile://" + dir.resolve("images").toAbsolutePath()), dir.resolve("cache"));
        assertThat(copy.resolve("cats/a.txt")).hasContent("a");
    }
}
