package org.layercanvas.app;

import java.awt.Component;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.JComboBox;
import javax.swing.JList;
import javax.swing.JMenuItem;
import javax.swing.JPopupMenu;
import junit.framework.Test;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.formats.ProjectFiles;
import org.netbeans.api.visual.widget.Widget;
import org.netbeans.junit.NbTestCase;

/**
 * Editing from the keyboard and the context menu, with real key and mouse events (java.awt.Robot):
 * click a layer and press Delete, Ctrl+Z, Ctrl+Y, Ctrl+Z; right-click a layer and choose Duplicate;
 * Ctrl+S and the file on disk has the duplicate; switch the GAN project to its discriminator with
 * the network combo, delete a layer there and undo. Screenshots go to target/screenshots.
 */
public class KeyboardGuiTest extends NbTestCase {
    private GuiRobot robot;

    public KeyboardGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(KeyboardGuiTest.class);
    }

    public void testKeysContextMenuAndNetworks() throws Exception {
        robot = new GuiRobot();
        try {
            keysContextMenuAndNetworks();
        } catch (Exception | AssertionError e) {
            robot.screenshot("keyboard-failure.png");
            throw e;
        }
    }

    private void keysContextMenuAndNetworks() throws Exception {
        clearWorkDir();
        Path dir = getWorkDir().toPath();
        Path examples = Path.of(System.getProperty("examples.dir"));
        // LeNet-5, two rows wide in its file, opens fitted: every layer inside the visible part of the canvas
        Path lenet = dir.resolve("lenet5.lcproj.json");
        Files.copy(examples.resolve("lenet5-fashion/lenet5-fashion.lcproj.json"), lenet);
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(lenet);
            return null;
        });
        NetworkEditorTopComponent lenetEditor = GuiRobot.waitFor(GuiRobot::editorShowing, "LeNet-5's editor");
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> allVisible(lenetEditor.scene()) ? Boolean.TRUE : null), "LeNet-5 fitted into the window");
        robot.screenshot("k0-lenet-fitted.png");
        GuiRobot.onEdt(() -> {
            lenetEditor.close();
            return null;
        });

        Path file = dir.resolve("gan.lcproj.json");
        Files.copy(examples.resolve("gan-fashion/gan-fashion.lcproj.json"), file);
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(file);
            return null;
        });
        NetworkEditorTopComponent editor = GuiRobot.waitFor(GuiRobot::editorShowing, "the network editor");
        ProjectDocument doc = editor.document();
        NetworkScene scene = editor.scene();
        assertEquals("generator", GuiRobot.onEdt(doc::networkName));
        robot.screenshot("k1-opened-fitted.png");

        // a click on the empty canvas shows the project's training and data settings in Properties
        robot.click(GuiRobot.onEdt(() -> {
            Point s = scene.getView().getLocationOnScreen();
            java.awt.Rectangle visible = scene.getView().getVisibleRect();
            return new Point(s.x + visible.x + visible.width - 20, s.y + visible.y + visible.height - 20);
        }));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> editor.getActivatedNodes().length == 1
                && "settings".equals(editor.getActivatedNodes()[0].getName()) ? Boolean.TRUE : null), "the settings in Properties");
        robot.screenshot("k1b-settings.png");

        // click g2, press Delete: the layer and its two connections go
        robot.click(GuiRobot.nodeOnScreen(scene, "g2"));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> scene.getSelectedObjects().contains("g2") ? Boolean.TRUE : null), "g2 selected by the click");
        assertFalse("a click without a move is no edit", GuiRobot.onEdt(doc::isModified));
        robot.keys(KeyEvent.VK_DELETE);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("g2").isEmpty() ? Boolean.TRUE : null), "Delete to remove g2");
        robot.screenshot("k2-deleted.png");
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_Z);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("g2").isPresent() ? Boolean.TRUE : null), "Ctrl+Z to bring g2 back");
        assertTrue(GuiRobot.onEdt(() -> doc.network().edges().contains(new Edge("g2", "pixels", 0))));
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_Y);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("g2").isEmpty() ? Boolean.TRUE : null), "Ctrl+Y to delete g2 again");
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_Z);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("g2").isPresent() ? Boolean.TRUE : null), "Ctrl+Z again");

        // Edit > Delete (clicked in the menu bar) with g2 selected, then Ctrl+Z
        robot.click(GuiRobot.nodeOnScreen(scene, "g2"));
        robot.click(GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.menuOnScreen("Edit")), "the Edit menu"));
        JMenuItem delete = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.showingItem("Delete")), "Edit > Delete");
        assertTrue("Edit > Delete is enabled with a layer selected", GuiRobot.onEdt(delete::isEnabled));
        assertEquals("Delete", GuiRobot.onEdt(() -> KeyEvent.getKeyText(delete.getAccelerator().getKeyCode())));
        robot.click(GuiRobot.centre(delete));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("g2").isEmpty() ? Boolean.TRUE : null), "Edit > Delete to remove g2");
        robot.click(GuiRobot.nodeOnScreen(scene, "g1"));
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_Z);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("g2").isPresent() ? Boolean.TRUE : null), "Ctrl+Z after Edit > Delete");

        // dragging noise's output onto g2's input, which g1 already feeds: refused, with the reason beside the target and then in the status line
        robot.drag(GuiRobot.pinOnScreen(scene, org.layercanvas.editor.scene.PinKey.output("noise")), GuiRobot.pinOnScreen(scene, new org.layercanvas.editor.scene.PinKey("g2", 0)), () -> {
            assertEquals("input 0 of 'g2' is already fed by 'g1'", GuiRobot.onEdt(scene::currentHint));
            robot.screenshot("k2b-refused-connection.png");
            return null;
        });
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.find(editor, c -> c instanceof javax.swing.JLabel l
                && "Connection refused: input 0 of 'g2' is already fed by 'g1'".equals(l.getText()))), "the refusal in the status line");
        assertNull("the hint beside the target goes with the drop", GuiRobot.onEdt(scene::currentHint));
        assertFalse(GuiRobot.onEdt(() -> doc.network().edges().contains(new Edge("noise", "g2", 0))));

        // right-click g1: its context menu; Duplicate adds a copy
        robot.rightClick(GuiRobot.nodeOnScreen(scene, "g1"));
        JMenuItem duplicate = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> popupItem("Duplicate")), "the layer's context menu");
        robot.screenshot("k3-context-menu.png");
        robot.click(GuiRobot.centre(duplicate));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().nodes().size() == 6 ? Boolean.TRUE : null), "Duplicate to add a layer");
        String copy = GuiRobot.onEdt(() -> doc.network().nodes().get(5).id());

        // Ctrl+S with the canvas focused writes the file
        robot.click(GuiRobot.nodeOnScreen(scene, copy));
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_S);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.isModified() ? null : Boolean.TRUE), "Ctrl+S to save");
        assertTrue("the saved file has the duplicate", ProjectFiles.read(file).network("generator").orElseThrow().node(copy).isPresent());

        // the network combo: choose the discriminator, delete its 'd2' with the keyboard, undo
        JComboBox<?> combo = (JComboBox<?>) GuiRobot.onEdt(() -> GuiRobot.find(editor, c -> c instanceof JComboBox<?> b && b.isShowing()));
        robot.click(GuiRobot.centre(combo));
        Point item = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> listItem("discriminator")), "the combo's list");
        robot.click(item);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> "discriminator".equals(doc.networkName()) ? Boolean.TRUE : null), "the discriminator shown");
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> scene.findWidget("d2") != null ? Boolean.TRUE : null), "the discriminator's layers on the canvas");
        robot.screenshot("k4-discriminator.png");
        robot.click(GuiRobot.nodeOnScreen(scene, "d2"));
        robot.keys(KeyEvent.VK_DELETE);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("d2").isEmpty() ? Boolean.TRUE : null), "Delete in the discriminator");
        assertTrue(GuiRobot.onEdt(() -> doc.project().network("discriminator").orElseThrow().node("d2").isEmpty()));
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_Z);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().node("d2").isPresent() ? Boolean.TRUE : null), "Ctrl+Z in the discriminator");
        assertEquals("discriminator", GuiRobot.onEdt(doc::networkName));
        assertFalse("undo brought the project back to its saved state", GuiRobot.onEdt(doc::isModified));

        // Ctrl+A, Delete: the whole network goes, from the document and the canvas (the selection shrank to one removed
        // layer on the way and Properties looked it up: an exception left the canvas half cleared); Ctrl+Z brings it back
        int layers = GuiRobot.onEdt(() -> doc.network().nodes().size());
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_A);
        robot.keys(KeyEvent.VK_DELETE);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().nodes().isEmpty() ? Boolean.TRUE : null), "Ctrl+A, Delete to empty the network");
        assertTrue("the canvas shows no layer", GuiRobot.onEdt(() -> scene.getNodes().isEmpty()));
        robot.keys(KeyEvent.VK_F); // fitting an empty canvas is nothing to do
        robot.screenshot("k5-all-deleted.png");
        robot.keys(KeyEvent.VK_CONTROL, KeyEvent.VK_Z);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> doc.network().nodes().size() == layers ? Boolean.TRUE : null), "Ctrl+Z to bring them all back");
        assertEquals(layers, (int) GuiRobot.onEdt(() -> scene.getNodes().size()));
        GuiRobot.onEdt(() -> {
            editor.close();
            return null;
        });
    }

    /** Whether every layer lies inside the part of the canvas that shows. */
    private static boolean allVisible(NetworkScene scene) {
        Rectangle visible = scene.getView().getVisibleRect();
        for (String id : scene.getNodes()) {
            Widget w = scene.findWidget(id);
            if (w.getBounds() == null || !visible.contains(scene.convertSceneToView(w.convertLocalToScene(w.getBounds())))) {
                return false;
            }
        }
        return true;
    }

    private static JMenuItem popupItem(String text) {
        for (java.awt.Window w : java.awt.Window.getWindows()) {
            Component found = w.isShowing() ? GuiRobot.find(w, c -> c instanceof JPopupMenu p && p.isShowing()) : null;
            if (found instanceof JPopupMenu menu) {
                for (Component c : menu.getComponents()) {
                    if (c instanceof JMenuItem i && text.equals(i.getText())) {
                        return i;
                    }
                }
            }
        }
        return null;
    }

    /** The on-screen centre of the item {@code text} in a showing combo-box popup list. */
    private static Point listItem(String text) {
        for (java.awt.Window w : java.awt.Window.getWindows()) {
            Component found = w.isShowing() ? GuiRobot.find(w, c -> c instanceof JList<?> l && l.isShowing() && index(l, text) >= 0) : null;
            if (found instanceof JList<?> list) {
                Rectangle cell = list.getCellBounds(index(list, text), index(list, text));
                Point p = list.getLocationOnScreen();
                return new Point(p.x + cell.x + cell.width / 2, p.y + cell.y + cell.height / 2);
            }
        }
        return null;
    }

    private static int index(JList<?> list, String text) {
        for (int i = 0; i < list.getModel().getSize(); i++) {
            if (text.equals(String.valueOf(list.getModel().getElementAt(i)))) {
                return i;
            }
        }
        return -1;
    }
}
