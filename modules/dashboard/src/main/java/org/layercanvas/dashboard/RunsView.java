package org.layercanvas.dashboard;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
import org.layercanvas.engine.insight.EpochRecord;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.formats.runs.RunFolderReader;
import org.layercanvas.formats.runs.RunList;

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
    };
    final JTable table = new JTable(runs);
    final DefaultTableModel comparison = new DefaultTableModel();
    final JComboBox<String> metric = new JComboBox<>(new String[] {"val_loss", "loss", "val_accuracy", "accuracy"});
    final JFreeChart overlay = Charts.xy("Runs compared", "epoch", "val_loss");
    private List<RunList.Entry> entries = List.of();
    final List<RunHistory> compared = new ArrayList<>();
    private final JLabel problem = new JLabel(" ");

    /** @param opener opens a run folder in a dashboard of its own */
    RunsView(Path runsDirectory, Consumer<Path> opener) {
        this.runsDirectory = runsDirectory;
        this.opener = opener;
        table.setName("runs.table");
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
        JSplitPane bottom = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, Charts.panel(overlay), new JScrollPane(new JTable(comparison)));
        bottom.setResizeWeight(0.55);
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, top, bottom);
        split.setResizeWeight(0.35);
        root.add(split, BorderLayout.CENTER);
        refresh();
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
            refresh();
        }
    }

    void refresh() {
        try {
            entries = RunList.in(runsDirectory);
            problem.setText(" ");
        } catch (IOException e) {
            entries = List.of();
            problem.setText(runsDirectory + ": " + e.getMessage());
        }
        Set<String> metrics = new LinkedHashSet<>();
        entries.forEach(e -> metrics.addAll(e.finalMetrics().keySet()));
        List<String> columns = new ArrayList<>(List.of("run", "status", "started", "epochs"));
        columns.addAll(metrics);
        runs.setDataVector(new Object[0][], columns.toArray());
        for (RunList.Entry e : entries) {
            List<Object> row = new ArrayList<>(List.of(e.name(), e.problem() == null ? e.status() : e.problem(), e.started(), e.epochs()));
            metrics.forEach(m -> row.add(e.finalMetrics().containsKey(m) ? String.format("%.4f", e.finalMetrics().get(m)) : ""));
            runs.addRow(row.toArray());
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
                    s.add(e.result().epoch(), v);
                }
            }
        }
    }
}
