package org.layercanvas.dashboard;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.layercanvas.engine.insight.Histogram;

/** The dashboard's chart vocabulary: line charts with optional raw points, histograms, log axes. */
final class Charts {
    static final Color TRAIN = new Color(0x1f77b4), VALIDATION = new Color(0xff7f0e), RAW = new Color(0x1f77b4, false);
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final Shape DOT = new Ellipse2D.Double(-1.5, -1.5, 3, 3), MARKER = new Ellipse2D.Double(-3.5, -3.5, 7, 7);

    private Charts() {
    }

    static ChartPanel panel(JFreeChart chart) {
        ChartPanel p = new ChartPanel(chart, true); // buffered: repaints of the window do not redraw an unchanged chart
        p.setMouseWheelEnabled(true);
        p.setMinimumDrawWidth(100);
        p.setMinimumDrawHeight(80);
        p.setMaximumDrawWidth(4000);
        p.setMaximumDrawHeight(3000);
        return p;
    }

    /** An empty XY chart whose series are lines (or, where {@link #dots} says so, points). */
    static JFreeChart xy(String title, String x, String y) {
        XYPlot plot = new XYPlot(new XYSeriesCollection(), new NumberAxis(x), new NumberAxis(y), new XYLineAndShapeRenderer(true, false));
        NumberAxis yAxis = (NumberAxis) plot.getRangeAxis();
        yAxis.setAutoRangeIncludesZero(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD); // series added later (epoch results) over earlier ones (batches)
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    static XYSeriesCollection data(JFreeChart chart) {
        return (XYSeriesCollection) chart.getXYPlot().getDataset();
    }

    /** Adds a series drawn as a line (dots false) or as unconnected points, in {@code color}. */
    static XYSeries series(JFreeChart chart, String name, Color color, boolean dots) {
        XYSeries s = new XYSeries(name, false, true);
        XYSeriesCollection data = data(chart);
        data.addSeries(s);
        int i = data.getSeriesCount() - 1;
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setSeriesPaint(i, color);
        r.setSeriesLinesVisible(i, !dots);
        r.setSeriesShapesVisible(i, dots);
        r.setSeriesShape(i, DOT);
        r.setSeriesStroke(i, new BasicStroke(dots ? 1f : 2f));
        return s;
    }

    /**
     * Adds a series of per-epoch results: a thick line with a marker at each epoch, so that it stands out over the batch
     * series drawn before it, and its first epoch shows before there is a line to draw.
     */
    static XYSeries epochs(JFreeChart chart, String name, Color color) {
        XYSeries s = series(chart, name, color, false);
        int i = data(chart).getSeriesCount() - 1;
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setSeriesShapesVisible(i, true);
        r.setSeriesShape(i, MARKER);
        r.setSeriesStroke(i, new BasicStroke(3f));
        return s;
    }

    /** Epoch series with more points than this draw their line only: markers that close would merge into a bead chain. */
    static final int MAX_MARKED = 60;

    /** Shows the markers of the {@link #epochs} series of {@code chart} while they have few enough points to tell apart. */
    static void markEpochs(JFreeChart chart) {
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        XYSeriesCollection data = data(chart);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            if (r.getSeriesShape(i) == MARKER) {
                r.setSeriesShapesVisible(i, data.getSeries(i).getItemCount() <= MAX_MARKED);
            }
        }
    }

    /** Switches the value axis between linear and logarithmic (log only shows positive values). */
    static void logScale(JFreeChart chart, boolean log) {
        XYPlot plot = chart.getXYPlot();
        ValueAxis old = plot.getRangeAxis();
        if ((old instanceof LogAxis) == log) {
            return;
        }
        ValueAxis axis;
        if (log) {
            LogAxis l = new LogAxis(old.getLabel());
            l.setSmallestValue(1e-12);
            l.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // ticks at whole decades, not 10^-0.2
            axis = l;
        } else {
            NumberAxis n = new NumberAxis(old.getLabel());
            n.setAutoRangeIncludesZero(false);
            axis = n;
        }
        plot.setRangeAxis(axis);
    }

    /** A bar chart of histograms over a common x range; later histograms are drawn translucent. */
    static JFreeChart histogram(String title, String x) {
        XYBarRenderer r = new XYBarRenderer(0.05);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        XYPlot plot = new XYPlot(new XYSeriesCollection(), new NumberAxis(x), new NumberAxis("count"), r);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ((XYSeriesCollection) plot.getDataset()).setIntervalWidth(0);
        return chart;
    }

    /**
     * Draws histograms over a {@link #histogram} chart's bars as points with ±1σ error bars, as TMVA draws the test sample of
     * its overtraining check: each non-empty bin's density n / (N·w) with the Poisson error √n / (N·w).
     */
    static void setDensityPoints(JFreeChart chart, String[] names, Histogram[] hs, Color[] colors) {
        XYPlot plot = chart.getXYPlot();
        if (plot.getDataset(1) == null) {
            XYErrorRenderer points = new XYErrorRenderer();
            points.setDrawXError(false);
            points.setDefaultLinesVisible(false);
            plot.setDataset(1, new YIntervalSeriesCollection());
            plot.setRenderer(1, points);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD); // the points over the bars
        }
        YIntervalSeriesCollection data = (YIntervalSeriesCollection) plot.getDataset(1);
        data.removeAllSeries();
        XYErrorRenderer r = (XYErrorRenderer) plot.getRenderer(1);
        for (int k = 0; k < hs.length; k++) {
            Histogram h = hs[k];
            if (h == null) {
                continue;
            }
            YIntervalSeries s = new YIntervalSeries(names[k], false, true);
            double[] density = h.density();
            for (int i = 0; i < density.length; i++) {
                if (h.counts()[i] == 0) {
                    continue; // no point for an empty bin: a row of them along zero hides the bars' feet
                }
                double error = density[i] / Math.sqrt(h.counts()[i]); // √n / (N·w) = (n / (N·w)) / √n
                s.add(h.binCenter(i), density[i], density[i] - error, density[i] + error);
            }
            data.addSeries(s);
            int i = data.getSeriesCount() - 1;
            r.setSeriesPaint(i, colors[k % colors.length]);
            r.setSeriesShape(i, MARKER);
        }
    }

    /** Replaces a histogram chart's bars; {@code density} normalises each to unit area so different sample sizes overlay. */
    static void setHistograms(JFreeChart chart, String[] names, Histogram[] hs, Color[] colors, boolean density) {
        XYSeriesCollection data = data(chart);
        data.removeAllSeries();
        XYBarRenderer r = (XYBarRenderer) chart.getXYPlot().getRenderer();
        for (int k = 0; k < hs.length; k++) {
            if (hs[k] == null) {
                continue;
            }
            XYSeries s = new XYSeries(names[k], false, true);
            double[] dens = hs[k].density();
            long[] counts = hs[k].counts();
            for (int i = 0; i < counts.length; i++) {
                s.add(hs[k].binCenter(i), density ? dens[i] : counts[i]);
            }
            data.addSeries(s);
            int i = data.getSeriesCount() - 1;
            Color c = colors[k % colors.length];
            r.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), i == 0 ? 200 : 110));
        }
        if (hs.length > 0 && hs[0] != null) {
            data.setIntervalWidth(hs[0].binWidth());
        }
        chart.getXYPlot().getRangeAxis().setLabel(density ? "density" : "count");
    }
}
