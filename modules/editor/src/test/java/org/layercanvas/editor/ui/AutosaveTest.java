package org.layercanvas.editor.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.model.Recovery;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.ProjectFiles;

/** The autosave timer at a tenth of a second: edits reach the recovery file, saving and undoing remove it. */
class AutosaveTest {
    @TempDir
    Path dir;

    @Test
    void editsAreWrittenAndSavingDeletesThem() throws Exception {
        System.setProperty(Autosave.INTERVAL_PROPERTY, "0.1");
        Path file = dir.resolve("net.lcproj.json");
        ProjectFiles.write(new Project("t", List.of(new Network("main", List.of(new Node("in", "Input", Map.of("shape", List.of(4))),
                new Node("out", "Dense", Map.of("units", 2))), List.of(new Edge("in", "out")))), null, null), file);
        ProjectDocument doc = ProjectDocument.open(file, LayerRegistry.standard());
        Recovery recovery = new Recovery(file);
        Autosave[] autosave = new Autosave[1];
        SwingUtilities.invokeAndWait(() -> {
            autosave[0] = new Autosave(doc, recovery);
            autosave[0].start();
        });
        Thread.sleep(400);
        assertThat(recovery.file()).as("nothing to keep before an edit").doesNotExist();

        SwingUtilities.invokeAndWait(() -> doc.setParam("out", "units", 7));
        waitFor(() -> Files.exists(recovery.file()));
        assertThat(recovery.read()).isEqualTo(doc.project());

        SwingUtilities.invokeAndWait(() -> {
            try {
                doc.save(file); // as the editor's save does
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            autosave[0].discard();
        });
        waitFor(() -> !Files.exists(recovery.file()));
        Thread.sleep(400);
        assertThat(recovery.file()).as("a saved project is not written again").doesNotExist();
        SwingUtilities.invokeAndWait(() -> autosave[0].stop());
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(end);
            Thread.sleep(20);
        }
    }
}
