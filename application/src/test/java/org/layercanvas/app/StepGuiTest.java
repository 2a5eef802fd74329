package org.layercanvas.app;

import java.nio.file.Files;
import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.util.List;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JTabbedPane;
import javax.swing.JTable;
import junit.framework.Test;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.editor.ui.NetworkEditorTopComponent;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.netbeans.junit.NbTestCase;

/**
 * Step in the editor, driven as a person would: LeNet-5 open, a click on Step steps batch 0 through it; clicking c1/output
 * in the inspector shows the six feature maps of the first image, Values its values a page at a time, Saliency the first
 * image's saliency map, Gradient the gradient reaching the first layer, and Step
 * with update takes batch 0's optimizer step (the weights after it listed), and Step shows batch 1 from them. Needs Debian's Fashion-MNIST (skipped without it).
 */
public class StepGuiTest extends NbTestCase {
    private GuiRobot robot;

    public StepGuiTest(String name) {
        super(name);
    }

    public static Test suite() {
        return GuiRobot.suite(StepGuiTest.class);
    }

    public void testStepShowsFeatureMapsAndGradientsOfLeNet5() throws Exception {
        if (!Files.exists(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"))) {
            return; // no data to step
        }
        robot = new GuiRobot();
        try {
            stepLeNet5();
        } catch (Exception | AssertionError e) {
            robot.screenshot("step-failure.png");
            throw e;
        }
    }

    /**
     * The lecture's 2-2-1 example: Step, Weights... with its initial weights typed into the file chooser, Step with update:
     * the canvas shows docs/lecture-backprop.md's numbers on the layers.
     */
    public void testLectureExampleShowsTheWorkedNumbersOnTheCanvas() throws Exception {
        robot = new GuiRobot();
        try {
            stepLecture();
        } catch (Exception | AssertionError e) {
            robot.screenshot("step-lecture-failure.png");
            throw e;
        }
    }

    private void stepLecture() throws Exception {
        clearWorkDir();
        Path dir = getWorkDir().toPath();
        Path example = Path.of(System.getProperty("examples.dir")).resolve("lecture-backprop");
        for (String name : new String[] {"lecture-backprop.lcproj.json", "event.csv", "initial-weights.safetensors"}) {
            Files.copy(example.resolve(name), dir.resolve(name));
        }
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(dir.resolve("lecture-backprop.lcproj.json"));
            return null;
        });
        NetworkEditorTopComponent editor = GuiRobot.waitFor(() -> {
            NetworkEditorTopComponent showing = GuiRobot.editorShowing();
            return showing != null && "lecture-backprop".equals(showing.document().project().name()) ? showing : null;
        }, "the lecture's editor to show");
        Thread.sleep(500);
        robot.click(GuiRobot.centre(GuiRobot.onEdt(() -> GuiRobot.find(editor, c -> "editor.step".equals(c.getName())))));
        // the header of this project's inspector (another test's may be open, in a tab behind it)
        JLabel header = (JLabel) GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> GuiRobot.find(c -> "inspector.header".equals(c.getName())
                && c.isShowing() && ((JLabel) c).getText().startsWith("batch 0 (epoch 1, batch 0 of it, 1 samples)"))), "batch 0 stepped");

        robot.click(GuiRobot.centreOf("inspector.weights"));
        Thread.sleep(1000); // the file chooser opens with the name field focused
        robot.type(dir.resolve("initial-weights.safetensors").toString());
        robot.keys(KeyEvent.VK_ENTER);
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> header.getText().contains("weights: initial-weights.safetensors") ? Boolean.TRUE : null),
                "the lecture's weights loaded");
        robot.click(GuiRobot.centreOf("inspector.update"));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> header.getText().endsWith("(the parameters after it: .next)") ? Boolean.TRUE : null),
                "the update");
        assertTrue(header.getText(), header.getText().contains("loss 0.59575"));

        NetworkScene scene = editor.scene();
        assertTrue(String.valueOf(GuiRobot.onEdt(() -> scene.textOf("hidden"))), GuiRobot.onEdt(() -> scene.textOf("hidden")).containsAll(List.of(
                "out 0.6411 0.6637", "weight 0.1000 0.2000", "       0.3000 0.4000", "  ∇ 0.006255 0.009383", "    0.007281 0.01092",
                "  → 0.09374 0.1906", "    0.2927 0.3891", "  ∇ 0.03128 0.03640", "  → 0.4687 0.4636")));
        assertTrue(String.valueOf(GuiRobot.onEdt(() -> scene.textOf("y"))), GuiRobot.onEdt(() -> scene.textOf("y")).containsAll(List.of(
                "out 0.7718", "  ∇ 0.1743 0.1804", "  → 0.3257 0.4196", "  ∇ 0.2718", "  → 0.2282")));
        Thread.sleep(300);
        robot.screenshot("step-lecture-numbers.png");
    }

    private void stepLeNet5() throws Exception {
        clearWorkDir();
        Path file = getWorkDir().toPath().resolve("lenet5-fashion.lcproj.json");
        Files.copy(Path.of(System.getProperty("examples.dir")).resolve("lenet5-fashion/lenet5-fashion.lcproj.json"), file);
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(file);
            return null;
        });
        GuiRobot.waitFor(() -> GuiRobot.editorShowing(), "the network editor to show");
        robot.click(GuiRobot.centreOf("editor.step"));
        JLabel header = (JLabel) GuiRobot.named("inspector.header");
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> header.getText().startsWith("batch 0 ") ? Boolean.TRUE : null), "batch 0 stepped");
        assertTrue(header.getText(), header.getText().contains("(epoch 1, batch 0 of it, 128 samples)"));

        JList<?> list = (JList<?>) GuiRobot.named("inspector.tensors");
        robot.click(GuiRobot.onEdt(() -> GuiRobot.listItem(list, "c1/output")));
        JComponent pictures = (JComponent) GuiRobot.named("inspector.pictures");
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> "6 maps of sample 0".equals(pictures.getToolTipText()) ? Boolean.TRUE : null),
                "c1's feature maps");
        JLabel stats = (JLabel) GuiRobot.named("inspector.stats");
        assertTrue(stats.getText(), stats.getText().contains("c1/output</b> [128,6,28,28]"));
        Thread.sleep(300);
        robot.screenshot("step-1-feature-maps.png");

        // the values page by page, the gradient beside them; then the saliency map of the first image's own class
        JTabbedPane views = (JTabbedPane) GuiRobot.named("inspector.views");
        robot.click(GuiRobot.tabOnScreen(views, 1));
        JLabel position = (JLabel) GuiRobot.named("inspector.values.position");
        assertEquals("values 1–1,000 of 602,112", position.getText());
        robot.click(GuiRobot.centreOf("inspector.values.next"));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> position.getText().equals("values 1,001–2,000 of 602,112") ? Boolean.TRUE : null), "page 2");
        JTable values = (JTable) GuiRobot.named("inspector.values");
        assertEquals("value 1,000 = 784 + 7 x 28 + 20", "[0, 1, 7, 20]", GuiRobot.onEdt(() -> values.getValueAt(0, 0)));
        assertEquals("gradient", GuiRobot.onEdt(() -> values.getColumnName(2)));
        robot.click(GuiRobot.tabOnScreen(views, 2));
        JLabel saliency = (JLabel) GuiRobot.named("inspector.saliency.caption");
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> saliency.getText().startsWith("sample 0, output ") ? Boolean.TRUE : null), "the saliency map");
        Thread.sleep(300);
        robot.screenshot("step-1b-saliency.png");
        robot.click(GuiRobot.tabOnScreen(views, 0));

        robot.click(GuiRobot.centreOf("inspector.gradient"));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> stats.getText().contains("c1/grad_output</b> [128,6,28,28]") ? Boolean.TRUE : null),
                "the gradient reaching c1");
        Thread.sleep(300);
        robot.screenshot("step-2-gradient-at-the-first-layer.png");

        robot.click(GuiRobot.centreOf("inspector.update"));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> header.getText().endsWith("(the parameters after it: .next)") ? Boolean.TRUE : null),
                "batch 0 with its update");
        assertTrue(header.getText(), header.getText().startsWith("batch 0 "));
        assertTrue("the weights after the update listed", GuiRobot.onEdt(() -> GuiRobot.index(list, "c1/weight.next")) >= 0);
        robot.click(GuiRobot.centreOf("inspector.step"));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> header.getText().startsWith("batch 1 ") ? Boolean.TRUE : null), "batch 1 after the update");
        assertTrue(header.getText(), header.getText().endsWith("after 1 update"));
    }
}
