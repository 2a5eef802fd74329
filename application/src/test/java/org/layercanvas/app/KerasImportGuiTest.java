package org.layercanvas.app;

import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.JFileChooser;
import javax.swing.JMenuItem;
import junit.framework.Test;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.netbeans.junit.NbTestCase;
import org.openide.windows.WindowManager;

/**
 * File ▸ Import Model… on a Keras model that TensorFlow.js built and saved (model.json and weights.bin), driven as a person
 * would: the menu clicked, the path typed into the file chooser, Enter; the project name the second chooser proposes (the
 * model's folder) taken with Enter. The project opens with the Keras layers, the ZeroPadding2D folded into its Conv2D, the
 * channels-last image input as a channels-first one, and its weights beside it.
 */
public class KerasImportGuiTest extends NbTestCase {
    private GuiRobot robot;

    public KerasImportGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(KerasImportGuiTest.class);
    }

    public void testImportModelOpensAKerasModelSavedByTensorFlowJs() throws Exception {
        robot = new GuiRobot();
        try {
            importKeras();
        } catch (Exception | AssertionError e) {
            robot.screenshot("keras-import-failure.png");
            throw e;
        }
    }

    private void importKeras() throws Exception {
        clearWorkDir();
        Path models = Path.of(System.getProperty("examples.dir")).resolveSibling("modules/formats/src/test/resources/org/layercanvas/formats/keras/models");
        Path dir = getWorkDir().toPath().toAbsolutePath().resolve("functional-cnn");
        Files.createDirectories(dir);
        for (String f : new String[] {"model.json", "weights.bin"}) {
            Files.copy(models.resolve("functional-cnn").resolve(f), dir.resolve(f));
        }
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> WindowManager.getDefault().getMainWindow().isShowing() ? Boolean.TRUE : null), "the main window");

        robot.click(GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.menuOnScreen("File")), "the File menu"));
        JMenuItem item = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.showingItem("Import Model...")), "File > Import Model...");
        robot.click(GuiRobot.centre(item));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.find(c -> c instanceof JFileChooser f && f.isShowing())), "the model chooser");
        robot.type(dir.resolve("model.json").toString());
        robot.keys(KeyEvent.VK_ENTER);
        JFileChooser save = GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> (JFileChooser) GuiRobot.find(c -> c instanceof JFileChooser f && f.isShowing()
                && f.getDialogTitle().startsWith("Save"))), "the project chooser");
        assertEquals("functional-cnn.lcproj.json", GuiRobot.onEdt(() -> save.getSelectedFile().getName()));
        robot.screenshot("ki1-save-as.png");
        robot.keys(KeyEvent.VK_ENTER);

        NetworkEditorTopComponent editor = GuiRobot.waitFor(GuiRobot::editorShowing, "the imported project's editor");
        var net = GuiRobot.onEdt(() -> editor.document().network());
        assertEquals(java.util.List.of("image:Input", "c1:Conv2D", "c2:Conv2D", "sum:Add", "joined:Concatenate", "act:Activation", "flat:Flatten",
                "drop:Dropout", "out:Dense"), net.nodes().stream().map(n -> n.id() + ":" + n.type()).toList());
        assertEquals(java.util.List.of(1, 7, 7), net.node("image").orElseThrow().params().get("shape"));
        assertEquals(1, net.node("c1").orElseThrow().params().get("padding"));
        assertTrue(GuiRobot.onEdt(() -> editor.document().problems().isEmpty()));
        assertTrue(Files.exists(dir.resolve("functional-cnn.lcproj.json")));
        assertTrue(Files.size(dir.resolve("functional-cnn.safetensors")) > 221 * 4);
        robot.screenshot("ki2-imported.png");
    }
}
