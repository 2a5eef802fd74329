package org.layercanvas.app;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.Test;

/**
 * Starts the built application with its launcher on the X display (Xvfb in CI), waits for the
 * main window titled with the suite's app.title, takes a screenshot, and stops the application
 * by its process id.
 */
public class LauncherTest {
    private static final String TITLE = System.getProperty("app.title", "LayerCanvas");

    @Test
    public void launcherOpensTheLayerCanvasWindowAndStopsByPid() throws Exception {
        if (System.getenv("DISPLAY") == null) {
            fail("no DISPLAY: run under Xvfb (xvfb-run mvn verify) or skip with -DskipGuiTests=true");
        }
        Path launcher = Path.of(System.getProperty("app.launcher"));
        assertTrue("launcher not built: " + launcher, Files.isExecutable(launcher));
        // windows with the title that exist already (e.g. left by an in-process NbModuleSuite test) do not count
        Set<String> before = windows(TITLE).keySet();
        Path userdir = Files.createTempDirectory("layercanvas-userdir");
        Path log = Files.createTempFile("layercanvas", ".log");
        Process app = new ProcessBuilder(launcher.toString(), "--userdir", userdir.toString(), "--nosplash")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String window;
        try {
            window = waitForNewWindow(TITLE, before, 60);
            assertNotNull("no new window titled " + TITLE + " appeared within 60 s; application log:\n" + Files.readString(log), window);
            Thread.sleep(3000); // let the window paint before the screenshot
            screenshot("application-started.png");
        } finally {
            stop(app);
        }
        assertFalse("the application is still running after being stopped by pid " + app.pid(), app.isAlive());
        assertTrue("java still runs after stopping " + app.pid(), app.descendants().noneMatch(ProcessHandle::isAlive));
        assertTrue("window " + window + " is still there after the application was stopped", waitForWindowGone(window, 10));
    }

    /** Stops the launcher (nbexec, a bash loop) and the java it started, by process id. */
    private static void stop(Process app) throws InterruptedException {
        List<ProcessHandle> tree = app.descendants().collect(Collectors.toList());
        tree.forEach(ProcessHandle::destroy);
        app.destroy();
        if (!app.waitFor(30, TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    /** Top-level X windows whose name contains {@code title}: id to xwininfo line (mapped or not). */
    static Map<String, String> windows(String title) throws IOException, InterruptedException {
        Map<String, String> found = new LinkedHashMap<>();
        for (String line : xwininfo("-root", "-tree").split("\n")) {
            String t = line.trim();
            if (t.startsWith("0x") && t.contains("\"" + title)) {
                found.put(t.substring(0, t.indexOf(' ')), t);
            }
        }
        return found;
    }

    /** The id of a viewable window titled {@code title} that is not in {@code before}, or null after the timeout. */
    static String waitForNewWindow(String title, Set<String> before, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            for (String id : windows(title).keySet()) {
                if (!before.contains(id) && xwininfo("-id", id).contains("Map State: IsViewable")) {
                    return id;
                }
            }
            Thread.sleep(500);
        }
        return null;
    }

    static boolean waitForWindowGone(String id, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (!xwininfo("-root", "-tree").contains(id + " ")) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    private static String xwininfo(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("xwininfo");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static void screenshot(String name) throws Exception {
        File dir = new File(System.getProperty("screenshots.dir", "target/screenshots"));
        dir.mkdirs();
        Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        ImageIO.write(new Robot().createScreenCapture(screen), "png", new File(dir, name));
    }
}
