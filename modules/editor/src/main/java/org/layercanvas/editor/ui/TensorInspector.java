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
 * from the list (or click its layer on the canvas) to see its statistics and, in tabs, its pictures ({@link TensorPictures}:
 * one sample's feature maps, kernels, heatmaps, histogram), its values page by page with the gradient beside them
 * ({@link TensorTable}), and the chosen sample's saliency map ({@link SaliencyPanel}); with Gradient, dL/d of it. Step steps
 * the next batch from the same weights; Step with update takes this batch's optimizer step, so one can watch training one
 * step at a time; Weights... starts from a weights file. Owns the session it steps; closing lets it go.
 */
final class TensorInspector extends TopComponent {
    private static final RequestProcessor STEPS = new RequestProcessor("LayerCanvas step", 1);
    private final ProjectSession session;
    /** Steps on the stepping thread only; a new one with fresh optimizer state for new weights. */
    private Trainer trainer;
    /** Where the weights stepped from came from (written on the stepping thread, read after it hands over). */
    private volatile String weightsFrom;
    private final Map<String, WeightTensor> tensors = new LinkedHashMap<>();
    final DefaultListModel<String> names = new DefaultListModel<>();
    final JList<String> list = new JList<>(names);
    final TensorPictures pictures = new TensorPictures();
    final JCheckBox gradient = new JCheckBox("Gradient");
    final JLabel header = new JLabel(" "), stats = new JLabel(" ");
    /** Which sample of the batch the pictures and the saliency map are of. */
    final javax.swing.JSpinner sample = new javax.swing.JSpinner(new javax.swing.SpinnerNumberModel(0, 0, 0, 1));
    final TensorTable table = new TensorTable();
    final SaliencyPanel saliency;
    final javax.swing.JTabbedPane views = new javax.swing.JTabbedPane();
    private final JButton again = new JButton("Step"), update = new JButton("Step with update"), weights = new JButton("Weights...");
    private int batch;
    /** Whether the batch shown was stepped with its update: the next update then takes the batch after it. */
    private boolean batchUpdated;
    /** Optimizer steps taken since the weights were loaded (written on the stepping thread, read after it hands over). */
    private volatile int updates;

    /** The editor stepped from: its canvas shows each stepped batch, and its clicks pick the tensor shown here. */
    private final NetworkEditorTopComponent editor;

    /** @param network the network stepped, as the session compiled it */
    TensorInspector(ProjectSession session, org.layercanvas.engine.api.Network network, String weightsFrom, String projectName,
            NetworkEditorTopComponent editor) {
        this.session = session;
        this.editor = editor;
        this.saliency = new SaliencyPanel(session, network, STEPS);
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
        update.setToolTipText("Take the optimizer step on this batch's gradients (the next batch's, when this one's is taken) "
                + "and show the parameters after it (.next)");
        weights.setName("inspector.weights");
        weights.setToolTipText("Start again from the weights in a file (.safetensors), as layercanvas step --weights does");
        weights.addActionListener(e -> chooseWeights());
        again.addActionListener(e -> step(batch + 1, false));
        update.addActionListener(e -> step(batchUpdated ? batch + 1 : batch, true));
        list.addListSelectionListener(e -> showSelected());
        gradient.addActionListener(e -> showSelected());
        sample.setName("inspector.sample");
        sample.setToolTipText("The sample of the batch whose maps and saliency show");
        sample.addChangeListener(e -> {
            showSelected();
            showSaliency();
        });
        views.setName("inspector.views");
        views.addTab("Pictures", pictures);
        views.addTab("Values", table);
        views.addTab("Saliency", saliency);
        views.addChangeListener(e -> {
            if (views.getSelectedComponent() == saliency) {
                saliency.compute();
            }
        });
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT));
        bar.add(again);
        bar.add(update);
        bar.add(weights);
        bar.add(gradient);
        bar.add(new JLabel("Sample"));
        bar.add(sample);
        bar.add(header);
        JPanel right = new JPanel(new BorderLayout());
        right.add(stats, BorderLayout.NORTH);
        right.add(views, BorderLayout.CENTER);
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, new JScrollPane(list), right);
        split.setDividerLocation(240);
        add(bar, BorderLayout.NORTH);
        add(split, BorderLayout.CENTER);
    }

    /** Asks for a weights file, loads it (off the event thread) and steps batch 0 from it; a file that does not fit says why. */
    private void chooseWeights() {
        javax.swing.JFileChooser chooser = new javax.swing.JFileChooser(editor.folder().toFile());
        chooser.setFileFilter(new javax.swing.filechooser.FileNameExtensionFilter("Weights (*.safetensors)", "safetensors"));
        if (chooser.showOpenDialog(this) != javax.swing.JFileChooser.APPROVE_OPTION) {
            return;
        }
        java.nio.file.Path file = chooser.getSelectedFile().toPath();
        STEPS.post(() -> {
            try {
                session.loadWeights(file);
                trainer = new Trainer(session.plan(), session.project().training()); // no momentum from the weights before
                weightsFrom = file.getFileName().toString();
                updates = 0;
                SwingUtilities.invokeLater(() -> step(0, false));
            } catch (java.io.IOException | RuntimeException e) {
                SwingUtilities.invokeLater(() -> header.setText("Weights not loaded: " + e.getMessage()));
            }
        });
    }

    /**
     * Steps batch {@code k} in the background and shows it; {@code withUpdate}: with the optimizer step on its gradients
     * too, whose results show as each parameter's {@code .next} (as {@code layercanvas step --update} writes them).
     */
    void step(int k, boolean withUpdate) {
        again.setEnabled(false);
        update.setEnabled(false);
        weights.setEnabled(false);
        header.setText("stepping batch " + k + "…");
        STEPS.post(() -> {
            String problem = null;
            BatchStep result = null;
            try {
                result = trainer.step(session.train(), k, withUpdate);
                if (withUpdate) {
                    updates++;
                }
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            BatchStep shown = result;
            String failed = problem;
            SwingUtilities.invokeLater(() -> show(shown, failed, k, withUpdate));
        });
    }

    private void show(BatchStep result, String problem, int k, boolean updated) {
        again.setEnabled(true);
        update.setEnabled(true);
        weights.setEnabled(true);
        if (result == null) {
            header.setText(problem);
            return;
        }
        batch = k;
        batchUpdated = updated;
        int before = updated ? updates - 1 : updates;
        header.setText(String.format("batch %d (epoch %d, batch %d of it, %d samples): loss %.5g; weights: %s%s%s", k, result.epoch(),
                result.batch(), result.rows(), result.loss(), weightsFrom, before == 0 ? "" : " after " + before + (before == 1 ? " update" : " updates"),
                updated ? "; updated (the parameters after it: .next)" : ""));
        String selected = list.getSelectedValue();
        tensors.clear();
        names.clear();
        for (WeightTensor t : result.tensors()) {
            tensors.put(t.name(), t);
            if (!t.name().endsWith(".grad") && !t.name().endsWith("/grad_output")) { // gradients: with the Gradient box
                names.addElement(t.name());
            }
        }
        ((javax.swing.SpinnerNumberModel) sample.getModel()).setMaximum(result.rows() - 1);
        if ((Integer) sample.getValue() > result.rows() - 1) {
            sample.setValue(result.rows() - 1);
        }
        list.setSelectedValue(selected != null && names.contains(selected) ? selected : names.isEmpty() ? null : names.get(0), true);
        showSelected();
        showSaliency();
        editor.scene().showStep(tensors);
    }

    /** Shows layer {@code nodeId}'s output (a click on the layer, or on a connection from it, in the editor). */
    void reveal(String nodeId) {
        String name = nodeId + "/output";
        if (names.contains(name)) {
            list.setSelectedValue(name, true);
            requestVisible();
        }
    }

    /** Where a tensor's gradient is: {@code X/output} → {@code X/grad_output}, a parameter → its {@code .grad}. */
    private static String gradientName(String name) {
        return name.endsWith("/output") ? name.replace("/output", "/grad_output") : name + ".grad";
    }

    /** The tensor picked, or its gradient: {@code X/output} → {@code X/grad_output}, a parameter → its {@code .grad}. */
    private void showSelected() {
        String name = list.getSelectedValue();
        if (name == null) {
            return;
        }
        String shown = !gradient.isSelected() ? name : gradientName(name);
        WeightTensor t = tensors.get(shown);
        table.show(tensors.get(name), tensors.get(gradientName(name)));
        if (t == null) {
            stats.setText(shown + ": no gradient flows here");
            pictures.show(null, 0);
            return;
        }
        Summary s = Summary.of(t.values(), 0, t.values().length);
        stats.setText(String.format("<html><b>%s</b> %s &nbsp; min %.4g, max %.4g, mean %.4g, std %.4g, norm %.4g, zeros %.1f %%, "
                        + "not finite %.1f %%</html>", shown, t.shape(), s.min(), s.max(), s.mean(), s.std(), s.l2Norm(),
                100 * s.zeroFraction(), 100 * s.nonFiniteFraction()));
        pictures.show(t, (Integer) sample.getValue());
    }

    private void showSaliency() {
        saliency.show(tensors.get("inputs"), tensors.get("targets"), (Integer) sample.getValue());
    }

    @Override
    public int getPersistenceType() {
        return PERSISTENCE_NEVER;
    }

    @Override
    protected void componentClosed() {
        editor.scene().showStep(Map.of());
        editor.inspectWith(null);
        STEPS.post(session::close);
    }
}
