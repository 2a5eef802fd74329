package org.layercanvas.app;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JList;
import junit.framework.Test;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.netbeans.junit.NbTestCase;

/**
 * Step in the editor, driven as a person would: LeNet-5 open, a click on Step steps batch 0 through it; clicking c1/output
 * in the inspector shows the six feature maps of the first image, Gradient the gradient reaching the first layer, and Step
 * with update moves on to batch 1 after one optimizer step. Needs Debian's Fashion-MNIST (skipped without it).
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

    private void stepLeNet5() throws Exception {
        clearWorkDir();
        Path file = getWorkDir().toPath().resolve("lenet5-fashion.lcproj.json");
        Files.copy(Path.of(System.getProperty("examples.dir")).resolve("lenet5-fashion/lenet5-fashion.lcproj.json"), file);
        GuiRobot.onEdt(() -> {
            ProjectFilesActions.open(file);
            return null;
        });
        GuiRobot.waitFor(() -> GuiRobot.editorShowing(), "the network editor to show");
        robot.click(GuiRobot.centre(GuiRobot.named("editor.step")));
        JLabel header = (JLabel) GuiRobot.named("inspector.header");
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> header.getText().startsWith("batch 0 ") ? Boolean.TRUE : null), "batch 0 stepped");
        assertTrue(header.getText(), header.getText().contains("(epoch 1, batch 0 of it, 128 samples)"));

        JList<?> list = (JList<?>) GuiRobot.named("inspector.tensors");
        robot.click(GuiRobot.onEdt(() -> GuiRobot.listItem(list, "c1/output")));
        JComponent pictures = (JComponent) GuiRobot.named("inspector.pictures");
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> "6 maps of the first sample".equals(pictures.getToolTipText()) ? Boolean.TRUE : null),
                "c1's feature maps");
        JLabel stats = (JLabel) GuiRobot.named("inspector.stats");
        assertTrue(stats.getText(), stats.getText().contains("c1/output</b> [128,6,28,28]"));
        Thread.sleep(300);
        robot.screenshot("step-1-feature-maps.png");

        robot.click(GuiRobot.centre(GuiRobot.named("inspector.gradient")));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> stats.getText().contains("c1/grad_output</b> [128,6,28,28]") ? Boolean.TRUE : null),
                "the gradient reaching c1");
        Thread.sleep(300);
        robot.screenshot("step-2-gradient-at-the-first-layer.png");

        robot.click(GuiRobot.centre(GuiRobot.named("inspector.update")));
        GuiRobot.waitFor(() -> GuiRobot.onEdt(() -> header.getText().startsWith("batch 1 ") ? Boolean.TRUE : null), "batch 1 after an update");
        assertTrue(header.getText(), header.getText().endsWith("then 1 update"));
    }
}
