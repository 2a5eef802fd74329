package org.layercanvas.app;

import java.awt.Component;
import java.awt.Dialog;
import java.awt.Point;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import javax.swing.AbstractButton;
import javax.swing.JFileChooser;
import javax.swing.JTabbedPane;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import junit.framework.Test;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.editor.scene.PinKey;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.netbeans.junit.NbTestCase;

/**
 * The example plugin installed into the running application the way a user does it: Tools ▸ Plugins ▸
 * Downloaded ▸ Add Plugins… with its NBM, through the installer's licence and unsigned-plugin steps; its
 * LayerNormalization then appears in the open editor's palette, is dragged onto the canvas and wired
 * in, and the network trains on the plugin's LIBSVM data. Real mouse clicks and key presses.
 */
public class PluginInstallGuiTest extends NbTestCase {
    private GuiRobot robot;

    public PluginInstallGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(PluginInstallGuiTest.class);
    }

    public void testInstallThePluginDragItsLayerAndTrain() throws Exception {
        robot = new GuiRobot();
        try {
            installDragAndTrain();
        } catch (Exception | AssertionError e) {
            robot.screenshot("plugin-failure.png");
            throw e;
        }
    }

    private void installDragAndTrain() throws Exception {
        clearWorkDir();
        Path dir = getWorkDir().toPath().toAbsolutePath();
        Path example = Path.of(System.getProperty("plugin.example.dir"));
        Files.copy(example.resolve("train.libsvm"), dir.resolve("train.libsvm"));
        Files.copy(example.resolve("test.libsvm"), dir.resolve("test.libsvm"));
        // the plugin's example network without its LayerNormalization: hidden and relu wait to be wired through one
        Path project = dir.resolve("plugin-drop.lcproj.json");
        Files.writeString(project, Files.readString(example.resolve("layernorm-libsvm.lcproj.json"))
                .replaceAll("\\n\\s*\\{\"id\": \"norm\"[^\\n]*", "")
                .replaceAll("\\{\"from\": \"hidden\", \"to\": \"norm\"}, \\{\"from\": \"norm\", \"to\": \"relu\"},\\s*", "")
                .replace("\"epochs\": 20", "\"epochs\": 8"));
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(project);
            return null;
        });
        NetworkEditorTopComponent editor = GuiRobot.waitFor(GuiRobot::editorShowing, "the editor");
        ProjectDocument doc = GuiRobot.onEdt(editor::document);
        assertFalse("no LayerNormalization before the plugin", GuiRobot.onEdt(() -> doc.registry().find("LayerNormalization").isPresent()));

        install(Path.of(System.getProperty("plugin.nbm")));

        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.registry().find("LayerNormalization").isPresent() ? Boolean.TRUE : null),
                "the editor to know LayerNormalization");
        AbstractButton normalization = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> (AbstractButton) GuiRobot.find(
                c -> c instanceof AbstractButton b && b.isShowing() && "Normalization".equals(b.getText()))), "the palette's Normalization category");
        if (!GuiRobot.onEdt(normalization::isSelected)) {
            robot.click(GuiRobot.centre(normalization));
        }
        Point item = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.paletteItem("LayerNormalization")), "the LayerNormalization palette item");
        robot.screenshot("plugin-1-palette.png");
        NetworkScene scene = GuiRobot.onEdt(editor::scene);
        Set<String> before = GuiRobot.onEdt(() -> ids(doc));
        Point hidden = GuiRobot.nodeOnScreen(scene, "hidden");
        robot.drag(item, new Point(hidden.x + 40, hidden.y + 220));
        String norm = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> {
            Set<String> added = ids(doc);
            added.removeAll(before);
            return added.isEmpty() ? null : added.iterator().next();
        }), "the dropped LayerNormalization node");
        assertEquals("LayerNormalization", GuiRobot.onEdt(() -> doc.network().node(norm).orElseThrow().type()));

        robot.drag(GuiRobot.pinOnScreen(scene, PinKey.output("hidden")), GuiRobot.pinOnScreen(scene, new PinKey(norm, 0)));
        robot.drag(GuiRobot.pinOnScreen(scene, PinKey.output(norm)), GuiRobot.pinOnScreen(scene, new PinKey("relu", 0)));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.problems().isEmpty() ? Boolean.TRUE : null),
                "a network without problems (now: " + GuiRobot.onEdt(doc::problems) + ")");
        robot.screenshot("plugin-2-wired.png");

        robot.click(GuiRobot.centre(GuiRobot.onEdt(() -> GuiRobot.find(c -> c instanceof AbstractButton b && b.isShowing() && "Train".equals(b.getText())))));
        Path metrics = GuiRobot.waitFor(() -> {
            if (!Files.isDirectory(dir.resolve("runs"))) {
                return null;
            }
            try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
                Path m = runs.map(r -> r.resolve("metrics.json")).filter(Files::exists).findFirst().orElse(null);
                return m != null && Files.readString(m).contains("\"status\" : \"completed\"") ? m : null;
            }
        }, "the training run to complete");
        String json = Files.readString(metrics);
        double accuracy = Double.parseDouble(json.replaceAll("(?s).*\"test\" : \\{[^}]*\"accuracy\" : ([0-9.Ee-]+).*", "$1"));
        assertTrue("test accuracy " + accuracy + " well above chance (1/3)", accuracy > 0.8);
        robot.screenshot("plugin-3-trained.png");
    }

    /** Tools ▸ Plugins ▸ Downloaded ▸ Add Plugins…, the NBM, Install, Next, accept the licence, Install, Continue, Finish, Close. */
    private void install(Path nbm) throws Exception {
        robot.click(GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.menuOnScreen("Tools")), "the Tools menu"));
        robot.click(GuiRobot.centre(GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.showingItem("Plugins")), "Tools > Plugins")));
        JTabbedPane tabs = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> (JTabbedPane) GuiRobot.find(c -> c instanceof JTabbedPane t && t.isShowing()
                && downloadedTab(t) >= 0)), "the Plugins dialog");
        // the dialog lays its tabs out after it shows: click the tab until it is the selected one
        for (int attempt = 0; attempt < 10 && GuiRobot.onEdt(() -> tabs.getSelectedIndex() != downloadedTab(tabs)); attempt++) {
            Thread.sleep(500);
            robot.click(GuiRobot.tabOnScreen(tabs, GuiRobot.onEdt(() -> downloadedTab(tabs))));
        }
        robot.click(GuiRobot.centre(button("Add Plugins", null)));
        JFileChooser chooser = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> (JFileChooser) GuiRobot.find(c -> c instanceof JFileChooser f && f.isShowing())),
                "the Add Plugins file chooser");
        Component name = GuiRobot.onEdt(() -> GuiRobot.find(chooser, c -> c instanceof JTextField f && f.isShowing() && f.isEditable()));
        robot.click(GuiRobot.centre(name));
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_A);
        robot.type(nbm.toString());
        robot.keys(KeyEvent.VK_ENTER);
        robot.click(GuiRobot.centre(button("Install", "Plugins")));
        robot.click(GuiRobot.centre(button("Next", "Plugin Installer")));
        robot.click(GuiRobot.centre(button("I accept", "Plugin Installer")));
        robot.click(GuiRobot.centre(button("Install", "Plugin Installer")));
        robot.click(GuiRobot.centre(button("Continue", "Validation Warning")));
        robot.click(GuiRobot.centre(button("Finish", "Plugin Installer")));
        robot.click(GuiRobot.centre(button("Close", "Plugins")));
    }

    private static int downloadedTab(JTabbedPane tabs) {
        for (int i = 0; i < tabs.getTabCount(); i++) {
            if (tabs.getTitleAt(i) != null && tabs.getTitleAt(i).contains("Downloaded")) {
                return i;
            }
        }
        return -1;
    }

    /** The enabled button (or check box) whose text starts with {@code text}, in the dialog titled {@code dialog} if given. */
    private static AbstractButton button(String text, String dialog) throws Exception {
        return GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> (AbstractButton) GuiRobot.find(c -> c instanceof AbstractButton b && b.isShowing() && b.isEnabled()
                && b.getText() != null && b.getText().startsWith(text)
                && (dialog == null || SwingUtilities.getWindowAncestor(b) instanceof Dialog d && dialog.equals(d.getTitle())))),
                "'" + text + "'" + (dialog == null ? "" : " in " + dialog));
    }

    private static Set<String> ids(ProjectDocument doc) {
        Set<String> ids = new HashSet<>();
        doc.network().nodes().forEach(n -> ids.add(n.id()));
        return ids;
    }
}
