package org.layercanvas.app;

import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.JLabel;
import javax.swing.JList;
import junit.framework.Test;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.netbeans.junit.NbTestCase;

/**
 * Compare With… driven as a person would: the iris MLP open, a click on its hidden layer and Delete, then Compare With… ▸
 * Saved Version on Disk: the saved design on the left with the hidden layer, the edited one on the right without it, and
 * the list of changes names the layer, both of its connections and what losing them does to the output layer.
 */
public class CompareGuiTest extends NbTestCase {
    private GuiRobot robot;

    public CompareGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(CompareGuiTest.class);
    }

    public void testCompareWithTheSavedVersionShowsWhatTheEditRemoved() throws Exception {
        robot = new GuiRobot();
        try {
            compare();
        } catch (Exception | AssertionError e) {
            robot.screenshot("compare-failure.png");
            throw e;
        }
    }

    private void compare() throws Exception {
        clearWorkDir();
        Path file = getWorkDir().toPath().resolve("iris-mlp.lcproj.json");
        Files.copy(Path.of(System.getProperty("examples.dir")).resolve("iris-mlp/iris-mlp.lcproj.json"), file);
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(file);
            return null;
        });
        NetworkEditorTopComponent editor = GuiRobot.waitFor(GuiRobot::editorShowing, "the network editor to show");
        NetworkScene scene = editor.scene();
        robot.click(GuiRobot.nodeOnScreen(scene, "hidden"));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> scene.getSelectedObjects().contains("hidden") ? Boolean.TRUE : null), "hidden selected");
        GuiRobot.waitForFocus(scene.getView(), "the canvas to have the keyboard focus");
        robot.keys(KeyEvent.VK_DELETE);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> editor.document().network().node("hidden").isEmpty() ? Boolean.TRUE : null), "hidden deleted");

        robot.click(GuiRobot.centreOf("editor.compare"));
        robot.click(GuiRobot.centreOf("compare.saved"));
        JList<?> changes = (JList<?>) GuiRobot.named("compare.changes");
        JLabel summary = (JLabel) GuiRobot.named("compare.summary");
        assertEquals("6 changes:", summary.getText()); // the three below and what they do to species and the totals
        for (String change : new String[] {"main: node hidden removed (Dense)", "main: edge flower -> hidden removed",
                "main: edge hidden -> species removed", "main: output shape of species [3] -> invalid"}) {
            assertTrue(change, GuiRobot.onEdt(() -> GuiRobot.index(changes, change)) >= 0);
        }
        GuiRobot.named("compare.before"); // both sides show
        GuiRobot.named("compare.after");

        robot.click(GuiRobot.onEdt(() -> GuiRobot.listItem(changes, "main: node hidden removed (Dense)")));
        Thread.sleep(500);
        robot.screenshot("compare-saved-version.png");
        assertTrue("the edit is still there, unsaved", GuiRobot.onEdt(() -> editor.document().isModified()));
    }
}
