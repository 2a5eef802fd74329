package org.layercanvas.app;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.AbstractButton;
import javax.swing.JLabel;
import javax.swing.JTabbedPane;
import junit.framework.Test;
import org.layercanvas.dashboard.api.Dashboards;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.netbeans.junit.NbTestCase;
import org.openide.windows.TopComponent;
import org.openide.windows.WindowManager;

/**
 * The training dashboard in the running application, under Xvfb: Train opens it live; Pause holds the
 * training (no batches come while paused), Resume continues, Stop ends the run; every tab is clicked and
 * captured; the run folder reopens in a dashboard of its own with the same epochs.
 * Screenshots go to target/screenshots (dashboard-*.png).
 */
public class DashboardGuiTest extends NbTestCase {
    private GuiRobot robot;

    public DashboardGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(DashboardGuiTest.class);
    }

    public void testTrainWatchPauseResumeStopAndReopen() throws Exception {
        robot = new GuiRobot();
        try {
            trainWatchPauseResumeStopAndReopen();
        } catch (Exception | AssertionError e) {
            robot.screenshot("dashboard-failure.png");
            throw e;
        }
    }

    private void trainWatchPauseResumeStopAndReopen() throws Exception {
        clearWorkDir();
        Path dir = getWorkDir().toPath();
        Path examples = Path.of(System.getProperty("examples.dir"));
        for (String csv : new String[] {"blobs-train.csv", "blobs-test.csv"}) {
            Files.copy(examples.resolve("blobs-logistic").resolve(csv), dir.resolve(csv));
        }
        Path file = dir.resolve("blobs-logistic.lcproj.json");
        // logistic regression on two Gaussian classes for far longer than it needs, so the run is still
        // going when we pause and stop it
        String project = Files.readString(examples.resolve("blobs-logistic/blobs-logistic.lcproj.json"));
        assertTrue(project.contains("\"epochs\": 40,"));
        Files.writeString(file, project.replace("\"epochs\": 40,", "\"epochs\": 1000000,"));
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(file);
            return null;
        });
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> editor()), "the network editor");
        GuiRobot.onEdt(() -> {
            ((AbstractButton) GuiRobot.find(c -> c instanceof AbstractButton b && "Train".equals(b.getText()) && b.isShowing())).doClick();
            return null;
        });
        TopComponent live = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> dashboard()), "the live dashboard");
        // Watched from here: starting the first run of the session creates three windows on the EDT for the
        // first time, which the watchdog measured at 0.9 to 2.1 s each on 2 loaded cores: the Output window
        // (IOProvider.getIO in TrainAction.train), the property sheet refreshed after the save, and the
        // dashboard itself (class loading of JFreeChart, the charts, and RunsView reading the run folders)
        EdtWatchdog.waitUntilIdle();
        EdtWatchdog watchdog = EdtWatchdog.start("training");
        GuiRobot.waitFor(() -> status().contains("epoch 3") || status().matches(".*epoch \\d{2,}.*") ? Boolean.TRUE : null, "batches in the status line");

        robot.click(GuiRobot.centre(GuiRobot.named("dashboard.pause")));
        GuiRobot.waitFor(() -> status().endsWith("— paused") ? Boolean.TRUE : null, "the paused status (training held)");
        // the batch that ended just before the hold may still be on its way to the dashboard: let the status settle first
        String pausedAt = GuiRobot.waitFor(() -> {
            String before = status();
            Thread.sleep(500);
            return before.equals(status()) ? before : null;
        }, "the paused status to settle");
        Thread.sleep(800);
        assertEquals("no batches while paused", pausedAt, status());
        robot.screenshot("dashboard-1-paused.png");

        robot.click(GuiRobot.centre(GuiRobot.named("dashboard.resume")));
        GuiRobot.waitFor(() -> !status().equals(pausedAt) && !status().contains("paused") ? Boolean.TRUE : null, "training to resume");
        Thread.sleep(2000);
        robot.click(GuiRobot.centre(GuiRobot.named("dashboard.stop")));
        GuiRobot.waitFor(() -> status().contains("stopped") ? Boolean.TRUE : null, "the stopped status");
        watchdog.assertResponsive();
        String tooltip = GuiRobot.onEdt(live::getToolTipText);
        Path run = Path.of(tooltip);
        assertEquals(dir.resolve("runs").toRealPath(), run.getParent().toRealPath());
        String metrics = GuiRobot.waitFor(() -> {
            String m = Files.readString(run.resolve("metrics.json"));
            return m.contains("\"status\" : \"stopped\"") ? m : null;
        }, "metrics.json saying stopped");
        assertTrue(Files.exists(run.resolve("weights.safetensors")));

        GuiRobot.onEdt(() -> {
            var bottom = WindowManager.getDefault().findMode("output");
            if (bottom != null) {
                for (TopComponent tc : bottom.getTopComponents()) {
                    tc.close(); // Output and Problems: the dashboard gets the whole window for the screenshots
                }
            }
            return null;
        });
        JTabbedPane tabs = (JTabbedPane) GuiRobot.named("dashboard.tabs");
        // the tabs that apply to a logistic regression on points in a plane: no Images
        String[] shots = GuiRobot.onEdt(() -> {
            String[] titles = new String[tabs.getTabCount()];
            for (int i = 0; i < titles.length; i++) {
                titles[i] = tabs.getTitleAt(i).toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
            }
            return titles;
        });
        assertEquals(java.util.List.of("curves", "classification", "inside", "decision-boundary", "runs"), java.util.List.of(shots));
        for (int i = 0; i < shots.length; i++) {
            int tab = i;
            robot.click(GuiRobot.tabOnScreen(tabs, tab));
            GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> tabs.getSelectedIndex() == tab ? Boolean.TRUE : null), "tab " + shots[i]);
            Thread.sleep(600);
            robot.screenshot("dashboard-" + (i + 2) + "-" + shots[i] + ".png");
        }

        String stopped = status();
        java.util.regex.Matcher epoch = java.util.regex.Pattern.compile("epoch (\\d+)/").matcher(stopped);
        assertTrue(stopped, epoch.find());
        int last = Integer.parseInt(epoch.group(1));
        assertTrue("epochs trained: " + last, last > 10);
        assertTrue("metrics.json has the finished epochs", metrics.contains("\"epoch\" : " + (last - 1) + ","));
        GuiRobot.onEdt(() -> {
            live.close();
            Dashboards.open(run);
            return null;
        });
        TopComponent reopened = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> dashboard()), "the reopened run's dashboard");
        assertNotSame(live, reopened);
        GuiRobot.waitFor(() -> status().contains("stopped") ? Boolean.TRUE : null, "the reopened run's status");
        assertEquals("the reopened run ends where the live one stopped", stopped.replaceAll(", [0-9]+ samples/s.*", ""),
                status().replaceAll(", [0-9]+ samples/s.*", ""));
        robot.screenshot("dashboard-8-reopened.png");

        // Continue Training: the stopped run trains on from its last checkpoint, in its own folder, live
        robot.click(GuiRobot.centre(GuiRobot.named("dashboard.continue")));
        GuiRobot.waitFor(() -> epochShown() > last + 1 && !status().contains("stopped") ? Boolean.TRUE : null,
                "the continued run training past epoch " + last);
        robot.screenshot("dashboard-9-continued.png");
        robot.click(GuiRobot.centre(GuiRobot.named("dashboard.stop")));
        GuiRobot.waitFor(() -> status().contains("stopped") && epochShown() > last + 1 ? Boolean.TRUE : null,
                "the continued run stopped and read again from its folder");
        String continued = Files.readString(run.resolve("metrics.json"));
        assertTrue("metrics.json keeps the first part's epochs", continued.contains("\"epoch\" : 1,"));
        assertTrue("and has the continuation's", continued.contains("\"epoch\" : " + (last + 1) + ","));
    }

    /** The epoch the visible dashboard's status line shows, or 0. */
    private static int epochShown() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("epoch (\\d+)/").matcher(status());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static NetworkEditorTopComponent editor() {
        for (TopComponent tc : WindowManager.getDefault().getRegistry().getOpened()) {
            if (tc instanceof NetworkEditorTopComponent e && e.isShowing()) {
                return e;
            }
        }
        return null;
    }

    private static TopComponent dashboard() {
        for (TopComponent tc : WindowManager.getDefault().getRegistry().getOpened()) {
            if (tc.getClass().getSimpleName().equals("DashboardTopComponent") && tc.isShowing()) {
                return tc;
            }
        }
        return null;
    }


    private static String status() throws Exception {
        JLabel label = (JLabel) GuiRobot.named("dashboard.status");
        return GuiRobot.onEdt(label::getText);
    }
}
