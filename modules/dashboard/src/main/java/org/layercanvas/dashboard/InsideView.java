package org.layercanvas.dashboard;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.layercanvas.engine.insight.Histogram;
import org.layercanvas.engine.insight.LayerSnapshot;
import org.layercanvas.engine.insight.RunHistory;

/**
 * Inside the network: the chosen parameter's weight and gradient histograms and the chosen layer's
 * activations (latest look), and over time for every parameter the gradient norm and the
 * update-to-parameter ratio (log scale: vanishing gradients in a deep sigmoid network sit decades
 * below a ReLU network's), and every layer's activation spread.
 */
final class InsideView implements RunView {
    private final JPanel root = new JPanel(new BorderLayout());
    final JComboBox<String> param = new JComboBox<>(), layer = new JComboBox<>();
    final JFreeChart weights = Charts.histogram("Weights", "value"), gradients = Charts.histogram("Gradients", "value"),
            activations = Charts.histogram("Activations", "value"), gradientNorm = Charts.xy("Gradient norm ‖g‖", "step", "L2 norm"),
            updateRatio = Charts.xy("Update / parameter ratio ‖ΔW‖/‖W‖", "step", "ratio"),
            activationSpread = Charts.xy("Activation std (probe batch)", "step", "std");
    private RunHistory last;
    private boolean updatingChoices;

    InsideView() {
        JPanel controls = new JPanel(new FlowLayout(FlowLayout.LEFT));
        controls.add(new JLabel("Parameter"));
        controls.add(param);
        controls.add(new JLabel("Layer"));
        controls.add(layer);
        param.setName("inside.param");
        layer.setName("inside.layer");
        param.addActionListener(e -> redraw());
        layer.addActionListener(e -> redraw());
        Charts.logScale(gradientNorm, true);
        Charts.logScale(updateRatio, true);
        JPanel grid = new JPanel(new GridLayout(2, 3));
        for (JFreeChart c : new JFreeChart[] {weights, gradients, activations, gradientNorm, updateRatio, activationSpread}) {
            grid.add(Charts.panel(c));
        }
        root.add(controls, BorderLayout.NORTH);
        root.add(grid, BorderLayout.CENTER);
    }

    @Override
    public String title() {
        return "Inside";
    }

    @Override
    public JComponent component() {
        return root;
    }

    private void redraw() {
        if (last != null && !updatingChoices) {
            show(last);
        }
    }

    @Override
    public void show(RunHistory run) {
        last = run;
        LayerSnapshot latest = run.lastSnapshot();
        if (latest == null) {
            return;
        }
        updatingChoices = true;
        try {
            choices(param, latest.params().stream().map(LayerSnapshot.ParamStats::name).toList());
            choices(layer, latest.activations().stream().map(LayerSnapshot.ActivationStats::nodeId).toList());
        } finally {
            updatingChoices = false;
        }
        String p = (String) param.getSelectedItem(), l = (String) layer.getSelectedItem();
        latest.params().stream().filter(s -> s.name().equals(p)).findFirst().ifPresent(s -> {
            single(weights, "weights of " + s.name(), s.weightHistogram(), Charts.TRAIN);
            single(gradients, "gradients of " + s.name(), s.gradientHistogram(), Charts.VALIDATION);
            weights.setTitle(String.format("Weights %s: mean %.3g, std %.3g", s.name(), s.weights().mean(), s.weights().std()));
            gradients.setTitle(String.format("Gradients %s: ‖g‖ %.3g", s.name(), s.gradients().l2Norm()));
        });
        latest.activations().stream().filter(a -> a.nodeId().equals(l)).findFirst().ifPresent(a -> {
            single(activations, "activations of " + a.nodeId(), a.histogram(), new Color(0x2ca02c));
            activations.setTitle(String.format("Activations %s: mean %.3g, std %.3g, zeros %.0f%%", a.nodeId(), a.summary().mean(),
                    a.summary().std(), 100 * a.summary().zeroFraction()));
        });
        List<LayerSnapshot> all = run.snapshots();
        over(gradientNorm, all, s -> params(s, q -> q.gradients().l2Norm()));
        over(updateRatio, all, s -> params(s, LayerSnapshot.ParamStats::updateRatio));
        over(activationSpread, all, s -> {
            Map<String, Double> m = new LinkedHashMap<>();
            s.activations().forEach(a -> m.put(a.nodeId(), a.summary().std()));
            return m;
        });
    }

    private static Map<String, Double> params(LayerSnapshot s, java.util.function.ToDoubleFunction<LayerSnapshot.ParamStats> f) {
        Map<String, Double> m = new LinkedHashMap<>();
        s.params().forEach(q -> m.put(q.name(), f.applyAsDouble(q)));
        return m;
    }

    /** One line per name over the snapshots' steps; non-positive values are left out (log axes). */
    private static void over(JFreeChart chart, List<LayerSnapshot> all, java.util.function.Function<LayerSnapshot, Map<String, Double>> f) {
        Charts.data(chart).removeAllSeries();
        Map<String, XYSeries> lines = new LinkedHashMap<>();
        for (LayerSnapshot s : all) {
            for (Map.Entry<String, Double> e : f.apply(s).entrySet()) {
                XYSeries line = lines.computeIfAbsent(e.getKey(),
                        k -> Charts.series(chart, k, Charts.PALETTE[lines.size() % Charts.PALETTE.length], false));
                double v = e.getValue();
                if (Double.isFinite(v) && v > 0) {
                    line.add(s.step(), v, false);
                }
            }
        }
        lines.values().forEach(XYSeries::fireSeriesChanged);
    }

    private static void single(JFreeChart chart, String name, Histogram h, Color c) {
        Charts.setHistograms(chart, new String[] {name}, new Histogram[] {h}, new Color[] {c}, false);
    }

    private static void choices(JComboBox<String> box, List<String> names) {
        DefaultComboBoxModel<String> model = (DefaultComboBoxModel<String>) box.getModel();
        boolean same = model.getSize() == names.size();
        for (int i = 0; same && i < names.size(); i++) {
            same = Objects.equals(model.getElementAt(i), names.get(i));
        }
        if (!same) {
            Object selected = box.getSelectedItem();
            model.removeAllElements();
            names.forEach(model::addElement);
            if (selected != null && names.contains(selected)) {
                box.setSelectedItem(selected);
            }
        }
    }
}
