package org.layercanvas.dashboard;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.table.DefaultTableModel;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.layercanvas.engine.insight.RocCurve;
import org.layercanvas.engine.insight.Diagnostics;
import org.layercanvas.engine.insight.EpochRecord;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.runs.RunFolder;
import org.layercanvas.formats.runs.RunFolderReader;
import org.layercanvas.formats.runs.RunList;
import org.layercanvas.workbench.DesignDiff;

/**
 * The project's runs (the folders under {@code runs/}), newest first: select several to compare their
 * curves overlaid and their hyperparameters and final metrics side by side; open one in its own dashboard.
 */
final class RunsView implements RunView {
    private final Path runsDirectory;
    private final Consumer<Path> opener;
    private final JPanel root = new JPanel(new BorderLayout());
    final DefaultTableModel runs = new DefaultTableModel() {
        @Override
        public boolean isCellEditable(int row, int column) {
            return false;
        }

        /** Final metrics and epochs are numbers, so that clicking a column header sorts by value (a sweep's best first). */
        @Override
        public Class<?> getColumnClass(int column) {
            return column == EPOCHS ? Integer.class : column > EPOCHS ? Double.class : String.class;
        }
    };
    private static final int EPOCHS = 3;
    final JTable table = new JTable(runs);
    final DefaultTableModel comparison = new DefaultTableModel();
    final JComboBox<String> metric = new JComboBox<>(new String[] {"val_loss", "loss", "val_accuracy", "accuracy"});
    final JFreeChart overlay = Charts.xy("Runs compared", "epoch", "val_loss");
    /** The selected runs' ROC curves on one plot: classifiers compared on the same data (an MLP against LDA). */
    final JFreeChart rocs = Charts.xy("ROC curves of the selected runs", "false positive rate", "true positive rate");
    /** A sweep at a glance: each run's final metric against one of its hyperparameters. */
    final JFreeChart scatter = Charts.xy("Final metric by hyperparameter", "optimizer.learning_rate", "val_loss");
    final JComboBox<String> hyperparameter = new JComboBox<>(), finalMetric = new JComboBox<>();
    private List<RunList.Entry> entries = List.of();
    final List<RunHistory> compared = new ArrayList<>();
    private final JLabel problem = new JLabel(" ");
    /** What changed in the design from the first compared run to the second (their project.lcproj.json snapshots). */
    final javax.swing.JTextArea designChanges = new javax.swing.JTextArea();
    /** Runs plotted when the list is shown and none is chosen yet: enough to compare a sweep, few enough to tell apart. */
    static final int SHOWN_BY_DEFAULT = 10;

