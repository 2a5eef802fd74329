package org.layercanvas.app;

import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JMenuItem;
import javax.swing.JTextArea;
import junit.framework.Test;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.netbeans.junit.NbTestCase;

/**
 * Window ▸ Scripting Console in the running application: a script typed into the editor runs with
 * GraalVM inside the NetBeans module system (its own class loader), opens and trains the project
 * beside it and prints; a runaway script is ended by Stop. Real mouse clicks and key presses.
 */
public class ScriptConsoleGuiTest extends NbTestCase {
    private GuiRobot robot;

    public ScriptConsoleGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(ScriptConsoleGuiTest.class);
    }

    public void testTypeRunSeeOutputAndStop() throws Exception {
        robot = new GuiRobot();
        try {
            typeRunSeeOutputAndStop();
        } catch (Exception | AssertionError e) {
            robot.screenshot("console-failure.png");
            throw e;
        }
    }

    private void typeRunSeeOutputAndStop() throws Exception {
        clearWorkDir();
        Path dir = getWorkDir().toPath().toAbsolutePath();
        Path iris = Path.of(System.getProperty("examples.dir"), "iris-mlp");
        for (String f : List.of("iris-mlp.lcproj.json", "iris-train.csv", "iris-test.csv")) {
            Files.copy(iris.resolve(f), dir.resolve(f));
        }
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(dir.resolve("iris-mlp.lcproj.json"));
            return null;
        });
        GuiRobot.waitFor(GuiRobot::editorShowing, "the Iris editor");

        robot.click(GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.menuOnScreen("Window")), "the Window menu"));
        JMenuItem item = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.showingItem("Scripting Console")), "Window > Scripting Console");
        robot.click(GuiRobot.centre(item));
        java.awt.Component editor = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.find(c -> "script".equals(c.getName()) && c.isShowing())),
                "the console's script editor");
        // the part of the editor on screen: the text area is taller than its scroll pane
        java.awt.Component script = GuiRobot.onEdt(editor::getParent);
        JTextArea output = (JTextArea) GuiRobot.onEdt(() -> GuiRobot.find(c -> "output".equals(c.getName()) && c.isShowing()));

        robot.click(GuiRobot.centre(script));
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_A);
        robot.type("const r = lc.open(\"iris-mlp.lcproj.json\").train({epochs: 2}); print(\"answer\", 6*7, r.epochs.length, r.test.accuracy > 0);");
        robot.click(GuiRobot.centre(button("Run")));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> output.getText().contains("answer 42 2 true") ? Boolean.TRUE : null),
                "the script's output (so far: " + GuiRobot.onEdt(output::getText) + ")");
        assertTrue("the run folder beside the project", Files.list(dir.resolve("runs")).findAny().isPresent());
        robot.screenshot("s1-console-ran.png");

        robot.click(GuiRobot.centre(script));
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_A);
        robot.type("print(\"spinning\"); while (true) {}");
        robot.click(GuiRobot.centre(button("Run")));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> output.getText().contains("spinning") ? Boolean.TRUE : null), "the loop to start");
        robot.click(GuiRobot.centre(button("Stop")));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> output.getText().contains("the script was stopped") ? Boolean.TRUE : null),
                "Stop to end the loop (output: " + GuiRobot.onEdt(output::getText) + ")");
        JButton run = button("Run");
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> run.isEnabled() ? Boolean.TRUE : null), "Run to be enabled again");
        robot.screenshot("s2-console-stopped.png");
    }

    private static JButton button(String text) throws Exception {
        return (JButton) GuiRobot.onEdt(() -> GuiRobot.find(c -> c instanceof JButton b && b.isShowing() && text.equals(b.getText())));
    }
}
