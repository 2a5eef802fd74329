package org.layercanvas.editor.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;

/**
 * A stepped batch on the canvas: small tensors written out under their layer (matrices row by row), large parameters as
 * their gradient's norm, connections carrying many values with a histogram; an empty step takes it all away.
 */
class StepOnCanvasTest {
    private static WeightTensor t(String name, int[] dims, float... v) {
        return new WeightTensor(name, Shape.of(dims), v);
    }

    private static Map<String, WeightTensor> step() {
        Map<String, WeightTensor> m = new LinkedHashMap<>();
        m.put("flat/output", t("flat/output", new int[] {2, 784}, new float[2 * 784]));
        m.put("out/output", t("out/output", new int[] {1, 2}, 0.6411f, 0.6637f));
        m.put("out/grad_output", t("out/grad_output", new int[] {1, 2}, 0.1359f, 0.1631f));
        m.put("out/weight", t("out/weight", new int[] {10, 784}, new float[7840]));
        m.put("out/weight.grad", t("out/weight.grad", new int[] {10, 784}, grad(7840, 0.001f)));
        m.put("out/bias", t("out/bias", new int[] {2}, 0.5f, 0.5f));
        m.put("out/bias.grad", t("out/bias.grad", new int[] {2}, 0.03128f, 0.0364f));
        m.put("out/bias.next", t("out/bias.next", new int[] {2}, 0.4687f, 0.4636f));
        return m;
    }

    private static float[] grad(int n, float each) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, each);
        return v;
    }

    @Test
    void layersShowTheirNumbersAndConnectionsTheirHistogram() throws Exception {
        NetworkSceneRenderingTest.render(NetworkSceneRenderingTest.document(), (scene, image) -> {
            scene.showStep(step());
            List<String> out = scene.textOf("out");
            assertThat(out).containsSubsequence("out 0.6411 0.6637", "  ∇ 0.1359 0.1631", "weight ‖∇‖ 0.0885", "bias 0.5000 0.5000",
                    "  ∇ 0.03128 0.03640", "  → 0.4687 0.4636");
            assertThat(scene.textOf("flat")).noneMatch(line -> line.startsWith("out ")); // 1,568 values: on the connection instead
            EdgeWidget flatToOut = (EdgeWidget) scene.findWidget(new Edge("flat", "out"));
            assertThat(histogram(flatToOut).isVisible()).isTrue();
            assertThat(histogram(flatToOut).getToolTipText()).startsWith("flat/output [2,784]: 0.000 … 0.000");
            assertThat(histogram((EdgeWidget) scene.findWidget(new Edge("in", "flat"))).isVisible()).as("no tensor for 'in' in this step").isFalse();
            BufferedImage after = new BufferedImage(900, 500, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = after.createGraphics();
            scene.validate(g);
            scene.paint(g);
            g.dispose();
            Rectangle bars = histogram(flatToOut).convertLocalToScene(histogram(flatToOut).getBounds());
            assertThat(NetworkSceneRenderingTest.countColor(after, bars, HistogramWidget.BARS)).as("bars drawn").isGreaterThan(10);

            scene.showStep(Map.of());
            assertThat(scene.textOf("out")).noneMatch(line -> line.startsWith("out ") || line.contains("∇") || line.contains("→ 0."));
            assertThat(histogram(flatToOut).isVisible()).isFalse();
        });
    }

    /** An imported model's layer ids may hold '/': "a" and "a/b" each get only their own parameters. */
    @Test
    void aLayerWhoseIdIsAnothersPrefixShowsOnlyItsOwnTensors() {
        Map<String, WeightTensor> m = new LinkedHashMap<>();
        m.put("a/bias", t("a/bias", new int[] {1}, 0.25f));
        m.put("a/b/bias", t("a/b/bias", new int[] {1}, 0.75f));
        StepValues step = new StepValues(m);
        assertThat(step.lines("a")).containsExactly("bias 0.2500");
        assertThat(step.lines("a/b")).containsExactly("bias 0.7500");
    }

    private static HistogramWidget histogram(EdgeWidget edge) {
        return edge.histogram();
    }
}
