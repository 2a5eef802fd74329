package org.layercanvas.app;

import static org.junit.Assert.assertFalse;
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
import java.util.concurrent.TimeUnit;
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
        Path userdir = Files.createTempDirectory("layercanvas-userdir");
        Path log = Files.createTempFile("layercanvas", ".log");
        Process app = new ProcessBuilder(launcher.toString(), "--userdir", userdir.toString(), "--nosplash")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String window = waitForWindow(TITLE, 120);
            assertTrue("no window titled " + TITLE + " appeared; application log:\n" + Files.readString(log), window != null);
            Thread.sleep(3000); // let the window paint before the screenshot
            screenshot("application-started.png");
        } finally {
            app.descendants().forEach(ProcessHandle::destroy);
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.descendants().forEach(ProcessHandle::destroyForcibly);
                app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertFalse("the application is still running after being stopped by pid " + app.pid(), app.isAlive());
        assertTrue("java still runs after stopping " + app.pid(), app.descendants().noneMatch(ProcessHandle::isAlive));
    }

    /** The xwininfo line of a top-level window whose name contains {@code title}, or null after the timeout. */
    static String waitForWindow(String title, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            Process p = new ProcessBuilder("xwininfo", "-root", "-tree").redirectErrorStream(true).start();
            String tree = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : tree.split("\n")) {
                if (line.contains("\"" + title)) {
                    return line.trim();
                }
            }
            Thread.sleep(500);
        }
        return null;
    }

    static void screenshot(String name) throws Exception {
        File dir = new File(System.getProperty("screenshots.dir", "target/screenshots"));
        dir.mkdirs();
        Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
        ImageIO.write(new Robot().createScreenCapture(screen), "png", new File(dir, name));
    }
}
