package org.layercanvas.app;

import java.awt.Component;
import java.awt.Point;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JMenuItem;
import javax.swing.JTable;
import javax.swing.JTextField;
import junit.framework.Test;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.runs.RunFolderReader;
import org.layercanvas.formats.starter.StarterProject;
import org.netbeans.junit.NbTestCase;
import org.openide.windows.WindowManager;

/**
 * A newcomer's first project, with real mouse and key events: File ▸ New Project from Data…, type
 * the CSV's path into the file chooser, see the preview (rows, target with its three classes), type
 * the test file's path, OK; the project opens; Train; the run reaches the stated test accuracy. The
 * project equals what {@code layercanvas new} makes of the same files (the same StarterProject code).
 */
public class NewFromDataGuiTest extends NbTestCase {
    private GuiRobot robot;

    public NewFromDataGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(NewFromDataGuiTest.class);
    }

    public void testCsvToTrainedProjectThroughTheDialog() throws Exception {
        robot = new GuiRobot();
        try {
            csvToTrainedProject();
        } catch (Exception | AssertionError e) {
            robot.screenshot("data-failure.png");
            throw e;
        }
    }

    private void csvToTrainedProject() throws Exception {
        clearWorkDir();
        Path dir = getWorkDir().toPath().toAbsolutePath();
        Path examples = Path.of(System.getProperty("examples.dir"));
        Path train = dir.resolve("flowers.csv"), test = dir.resolve("flowers-test.csv");
        Files.copy(examples.resolve("iris-mlp/iris-train.csv"), train);
        Files.copy(examples.resolve("iris-mlp/iris-test.csv"), test);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> WindowManager.getDefault().getMainWindow().isShowing() ? Boolean.TRUE : null), "the main window");

        // File > New Project from Data... (clicked in the menu bar)
        robot.click(GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.menuOnScreen("File")), "the File menu"));
        JMenuItem item = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.showingItem("New Project from Data...")), "File > New Project from Data...");
        robot.click(GuiRobot.centre(item));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.find(c -> c instanceof JFileChooser f && f.isShowing())), "the file chooser");
        robot.type(train.toString());
        robot.keys(KeyEvent.VK_ENTER);

        // the preview: the first rows, species as target with three classes; the test file typed in
        JComboBox<?> target = (JComboBox<?>) GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.find(c -> c instanceof JComboBox<?> b
                && "target".equals(b.getName()) && b.isShowing())), "the data preview");
        assertEquals("species", GuiRobot.onEdt(() -> String.valueOf(target.getSelectedItem())));
        java.awt.Window dialog = GuiRobot.onEdt(() -> javax.swing.SwingUtilities.getWindowAncestor(target));
        JTable rows = (JTable) GuiRobot.onEdt(() -> GuiRobot.find(dialog, c -> c instanceof JTable t && t.isShowing()));
        assertEquals(20, (int) GuiRobot.onEdt(rows::getRowCount));
        assertTrue(GuiRobot.onEdt(() -> GuiRobot.find(dialog, c -> c instanceof javax.swing.JLabel l && l.isShowing()
                && l.getText() != null && l.getText().startsWith("multi-class classification (3 classes)")) != null));
        JTextField testField = (JTextField) GuiRobot.onEdt(() -> GuiRobot.find(dialog, c -> c instanceof JTextField f && "test-file".equals(f.getName())));
        robot.click(GuiRobot.centre(testField));
        robot.type(test.toString());
        robot.screenshot("d1-data-preview.png");
        robot.click(GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> button("OK")), "the dialog's OK"));

        // the project opens; Train in its toolbar
        NetworkEditorTopComponent editor = GuiRobot.waitFor(GuiRobot::editorShowing, "the new project's editor");
        Path project = dir.resolve("flowers.lcproj.json");
        assertTrue(Files.exists(project));
        assertEquals("the dialog and `layercanvas new` make the same project",
                ProjectFiles.toJson(StarterProject.create(project, train, "species", test, "mlp")), Files.readString(project));
        assertTrue(GuiRobot.onEdt(() -> editor.document().problems().isEmpty()));
        robot.screenshot("d2-new-project.png");
        robot.click(GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> button("Train")), "the Train button"));
        Path metrics = GuiRobot.waitFor(() -> {
            Path runs = dir.resolve("runs");
            if (!Files.isDirectory(runs)) {
                return null;
            }
            try (var list = Files.list(runs)) {
                return list.map(r -> r.resolve("metrics.json")).filter(Files::exists).findFirst().orElse(null);
            }
        }, "the run's metrics.json");
        GuiRobot.waitFor(() -> Files.readString(metrics).contains("\"status\" : \"completed\"") ? Boolean.TRUE : null, "the run to complete");
        RunHistory run = RunFolderReader.read(metrics.getParent());
        double accuracy = run.outcome().test().get("accuracy");
        assertTrue("test accuracy " + accuracy + " ≥ 0.9", accuracy >= 0.9);
        robot.screenshot("d3-trained.png");
    }

    /** The centre of the showing button labelled {@code text}, in a dialog if one shows it. */
    private static Point button(String text) {
        Component b = null;
        for (java.awt.Window w : java.awt.Window.getWindows()) {
            if (b == null && w.isShowing()) {
                b = GuiRobot.find(w, c -> c instanceof AbstractButton x && text.equals(x.getText()) && x.isShowing());
            }
        }
        if (b == null) {
            return null;
        }
        Point p = b.getLocationOnScreen();
        return new Point(p.x + b.getWidth() / 2, p.y + b.getHeight() / 2);
    }
}
