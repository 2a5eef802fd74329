package org.layercanvas.dashboard;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.GridLayout;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.swing.JCheckBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.layercanvas.engine.insight.BatchRecord;
import org.layercanvas.engine.insight.EpochRecord;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.Smoothing;

/**
 * Loss, metrics, learning rate and speed. Training and validation share a chart so overfitting shows;
 * the x axis counts epochs, batches in between. Every batch's raw value stays visible as a dot under
 * the smoothed line, which the slider controls (TensorBoard's debiased moving average).
 */
final class CurvesView implements RunView {
    /** Raw batch points drawn at most; longer runs show every k-th so redraws stay cheap. */
    static final int MAX_POINTS = 1500;

    private final JPanel root = new JPanel(new BorderLayout());
    final JFreeChart loss = Charts.xy("Loss", "epoch", "loss"), metrics = Charts.xy("Metrics", "epoch", "value"),
            learningRate = Charts.xy("Learning rate", "epoch", "learning rate"), speed = Charts.xy("Speed", "epoch", "samples/s");
    final JCheckBox log = new JCheckBox("Log scale");
    final JSlider smoothing = new JSlider(0, 99, 60);
    private RunHistory last;

    CurvesView() {
        // a constant rate would otherwise fill the axis with one repeated tick label
        ((org.jfree.chart.axis.NumberAxis) learningRate.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(true);
        JPanel controls = new JPanel(new FlowLayout(FlowLayout.LEFT));
        controls.add(log);
        controls.add(new JLabel("Smoothing"));
        controls.add(smoothing);
        log.setName("curves.log");
        smoothing.setName("curves.smoothing");
        log.addActionListener(e -> redraw());
        smoothing.addChangeListener(e -> {
            if (!smoothing.getValueIsAdjusting()) {
                redraw();
            }
        });
        JPanel grid = new JPanel(new GridLayout(2, 2));
        for (JFreeChart c : new JFreeChart[] {loss, metrics, learningRate, speed}) {
            grid.add(Charts.panel(c));
        }
        root.add(controls, BorderLayout.NORTH);
        root.add(grid, BorderLayout.CENTER);
    }

    @Override
    public String title() {
        return "Curves";
    }

    @Override
    public JComponent component() {
        return root;
    }

    private void redraw() {
        if (last != null) {
            show(last);
        }
    }

    @Override
    public void show(RunHistory run) {
        JFreeChart[] charts = {loss, metrics, learningRate, speed};
        for (JFreeChart c : charts) {
            c.setNotify(false); // one redraw per chart for all the series changes below
        }
        try {
            fill(run);
        } finally {
            for (JFreeChart c : charts) {
                c.setNotify(true);
            }
        }
    }

    private void fill(RunHistory run) {
        last = run;
        List<BatchRecord> batches = run.batches();
        List<EpochRecord> epochs = run.epochs();
        int perEpoch = run.info() == null || run.info().batchesPerEpoch() == 0 ? 1 : run.info().batchesPerEpoch();
        Charts.data(loss).removeAllSeries();
        // the batches light, under the epochs' results: those are what a run is judged by
        XYSeries raw = Charts.series(loss, "batch loss", new Color(0x9e, 0xca, 0xe1, 150), true);
        XYSeries smooth = Charts.series(loss, "batch loss (smoothed)", new Color(0x6baed6), false);
        XYSeries trainEpoch = Charts.epochs(loss, "loss", new Color(0x08519c));
        XYSeries valEpoch = Charts.epochs(loss, "val_loss", Charts.VALIDATION);
        double[] values = new double[batches.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = batches.get(i).loss();
        }
        double[] smoothed = Smoothing.debiasedEma(values, smoothing.getValue() / 100.0);
        int stride = Math.max(1, (batches.size() + MAX_POINTS - 1) / MAX_POINTS);
        for (int i = 0; i < batches.size(); i += stride) {
            double x = x(batches.get(i), perEpoch);
            raw.add(x, finite(values[i]), false);
            smooth.add(x, finite(smoothed[i]), false);
        }
        Set<String> metricNames = new LinkedHashSet<>();
        for (EpochRecord e : epochs) {
            e.result().values().keySet().stream().filter(k -> !k.equals("loss") && !k.equals("val_loss") && !k.startsWith("val_"))
                    .forEach(metricNames::add);
            add(trainEpoch, e.result().epoch(), e.result().values().get("loss"));
            add(valEpoch, e.result().epoch(), e.result().values().get("val_loss"));
        }
        for (XYSeries s : List.of(raw, smooth, trainEpoch, valEpoch)) {
            s.fireSeriesChanged();
        }
        Charts.markEpochs(loss);
        Charts.data(metrics).removeAllSeries();
        int k = 0;
        for (String m : metricNames) {
            Color c = Charts.PALETTE[(2 * k) % Charts.PALETTE.length];
            XYSeries train = Charts.epochs(metrics, m, c), val = Charts.epochs(metrics, "val_" + m, c.brighter());
            for (EpochRecord e : epochs) {
                add(train, e.result().epoch(), e.result().values().get(m));
                add(val, e.result().epoch(), e.result().values().get("val_" + m));
            }
            train.fireSeriesChanged();
            val.fireSeriesChanged();
            k++;
        }
        Charts.markEpochs(metrics);
        Charts.data(learningRate).removeAllSeries();
        Charts.data(speed).removeAllSeries();
        XYSeries lr = Charts.series(learningRate, "learning rate", Charts.TRAIN, false);
        XYSeries sps = Charts.series(speed, "samples/s", new Color(0x9ecae1), true);
        XYSeries spsSmooth = Charts.series(speed, "samples/s (smoothed)", Charts.TRAIN, false);
        double[] speeds = new double[batches.size()];
        for (int i = 0; i < speeds.length; i++) {
            speeds[i] = batches.get(i).samplesPerSecond();
        }
        double[] speedsSmoothed = Smoothing.debiasedEma(speeds, Math.max(0.9, smoothing.getValue() / 100.0));
        for (int i = 0; i < batches.size(); i += stride) {
            double x = x(batches.get(i), perEpoch);
            lr.add(x, batches.get(i).learningRate(), false);
            sps.add(x, finite(speeds[i]), false);
            spsSmooth.add(x, finite(speedsSmoothed[i]), false);
        }
        lr.fireSeriesChanged();
        sps.fireSeriesChanged();
        spsSmooth.fireSeriesChanged();
        Charts.logScale(loss, log.isSelected());
        Charts.logScale(learningRate, log.isSelected());
    }

    /** A batch's position on the epoch axis: epoch 1's batches lie in (0, 1], so epoch results sit at their epoch number. */
    static double x(BatchRecord b, int perEpoch) {
        return b.epoch() - 1 + (b.batch() + 1) / (double) perEpoch;
    }

    /** A diverged value is a gap in the line: an infinite one would blow the axis up for the rest of the run. */
    private static double finite(double y) {
        return Double.isFinite(y) ? y : Double.NaN;
    }

    /**
     * Adds without telling the chart: the caller fires once per series. A notice per point made the plot
     * rescan every series for its range at each point, a second of the event thread per refresh after
     * a few hundred epochs.
     */
    private static void add(XYSeries s, double x, Double y) {
        if (y != null && Double.isFinite(y)) {
            s.add(x, y, false);
        }
    }
}
