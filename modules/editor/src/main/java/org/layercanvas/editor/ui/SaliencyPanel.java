package org.layercanvas.editor.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.util.Arrays;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingUtilities;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.insight.Saliency;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.workbench.ProjectSession;
import org.openide.util.RequestProcessor;

/**
 * The Saliency tab of the inspector: for the sample chosen in the stepped batch and the class (output) chosen here, the
 * gradient of that output with respect to the sample ({@link Saliency}), from the weights being stepped. Computed on the
 * stepping thread, which owns the weights, when the tab shows.
 */
final class SaliencyPanel extends JPanel {
    private final ProjectSession session;
    private final Network network;
    private final RequestProcessor steps;
    final JComboBox<String> output = new JComboBox<>();
    final JLabel caption = new JLabel(" ");
    final SaliencyView view = new SaliencyView();
    private WeightTensor inputs;
    private int sample;

    SaliencyPanel(ProjectSession session, Network network, RequestProcessor steps) {
        super(new BorderLayout());
        this.session = session;
        this.network = network;
        this.steps = steps;
        output.setName("inspector.saliency.class");
        caption.setName("inspector.saliency.caption");
        view.setName("inspector.saliency");
        int outputs = session.plan().outputShape().size();
        for (int k = 0; k < outputs; k++) {
            output.addItem(String.valueOf(k));
        }
        output.addActionListener(e -> compute());
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT));
        bar.add(new JLabel("Gradient of output (class)"));
        bar.add(output);
        bar.add(new JLabel("with respect to the input:"));
        bar.add(caption);
        add(bar, BorderLayout.NORTH);
        add(view, BorderLayout.CENTER);
    }

    /**
     * The batch's inputs, its targets and the sample chosen; the class shown becomes the sample's own (its one-hot target)
     * when there is one. Computed at once when the tab shows, else when it is next shown.
     */
    void show(WeightTensor inputs, WeightTensor targets, int sample) {
        this.inputs = inputs;
        this.sample = sample;
        int target = targetClass(targets, sample);
        if (target >= 0 && target < output.getItemCount() && target != output.getSelectedIndex()) {
            output.setSelectedIndex(target); // computes
        } else if (isShowing()) {
            compute();
        }
    }

    /** The class a one-hot target row names, or -1 (no targets, or not a class). */
    private int targetClass(WeightTensor targets, int sample) {
        if (targets == null || targets.shape().dims().length != 2 || targets.shape().dims()[1] != output.getItemCount()
                || sample >= targets.shape().dims()[0]) {
            return -1;
        }
        int n = targets.shape().dims()[1];
        float[] row = Arrays.copyOfRange(targets.values(), sample * n, (sample + 1) * n);
        return n > 1 ? argmax(row) : -1;
    }

    void compute() {
        if (!isShowing() || inputs == null || output.getSelectedIndex() < 0) {
            return;
        }
        int k = output.getSelectedIndex(), s = Math.min(sample, inputs.shape().dims()[0] - 1);
        int size = inputs.values().length / inputs.shape().dims()[0];
        float[] x = Arrays.copyOfRange(inputs.values(), s * size, (s + 1) * size);
        int[] dims = Arrays.copyOfRange(inputs.shape().dims(), 1, inputs.shape().dims().length);
        caption.setText("computing…");
        steps.post(() -> {
            String text;
            Saliency.Result map = null;
            try (Saliency saliency = new Saliency(network, LayerRegistry.standard(), session.plan().weights())) {
                map = saliency.of(x, k);
                text = String.format("sample %d, output %d = %.4g; the largest output: %d", s, k, map.outputs()[k], argmax(map.outputs()));
            } catch (RuntimeException e) {
                text = "no saliency map: " + e.getMessage();
            }
            Saliency.Result shown = map;
            String said = text;
            SwingUtilities.invokeLater(() -> {
                caption.setText(said);
                view.show(shown == null ? null : dims, x, shown == null ? null : shown.gradient());
            });
        });
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
