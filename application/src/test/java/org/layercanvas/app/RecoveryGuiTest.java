package org.layercanvas.app;

import java.awt.EventQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.swing.AbstractButton;
import junit.framework.Test;
import org.layercanvas.editor.model.Recovery;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.formats.ProjectFiles;
import org.netbeans.junit.NbTestCase;
import org.openide.cookies.SaveCookie;

/**
 * A crash left unsaved edits: opening the project offers them, a click on Recover brings them back as
 * unsaved changes, and saving them removes the recovery file. Screenshot: target/screenshots/recovery-offer.png.
 */
public class RecoveryGuiTest extends NbTestCase {
    public RecoveryGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(RecoveryGuiTest.class);
    }

    public void testRecoverOfferedAfterACrashBringsTheEditsBack() throws Exception {
        GuiRobot robot = new GuiRobot();
        clearWorkDir();
        Path file = getWorkDir().toPath().resolve("crashed.lcproj.json");
        Project saved = project(4);
        ProjectFiles.write(saved, file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(120)));
        Recovery recovery = new Recovery(file);
        recovery.write(project(7)); // what the autosave kept before the crash

        EventQueue.invokeLater(() -> {
            try {
                ProjectFilesActions.open(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AbstractButton recover = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> (AbstractButton) GuiRobot.find(
                c -> c instanceof AbstractButton b && "Recover".equals(b.getText()) && b.isShowing())), "the recovery offer");
        robot.screenshot("recovery-offer.png");
        robot.click(GuiRobot.centre(recover));
        NetworkEditorTopComponent editor = GuiRobot.waitFor(() -> GuiRobot.editorShowing(), "the editor");
        GuiRobot.onEdt(() -> {
            assertEquals("the recovered edit", 7, editor.document().network().node("out").orElseThrow().params().get("units"));
            assertTrue("recovered edits are unsaved", editor.document().isModified());
            return null;
        });
        robot.screenshot("recovery-recovered.png");
        assertTrue("kept until saved", Files.exists(recovery.file()));

        GuiRobot.onEdt(() -> {
            editor.getLookup().lookup(SaveCookie.class).save();
            return null;
        });
        assertFalse("saving removes the recovery file", Files.exists(recovery.file()));
        assertTrue(Files.readString(file).contains("\"units\": 7"));
    }

    private static Project project(int units) {
        return new Project("crashed", List.of(new Network("main", List.of(new Node("in", "Input", Map.of("shape", List.of(4)), 40.0, 40.0),
                new Node("out", "Dense", Map.of("units", units), 280.0, 40.0)), List.of(new Edge("in", "out")))), null, null);
    }
}
