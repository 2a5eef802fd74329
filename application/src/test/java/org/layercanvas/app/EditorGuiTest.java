package org.layercanvas.app;

import java.awt.Point;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.AbstractButton;
import javax.swing.JComponent;
import junit.framework.Test;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.editor.scene.PinKey;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.formats.ProjectFiles;
import org.netbeans.junit.NbTestCase;
import org.openide.nodes.Node;
import org.openide.windows.WindowManager;

/**
 * The application driven as a person would, under Xvfb: open a project, connect a layer by dragging
 * from an output pin to an input pin, select it with a click and change its units through its
 * property (as the Properties window does), undo and redo with Edit ▸ Undo/Redo, drag a Dense layer
 * from the palette onto the canvas, save, close, reopen and compare the file.
 * Screenshots go to target/screenshots.
 */
public class EditorGuiTest extends NbTestCase {
    private GuiRobot robot;

    public EditorGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(EditorGuiTest.class);
    }

    public void testDrawConnectEditUndoRedoSaveReopen() throws Exception {
        robot = new GuiRobot();
        try {
            drawConnectEditUndoRedoSaveReopen();
        } catch (Exception | AssertionError e) {
            robot.screenshot("failure.png");
            throw e;
        }
    }

    private void drawConnectEditUndoRedoSaveReopen() throws Exception {
        clearWorkDir();
        Path dir = getWorkDir().toPath();
        Path examples = Path.of(System.getProperty("examples.dir"));
        Files.copy(examples.resolve("xor/xor.csv"), dir.resolve("xor.csv"));
        Path file = dir.resolve("xor.lcproj.json");
        // the template plus one unconnected layer: drag-and-drop under Xvfb leaves AWT's drag session
        // open, so the palette drag is the last mouse gesture of the test
        Files.writeString(file, Files.readString(examples.resolve("xor/xor.lcproj.json")).replace(
                "{\"id\": \"y\", \"type\": \"Dense\", \"params\": {\"units\": 1, \"activation\": \"sigmoid\"}, \"x\": 520.0, \"y\": 80.0}",
                "{\"id\": \"y\", \"type\": \"Dense\", \"params\": {\"units\": 1, \"activation\": \"sigmoid\"}, \"x\": 520.0, \"y\": 80.0},\n"
                        + "        {\"id\": \"dense1\", \"type\": \"Dense\", \"params\": {\"units\": 32}, \"x\": 280.0, \"y\": 300.0}"));

        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(file);
            return null;
        });
        NetworkEditorTopComponent editor = GuiRobot.waitFor(() -> GuiRobot.editorShowing(), "the network editor to show");
        ProjectDocument doc = editor.document();
        NetworkScene scene = editor.scene();
        assertEquals(4, (int) GuiRobot.onEdt(() -> doc.network().nodes().size()));
        JComponent view = scene.getView();
        robot.screenshot("1-opened.png");

        // connect y's output pin to dense1's input pin by dragging
        robot.drag(GuiRobot.pinOnScreen(scene, PinKey.output("y")), GuiRobot.pinOnScreen(scene, new PinKey("dense1", 0)));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().edges().contains(new Edge("y", "dense1", 0)) ? Boolean.TRUE : null), "the y → dense1 connection");
        assertEquals(Shape.of(32), GuiRobot.onEdt(() -> doc.validation().shapes().get("dense1")));

        // select dense1 by clicking it, then set units through its property (what the Properties window does)
        robot.click(GuiRobot.nodeOnScreen(scene, "dense1"));
        Node.Property<?> units = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> property(editor, "units")), "dense1's units property in the Properties window");
        GuiRobot.onEdt(() -> {
            WindowManager.getDefault().findTopComponent("properties").open();
            setUnits(units, 64);
            return null;
        });
        assertEquals(Shape.of(64), GuiRobot.onEdt(() -> doc.validation().shapes().get("dense1")));
        robot.screenshot("2-connected-and-edited.png");

        // undo and redo with Edit > Undo / Redo on the active editor
        GuiRobot.onEdt(() -> {
            editor.requestActive();
            return null;
        });
        GuiRobot.invoke(org.openide.actions.UndoAction.class);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> Shape.of(32).equals(doc.validation().shapes().get("dense1")) ? Boolean.TRUE : null), "undo of the units change");
        GuiRobot.invoke(org.openide.actions.RedoAction.class);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> Shape.of(64).equals(doc.validation().shapes().get("dense1")) ? Boolean.TRUE : null), "redo of the units change");

        // drag "Dense" from the palette (category Core) onto the canvas
        AbstractButton core = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> (AbstractButton) GuiRobot.find(c -> c instanceof AbstractButton b && "Core".equals(b.getText()))), "the palette's Core category");
        GuiRobot.onEdt(() -> {
            if (!core.isSelected()) {
                core.doClick();
            }
            return null;
        });
        Point dense = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.paletteItem("Dense")), "the Dense palette item");
        Point drop = GuiRobot.onEdt(() -> {
            Point v = view.getLocationOnScreen();
            return new Point(v.x + 620, v.y + 300);
        });
        robot.drag(dense, drop);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("dense2").isPresent() ? Boolean.TRUE : null), "the dropped Dense node");
        assertEquals(5, (int) GuiRobot.onEdt(() -> doc.network().nodes().size()));
        robot.screenshot("4-dropped.png");

        // save with File > Save (the editor's SaveCookie), close, reopen, compare
        assertTrue(GuiRobot.onEdt(doc::isModified));
        GuiRobot.onEdt(() -> {
            editor.getLookup().lookup(org.openide.cookies.SaveCookie.class).save();
            return null;
        });
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.isModified() ? null : Boolean.TRUE), "the save");
        robot.screenshot("5-saved.png");
        byte[] saved = Files.readAllBytes(file);
        var network = GuiRobot.onEdt(doc::network);
        GuiRobot.onEdt(editor::close);
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(file);
            return null;
        });
        NetworkEditorTopComponent reopened = GuiRobot.waitFor(() -> GuiRobot.editorShowing(), "the reopened editor");
        assertNotSame(editor, reopened);
        assertEquals(network, GuiRobot.onEdt(() -> reopened.document().network()));
        assertEquals(new String(saved, java.nio.charset.StandardCharsets.UTF_8), ProjectFiles.toJson(GuiRobot.onEdt(() -> reopened.document().project())));
        assertEquals(file.toAbsolutePath().normalize(), org.layercanvas.editor.ui.RecentProjects.list().get(0));
        robot.screenshot("6-reopened.png");

        // Train from the toolbar, back on the original XOR network: it trains in the background and writes the run folder
        GuiRobot.onEdt(() -> {
            reopened.document().removeNodes(java.util.Set.of("dense1", "dense2"));
            ((AbstractButton) GuiRobot.find(c -> c instanceof AbstractButton b && "Train".equals(b.getText()) && b.isShowing())).doClick();
            return null;
        });
        Path metrics = GuiRobot.waitFor(() -> {
            Path runs = dir.resolve("runs");
            if (!Files.isDirectory(runs)) {
                return null;
            }
            try (var list = Files.list(runs)) {
                return list.map(r -> r.resolve("metrics.json")).filter(Files::exists).findFirst().orElse(null);
            }
        }, "the training run's metrics.json");
        assertTrue(Files.readString(metrics).contains("\"backend\""));
        assertTrue(Files.exists(metrics.resolveSibling("weights.safetensors")) || GuiRobot.waitFor(
                () -> Files.exists(metrics.resolveSibling("weights.safetensors")) ? Boolean.TRUE : null, "the weights"));
        robot.screenshot("7-trained.png");
        GuiRobot.waitFor(() -> Files.readString(metrics).contains("\"status\" : \"completed\"") ? Boolean.TRUE : null, "the run to complete");

        // File > Export Model... with the dialog's defaults: ONNX, the newest run's weights, xor.onnx beside the project
        GuiRobot.onEdt(() -> {
            reopened.requestActive(); // Train brought the run's dashboard to the front
            return null;
        });
        javax.swing.JMenuItem exportItem = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> menuItem("File", "Export Model...")), "File > Export Model...");
        java.awt.EventQueue.invokeLater(exportItem::doClick); // the dialog is modal: do not wait for it here
        clickDialogButton("OK", "the export dialog");
        robot.screenshot("8-exported.png");
        clickDialogButton("OK", "the export's confirmation");
        Path onnx = dir.resolve("xor.onnx");
        assertTrue("the exported model", Files.size(onnx) > 100);
        assertEquals("ONNX protobuf: field 1 (ir_version) comes first", 0x08, Files.readAllBytes(onnx)[0]);

        // File > Import Model... on that file: a new project with the same network opens, its weights beside it
        Path imported = dir.resolve("imported.lcproj.json");
        GuiRobot.onEdt(() -> {
            org.layercanvas.editor.ui.ImportModelAction.importAndOpen(onnx, imported);
            return null;
        });
        NetworkEditorTopComponent importedEditor = GuiRobot.waitFor(() -> {
            NetworkEditorTopComponent e = GuiRobot.editorShowing();
            return e != null && e != reopened ? e : null;
        }, "the imported project's editor");
        var original = GuiRobot.onEdt(() -> reopened.document().network());
        var back = GuiRobot.onEdt(() -> importedEditor.document().network());
        assertEquals(original.nodes().stream().map(n -> n.id() + ":" + n.type()).toList(), back.nodes().stream().map(n -> n.id() + ":" + n.type()).toList());
        assertEquals(original.edges(), back.edges());
        assertTrue(Files.exists(dir.resolve("imported.safetensors")));
        assertTrue("no problems in the imported network", GuiRobot.onEdt(() -> importedEditor.document().problems().isEmpty()));
        robot.screenshot("9-imported.png");
    }

    /** The item {@code text} of the main window's menu {@code menu} (menus build their items lazily: it is opened first). */
    private static javax.swing.JMenuItem menuItem(String menu, String text) {
        javax.swing.JMenuBar bar = ((javax.swing.JFrame) WindowManager.getDefault().getMainWindow()).getJMenuBar();
        for (int i = 0; i < bar.getMenuCount(); i++) {
            javax.swing.JMenu m = bar.getMenu(i);
            if (m != null && menu.equals(m.getText())) {
                m.getPopupMenu(); // realises a lazily built menu
                m.setPopupMenuVisible(true);
                m.setPopupMenuVisible(false);
                for (java.awt.Component c : m.getMenuComponents()) {
                    if (c instanceof javax.swing.JMenuItem item && text.equals(item.getText())) {
                        return item;
                    }
                }
            }
        }
        return null;
    }

    /** Clicks the button labelled {@code text} in the modal dialog that shows one, and waits for the dialog to close. */
    private void clickDialogButton(String text, String what) throws Exception {
        // a dialog without a window manager may still be placing itself when first found: click again
        // (at the button's new place) if it is still open after a while
        for (int attempt = 1; attempt < 3; attempt++) {
            java.awt.Dialog dialog = clickButtonOfModalDialog(text, what);
            long until = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < until && GuiRobot.onEdt(dialog::isShowing)) {
                Thread.sleep(100);
            }
            if (!GuiRobot.onEdt(dialog::isShowing)) {
                return;
            }
        }
        java.awt.Dialog dialog = clickButtonOfModalDialog(text, what);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> dialog.isShowing() ? null : Boolean.TRUE), what + " to close");
    }

    /** Clicks button {@code text} of the showing modal dialog that has one, and returns that dialog. */
    private java.awt.Dialog clickButtonOfModalDialog(String text, String what) throws Exception {
        java.awt.Dialog[] dialog = new java.awt.Dialog[1];
        Point ok = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> {
            for (java.awt.Window w : java.awt.Window.getWindows()) {
                java.awt.Component b = w instanceof java.awt.Dialog d && d.isModal() && d.isShowing()
                        ? GuiRobot.find(w, c -> c instanceof AbstractButton x && text.equals(x.getText()) && x.isShowing()) : null;
                if (b != null) {
                    dialog[0] = (java.awt.Dialog) w;
                    Point p = b.getLocationOnScreen();
                    return new Point(p.x + b.getWidth() / 2, p.y + b.getHeight() / 2);
                }
            }
            return null;
        }), what);
        robot.click(ok);
        return dialog[0];
    }

    @SuppressWarnings("unchecked")
    private static void setUnits(Node.Property<?> units, int value) throws Exception {
        ((Node.Property<Object>) units).setValue(value);
    }

    private static Node.Property<?> property(NetworkEditorTopComponent editor, String name) {
        Node[] nodes = editor.getActivatedNodes();
        if (nodes == null || nodes.length != 1 || !nodes[0].getName().equals("dense1")) {
            return null;
        }
        for (Node.PropertySet set : nodes[0].getPropertySets()) {
            for (Node.Property<?> p : set.getProperties()) {
                if (p.getName().equals(name)) {
                    return p;
                }
            }
        }
        return null;
    }

}
