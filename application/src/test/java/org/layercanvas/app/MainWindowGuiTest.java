package org.layercanvas.app;

import java.awt.Component;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.io.File;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import junit.framework.Test;
import org.netbeans.junit.NbTestCase;
import org.openide.filesystems.FileUtil;
import org.openide.util.NbBundle;
import org.openide.windows.WindowManager;

/**
 * Boots the built clusters (application/target/layercanvas) in-process with NbModuleSuite and checks
 * that the branded main window shows: title from nbproject/project.properties, branding token the
 * same as the pom's, menus without the IDE's leftovers, a screenshot in target/screenshots. Needs a display (xvfb-run); without one it
 * fails, unless the GUI tests are skipped with -DskipGuiTests=true.
 */
public class MainWindowGuiTest extends NbTestCase {

    public MainWindowGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(MainWindowGuiTest.class);
    }

    public void testBrandedMainWindowShows() throws Exception {
        assertFalse("no display: run under Xvfb (xvfb-run -a mvn verify) or skip with -DskipGuiTests=true",
                GraphicsEnvironment.isHeadless() || System.getenv("DISPLAY") == null);

        Properties suite = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("basedir", "."), "..", "nbproject", "project.properties"))) {
            suite.load(in);
        }
        String title = suite.getProperty("app.title");
        assertEquals("app.title passed by the build differs from nbproject/project.properties",
                title, System.getProperty("app.title"));
        assertEquals("the pom's brandingToken differs from nbproject/project.properties",
                suite.getProperty("branding.token"), System.getProperty("branding.token"));
        assertEquals("running branding", suite.getProperty("branding.token"), NbBundle.getBranding());

        AtomicReference<String> shown = new AtomicReference<>();
        long end = System.currentTimeMillis() + 60_000;
        while (shown.get() == null && System.currentTimeMillis() < end) {
            EventQueue.invokeAndWait(() -> {
                Frame main = WindowManager.getDefault().getMainWindow();
                if (main.isShowing() && main.getTitle() != null && main.getTitle().contains(title)) {
                    shown.set(main.getTitle());
                }
            });
            if (shown.get() == null) {
                Thread.sleep(250);
            }
        }
        AtomicReference<String> last = new AtomicReference<>();
        EventQueue.invokeAndWait(() -> {
            Frame main = WindowManager.getDefault().getMainWindow();
            last.set("showing=" + main.isShowing() + " title=" + main.getTitle());
        });
        assertNotNull("no main window titled '" + title + "' within 60 s (" + last.get() + ")", shown.get());
        assertFalse("the title carries the platform build number: " + shown.get(), shown.get().matches(".*\\d\\d-[0-9a-f]{6,}.*"));

        assertApplicationMenus();

        Thread.sleep(1500); // let the window paint
        File dir = new File(System.getProperty("screenshots.dir", "target/screenshots"));
        dir.mkdirs();
        File png = new File(dir, "main-window.png");
        Rectangle screen = new Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
        ImageIO.write(new Robot().createScreenCapture(screen), "png", png);
        assertTrue(png.length() > 0);
    }

    /** An application's menus, not an IDE's: no IDE leftovers, and the Help pages of LayerCanvas. */
    private static void assertApplicationMenus() throws Exception {
        Map<String, List<String>> menus = GuiRobot.onEdt(() -> {
            Map<String, List<String>> found = new LinkedHashMap<>();
            JMenuBar bar = ((JFrame) WindowManager.getDefault().getMainWindow()).getJMenuBar();
            for (int i = 0; i < bar.getMenuCount(); i++) {
                JMenu menu = bar.getMenu(i);
                // the platform fills its menus when they are first selected
                menu.setSelected(true);
                menu.setSelected(false);
                List<String> items = new ArrayList<>();
                for (Component c : menu.getMenuComponents()) {
                    if (c instanceof JMenuItem item) {
                        items.add(item.getText());
                    }
                }
                found.put(menu.getText(), items);
            }
            return found;
        });
        for (String gone : List.of("Navigate", "Source", "Refactor", "Run", "Debug", "Profile", "Team")) {
            assertFalse("menu " + gone + " in " + menus.keySet(), menus.containsKey(gone));
        }
        List<String> items = menus.values().stream().flatMap(List::stream).toList();
        for (String gone : List.of("Favorites", "Web", "IDE Tools", "Go to Line...", "Check for Updates", "IDE Log")) {
            assertFalse(gone + " in the menus " + menus, items.contains(gone));
        }
        assertTrue("Tools ▸ Plugins installs plugins: " + menus.get("Tools"), menus.get("Tools").contains("Plugins"));
        assertTrue("Help: " + menus.get("Help"), menus.get("Help").containsAll(List.of("Layer Reference", "Keyboard Shortcuts", "About")));
        assertTrue("Window: " + menus.get("Window"), menus.get("Window").containsAll(List.of("Welcome", "Properties", "Palette")));
        assertNull("the memory gauge and profiler toolbar", FileUtil.getConfigFile("Toolbars/Memory"));
    }
}
