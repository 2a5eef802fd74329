package org.layercanvas.editor.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.SwingUtilities;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.insight.Summary;
import org.layercanvas.engine.train.BatchStep;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.workbench.ProjectSession;
import org.openide.util.RequestProcessor;
import org.openide.windows.TopComponent;

/**
 * One batch stepped through the editor's network (as {@code layercanvas step} does it), every tensor on the way: pick one
 * from the list to see its statistics, its pictures ({@link TensorPictures}: feature maps, kernels, heatmaps) and its
 * histogram, or, with Gradient, dL/d of it. Step steps the next batch from the same weights; Step with update takes the
 * optimizer step first, so one can watch training one step at a time. Owns the session it steps; closing lets it go.
 */
final class TensorInspector extends TopComponent {
    private static final RequestProcessor STEPS = new RequestProcessor("LayerCanvas step", 1);
    private final ProjectSession session;
    private final Trainer trainer;
    private final String weightsFrom;
    private final Map<String, WeightTensor> tensors = new LinkedHashMap<>();
    final DefaultListModel<String> names = new DefaultListModel<>();
    final JList<String> list = new JList<>(names);
    final TensorPictures pictures = new TensorPictures();
    final JCheckBox gradient = new JCheckBox("Gradient");
    final JLabel header = new JLabel(" "), stats = new JLabel(" ");
    private final JButton again = new JButton("Step"), update = new JButton("Step with update");
    private int batch;
    /** Optimizer steps taken since the weights were loaded (written on the stepping thread, read after it hands over). */
    private volatile int updates;

    TensorInspector(ProjectSession session, String weightsFrom, String projectName) {
        this.session = session;
        this.trainer = new Trainer(session.plan(), session.project().training());
        this.weightsFrom = weightsFrom;
        setName("Inside one batch: " + projectName);
        setDisplayName("Inside one batch: " + projectName);
        setLayout(new BorderLayout());
        list.setName("inspector.tensors");
        pictures.setName("inspector.pictures");
        stats.setName("inspector.stats");
        gradient.setName("inspector.gradient");
        header.setName("inspector.header");
        again.setName("inspector.step");
        update.setName("inspector.update");
        again.setToolTipText("Run the next batch forward and backward, weights unchanged");
        update.setToolTipText("Apply the optimizer step to this batch's gradients, then run the next batch");
        again.addActionListener(e -> step(batch + 1, false));
        update.addActionListener(e -> step(batch, true));
        list.addListSelectionListener(e -> showSelected());
        gradient.addActionListener(e -> showSelected());
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT));
        bar.add(again);
        bar.add(update);
        bar.add(gradient);
        bar.add(header);
        JPanel right = new JPanel(new BorderLayout());
        right.add(stats, BorderLayout.NORTH);
        right.add(pictures, BorderLayout.CENTER);
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, new JScrollPane(list), right);
        split.setDividerLocation(240);
        add(bar, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
    }

    /** Steps batch {@code k} in the background (after an optimizer step on the shown batch when {@code withUpdate}), then shows it. */
    void step(int k, boolean withUpdate) {
        again.setEnabled(false);
        update.setEnabled(false);
        header.setText("stepping batch " + k + "…");
        STEPS.post(() -> {
            String problem = null;
            BatchStep result = null;
            try {
                if (withUpdate) {
                    trainer.step(session.train(), k, true); // the update of the batch shown, from its gradients
                    updates++;
                }
                result = trainer.step(session.train(), withUpdate ? k + 1 : k, false);
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            BatchStep shown = result;
            String failed = problem;
            SwingUtilities.invokeLater(() -> show(shown, failed, withUpdate ? k + 1 : k));
        });
    }

    private void show(BatchStep result, String problem, int k) {
        again.setEnabled(true);
        update.setEnabled(true);
        if (result == null) {
            header.setText(problem);
            return;
        }
        batch = k;
        header.setText(String.format("batch %d (epoch %d, batch %d of it, %d samples): loss %.5g; weights: %s%s", k, result.epoch(),
                result.batch(), result.rows(), result.loss(), weightsFrom, updates == 0 ? "" : ", then " + updates + " update"
                        + (updates == 1 ? "" : "s")));
        String selected = list.getSelectedValue();
        tensors.clear();
        names.clear();
        for (WeightTensor t : result.tensors()) {
            tensors.put(t.name(), t);
            if (!t.name().endsWith(".grad") && !t.name().endsWith("/grad_output")) { // gradients: with the Gradient box
                names.addElement(t.name());
            }
        }
        list.setSelectedValue(selected != null && names.contains(selected) ? selected : names.isEmpty() ? null : names.get(0), true);
        showSelected();
    }

    /** The tensor picked, or its gradient: {@code X/output} → {@code X/grad_output}, a parameter → its {@code .grad}. */
    private void showSelected() {
        String name = list.getSelectedValue();
        if (name == null) {
            return;
        }
        String shown = !gradient.isSelected() ? name : name.endsWith("/output") ? name.replace("/output", "/grad_output") : name + ".grad";
        WeightTensor t = tensors.get(shown);
        if (t == null) {
            stats.setText(shown + ": no gradient flows here");
            pictures.show(null);
            return;
        }
        Summary s = Summary.of(t.values(), 0, t.values().length);
        stats.setText(String.format("<html><b>%s</b> %s &nbsp; min %.4g, max %.4g, mean %.4g, std %.4g, norm %.4g, zeros %.1f %%, "
                        + "not finite %.1f %%</html>", shown, t.shape(), s.min(), s.max(), s.mean(), s.std(), s.l2Norm(),
                100 * s.zeroFraction(), 100 * s.nonFiniteFraction()));
        pictures.show(t);
    }

    @Override
    public int getPersistenceType() {
        return PERSISTENCE_NEVER;
    }

    @Override
    protected void componentClosed() {
        STEPS.post(session::close);
    }
}