    /** @param opener opens a run folder in a dashboard of its own */
    RunsView(Path runsDirectory, Consumer<Path> opener) {
        this.runsDirectory = runsDirectory;
        this.opener = opener;
        table.setName("runs.table");
        table.setAutoCreateRowSorter(true);
        table.setDefaultRenderer(Double.class, new javax.swing.table.DefaultTableCellRenderer() {
            @Override
            protected void setValue(Object value) {
                setHorizontalAlignment(RIGHT);
                setText(value == null ? "" : String.format("%.4f", (Double) value));
            }
        });
        hyperparameter.addActionListener(e -> scatter());
        finalMetric.addActionListener(e -> scatter());
        metric.setEditable(true);
        metric.addActionListener(e -> overlay());
        JButton refresh = new JButton("Refresh"), compare = new JButton("Compare selected"), open = new JButton("Open");
        compare.setName("runs.compare");
        refresh.addActionListener(e -> refresh());
        compare.addActionListener(e -> compareSelected());
        open.addActionListener(e -> {
            int row = table.getSelectedRow();
            if (row >= 0) {
                opener.accept(entries.get(table.convertRowIndexToModel(row)).directory());
            }
        });
        JPanel buttons = new JPanel(new FlowLayout(FlowLayout.LEFT));
        buttons.add(refresh);
        buttons.add(compare);
        buttons.add(open);
        buttons.add(new JLabel("Curve"));
        buttons.add(metric);
        buttons.add(problem);
        JPanel top = new JPanel(new BorderLayout());
        top.add(buttons, BorderLayout.NORTH);
        top.add(new JScrollPane(table), BorderLayout.CENTER);
        JPanel byHyperparameter = new JPanel(new BorderLayout());
        JPanel axes = new JPanel(new FlowLayout(FlowLayout.LEFT));
        axes.add(new JLabel("Hyperparameter"));
        axes.add(hyperparameter);
        axes.add(new JLabel("Final"));
        axes.add(finalMetric);
        byHyperparameter.add(axes, BorderLayout.NORTH);
        byHyperparameter.add(Charts.panel(scatter), BorderLayout.CENTER);
        javax.swing.JTabbedPane charts = new javax.swing.JTabbedPane();
        charts.addTab("Curves of the selected runs", Charts.panel(overlay));
        charts.addTab("Final metric by hyperparameter", byHyperparameter);
        charts.addTab("ROC curves", Charts.panel(rocs));
        designChanges.setEditable(false);
        designChanges.setName("runs.designChanges");
        charts.addTab("Design changes", new JScrollPane(designChanges));
        JSplitPane bottom = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, charts, new JScrollPane(new JTable(comparison)));
        bottom.setResizeWeight(0.55);
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, top, bottom);
        split.setResizeWeight(0.35);
        root.add(split, BorderLayout.CENTER);
        refreshLater();
    }

    @Override
    public String title() {
        return "Runs";
    }

    @Override
    public JComponent component() {
        return root;
    }

    @Override
    public void show(RunHistory run) {
        // the list changes only when runs start or end; the Refresh button and a finished live run update it
        if (run.outcome() != null && entries.stream().noneMatch(e -> e.name().equals(run.name()) && !e.status().equals("running"))) {
            refreshLater();
        }
    }

    /** Reads the project's runs and shows them, at once (the Refresh button, tests). */
    void refresh() {
        display(list());
    }

    /** Reads the project's runs off the event thread, then shows them: many run folders take a while to read. */
    private void refreshLater() {
        new javax.swing.SwingWorker<Listing, Void>() {
            @Override
            protected Listing doInBackground() {
                return list();
            }

            @Override
            protected void done() {
                try {
                    display(get());
                } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                    display(new Listing(List.of(), runsDirectory + ": " + e.getMessage()));
                }
            }
        }.execute();
    }

    private record Listing(List<RunList.Entry> entries, String problem) {
    }

    private Listing list() {
        try {
            return new Listing(RunList.in(runsDirectory), " ");
        } catch (IOException e) {
            return new Listing(List.of(), runsDirectory + ": " + e.getMessage());
        }
    }

    private void display(Listing listing) {
        entries = listing.entries();
        problem.setText(listing.problem());
        Set<String> metrics = new LinkedHashSet<>();
        entries.forEach(e -> metrics.addAll(e.finalMetrics().keySet()));
        List<String> columns = new ArrayList<>(List.of("run", "status", "started", "epochs"));
        columns.addAll(metrics);
        runs.setDataVector(new Object[0][], columns.toArray());
        for (RunList.Entry e : entries) {
            List<Object> row = new ArrayList<>(List.of(e.name(), e.problem() == null ? e.status() : e.problem(), e.started(), e.epochs()));
            metrics.forEach(m -> row.add(e.finalMetrics().get(m)));
            runs.addRow(row.toArray());
        }
        choices(hyperparameter, entries.stream().flatMap(e -> e.hyperparameters().entrySet().stream())
                .filter(h -> number(h.getValue()) != null).map(Map.Entry::getKey).distinct().toList(), "optimizer.learning_rate");
        choices(finalMetric, List.copyOf(metrics), "val_loss");
        scatter();
        if (compared.isEmpty() && !entries.isEmpty()) { // nothing chosen yet: the listed runs, not an empty plot
            table.setRowSelectionInterval(0, Math.min(entries.size(), SHOWN_BY_DEFAULT) - 1);
            compareSelected();
        }
    }

    /** Offers {@code options}, keeping the current choice when it is still among them, else {@code preferred} if offered. */
    private static void choices(JComboBox<String> box, List<String> options, String preferred) {
        Object chosen = box.getSelectedItem();
        box.setModel(new javax.swing.DefaultComboBoxModel<>(options.toArray(String[]::new)));
        if (chosen != null && options.contains(chosen)) {
            box.setSelectedItem(chosen);
        } else if (options.contains(preferred)) {
            box.setSelectedItem(preferred);
        }
    }

    /** Every listed run as a point: its value of the chosen hyperparameter, its chosen final metric. */
    void scatter() {
        String x = (String) hyperparameter.getSelectedItem(), y = (String) finalMetric.getSelectedItem();
        Charts.data(scatter).removeAllSeries();
        if (x == null || y == null) {
            return;
        }
        scatter.getXYPlot().getDomainAxis().setLabel(x);
        scatter.getXYPlot().getRangeAxis().setLabel("final " + y);
        XYSeries points = Charts.series(scatter, "runs", Charts.PALETTE[0], true);
        for (RunList.Entry e : entries) {
            Double hx = number(e.hyperparameters().get(x)), fy = e.finalMetrics().get(y);
            if (hx != null && fy != null && Double.isFinite(fy)) {
                points.add(hx, fy);
            }
        }
    }

    private static Double number(String text) {
        try {
            return text == null ? null : Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads the selected runs and fills the overlay and the side-by-side table. */
    void compareSelected() {
        compared.clear();
        List<RunList.Entry> chosen = new ArrayList<>();
        for (int row : table.getSelectedRows()) {
            chosen.add(entries.get(table.convertRowIndexToModel(row)));
        }
        for (RunList.Entry e : chosen) {
            try {
                compared.add(RunFolderReader.read(e.directory()));
            } catch (IOException | RuntimeException ex) {
                problem.setText(ex.getMessage());
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        chosen.forEach(e -> keys.addAll(e.hyperparameters().keySet()));
        chosen.forEach(e -> e.finalMetrics().keySet().forEach(k -> keys.add("final " + k)));
        List<String> columns = new ArrayList<>(List.of(""));
        chosen.forEach(e -> columns.add(e.name()));
        comparison.setDataVector(new Object[0][], columns.toArray());
        for (String k : keys) {
            List<Object> row = new ArrayList<>(List.of(k));
            for (RunList.Entry e : chosen) {
                String v = k.startsWith("final ") ? format(e.finalMetrics().get(k.substring(6))) : e.hyperparameters().getOrDefault(k, "");
                row.add(v);
            }
            comparison.addRow(row.toArray());
        }
        overlay();
        rocCurves();
        designChanges(chosen);
    }

    /** The design diff of two compared runs, oldest first; with another number of runs, what to select. */
    private void designChanges(List<RunList.Entry> chosen) {
        if (chosen.size() != 2) {
            designChanges.setText("Compare two runs to see how their designs differ.");
            return;
        }
        // the older first: the list shows the newest first
        List<RunList.Entry> pair = chosen.stream().sorted(java.util.Comparator.comparing(e -> -entries.indexOf(e))).toList();
        try {
            Project a = ProjectFiles.read(pair.get(0).directory().resolve(RunFolder.PROJECT));
            Project b = ProjectFiles.read(pair.get(1).directory().resolve(RunFolder.PROJECT));
            DesignDiff diff = DesignDiff.between(a, b, LayerRegistry.standard());
            StringBuilder text = new StringBuilder("From " + pair.get(0).name() + " to " + pair.get(1).name() + ":\n");
            diff.changes().forEach(c -> text.append(c.describe()).append('\n'));
            designChanges.setText(diff.same() ? text + "the same design" : text.toString());
        } catch (IOException | RuntimeException e) {
            designChanges.setText(e.getMessage());
        }
        designChanges.setCaretPosition(0);
    }

    /** Each compared run's latest ROC curve (its test data's, after training), named with its AUC. */
    private void rocCurves() {
        Charts.data(rocs).removeAllSeries();
        int k = 0;
        for (RunHistory h : compared) {
            Diagnostics d = h.latest(x -> x.roc() != null ? x : null);
            if (d == null) {
                continue; // not a one-output classifier
            }
            RocCurve r = d.roc();
            XYSeries s = Charts.series(rocs, String.format("%s (%s, AUC %.4f)", h.name(), d.data(), r.auc()),
                    Charts.PALETTE[k++ % Charts.PALETTE.length], false);
            double[] fpr = r.falsePositiveRate(), tpr = r.truePositiveRate();
            for (int i = 0; i < fpr.length; i++) {
                s.add(fpr[i], tpr[i], false);
            }
            s.fireSeriesChanged();
        }
    }

    private static String format(Double v) {
        return v == null ? "" : String.format("%.4f", v);
    }

    private void overlay() {
        String m = String.valueOf(metric.getSelectedItem());
        overlay.getXYPlot().getRangeAxis().setLabel(m);
        Charts.data(overlay).removeAllSeries();
        int k = 0;
        for (RunHistory h : compared) {
            XYSeries s = Charts.series(overlay, h.name(), Charts.PALETTE[k++ % Charts.PALETTE.length], false);
            for (EpochRecord e : h.epochs()) {
                Double v = e.result().values().get(m);
                if (v != null && Double.isFinite(v)) {
                    s.add(e.result().epoch(), v, false); // one notice per series, not per point (see CurvesView.add)
                }
            }
            s.fireSeriesChanged();
        }
    }
}
