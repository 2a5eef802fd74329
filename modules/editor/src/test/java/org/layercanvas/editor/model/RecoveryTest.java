package org.layercanvas.editor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.project.Project;
import org.layercanvas.formats.ProjectFiles;

/** When a recovery file is offered: only one a crash left, newer than the project. */
class RecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aRecoveryFileNewerThanTheProjectIsOfferedWithItsEdits() throws Exception {
        Path file = dir.resolve("net.lcproj.json");
        Project saved = ProjectDocumentTest.mlp().project();
        ProjectFiles.write(saved, file);
        Recovery recovery = new Recovery(file);
        assertThat(recovery.file()).isEqualTo(dir.resolve(".net.lcproj.json~recovery"));
        assertThat(recovery.pending()).isEmpty();

        ProjectDocument doc = ProjectDocument.open(file, org.layercanvas.engine.spi.LayerRegistry.standard());
        doc.setParam("out", "units", 7);
        recovery.write(doc.project());
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        assertThat(recovery.pending()).contains(Files.getLastModifiedTime(recovery.file()));
        assertThat(recovery.read()).isEqualTo(doc.project());

        ProjectDocument reopened = ProjectDocument.open(file, org.layercanvas.engine.spi.LayerRegistry.standard());
        reopened.recover(recovery.read());
        assertThat(reopened.isModified()).isTrue();
        assertThat(reopened.network().node("out").orElseThrow().params()).containsEntry("units", 7);
    }

    @Test
    void aProjectSavedAfterTheRecoveryFileIsNotOffered() throws Exception {
        Path file = dir.resolve("net.lcproj.json");
        Recovery recovery = new Recovery(file);
        recovery.write(ProjectDocumentTest.mlp().project());
        Files.setLastModifiedTime(recovery.file(), FileTime.from(Instant.now().minusSeconds(60)));
        ProjectFiles.write(ProjectDocumentTest.mlp().project(), file);
        assertThat(recovery.pending()).isEmpty();
        recovery.delete();
        assertThat(recovery.file()).doesNotExist();
    }
}
