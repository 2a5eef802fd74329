package org.layercanvas.app;

import java.awt.EventQueue;
import java.nio.file.Path;
import junit.framework.Test;
import org.layercanvas.editor.bench.LargeProjectBenchmark;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.layercanvas.formats.ProjectFiles;
import org.netbeans.junit.NbTestCase;

/**
 * Opening a 1000-layer project in the running application keeps the interface responsive: the
 * {@link EdtWatchdog} sees no stall over 200 ms from the open until the canvas has painted it.
 */
public class LargeProjectGuiTest extends NbTestCase {
    private static final int LAYERS = 1000;

    public LargeProjectGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(LargeProjectGuiTest.class);
    }

    public void testOpeningAThousandLayersNeverStallsTheEventThread() throws Exception {
        GuiRobot robot = new GuiRobot();
        clearWorkDir();
        Path file = getWorkDir().toPath().resolve("large.lcproj.json");
        ProjectFiles.write(LargeProjectBenchmark.project(LAYERS), file);
        // the window system and the editor's classes load once per application: a small project first,
        // so what is watched is the opening of a large one, not the first opening of any
        Path small = getWorkDir().toPath().resolve("small.lcproj.json");
        ProjectFiles.write(LargeProjectBenchmark.project(3), small);
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(small);
            return null;
        });
        GuiRobot.waitFor(() -> GuiRobot.editorShowing(), "the small project's editor");
        EdtWatchdog.waitUntilIdle();

        EdtWatchdog watchdog = EdtWatchdog.start("opening a " + LAYERS + "-layer project");
        try {
            EventQueue.invokeLater(() -> {
                try {
                    ProjectFilesActions.open(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            GuiRobot.waitFor(() -> {
                var editor = GuiRobot.editorShowing();
                return editor != null && GuiRobot.onEdt(() -> Integer.valueOf(LAYERS).equals(editor.getClientProperty("layercanvas.nodeCount"))) ? editor : null;
            }, "the large project's editor");
            Thread.sleep(3000); // painting, the navigator, the Problems and Properties windows following the editor
            robot.screenshot("large-project.png");
        } finally {
            watchdog.assertResponsive();
        }
    }
}
