package org.layercanvas.editor.scene;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.insight.Histogram;
import org.layercanvas.engine.insight.Summary;
import org.netbeans.api.visual.widget.Scene;
import org.netbeans.api.visual.widget.Widget;

/**
 * The histogram of a connection's tensor in a stepped batch, small enough to sit under its shape label. Bars are as high
 * as the square root of their counts: after a ReLU most values are zero, and on a linear scale that one bar hid the rest.
 */
final class HistogramWidget extends Widget {
    private static final int BINS = 24, WIDTH = 72, HEIGHT = 20;
    static final Color BARS = new Color(0x1F, 0x77, 0xB4);
    private Histogram histogram;

    HistogramWidget(Scene scene) {
        super(scene);
        setVisible(false);
    }

    /** Shows the values of {@code t}, or nothing for null. */
    void show(WeightTensor t) {
        float[] v = t == null ? null : t.values();
        histogram = v == null ? null : Histogram.of(v, 0, v.length, BINS);
        setVisible(histogram != null);
        if (histogram != null) {
            Summary s = Summary.of(v, 0, v.length);
            setToolTipText(String.format("%s %s: %.4g … %.4g, mean %.4g, std %.4g, zeros %.1f %%", t.name(), t.shape(), s.min(), s.max(),
                    s.mean(), s.std(), 100 * s.zeroFraction()));
        }
        revalidate();
    }

    @Override
    protected Rectangle calculateClientArea() {
        return new Rectangle(0, 0, WIDTH, HEIGHT);
    }

    @Override
    protected void paintWidget() {
        if (histogram == null || LayerNodeWidget.zoomedOut(getGraphics())) {
            return;
        }
        Graphics2D g = getGraphics();
        long most = 1;
        for (long c : histogram.counts()) {
            most = Math.max(most, c);
        }
        g.setColor(Style.CANVAS);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(BARS);
        int bar = WIDTH / BINS;
        for (int i = 0; i < BINS; i++) {
            int h = (int) Math.ceil((HEIGHT - 2) * Math.sqrt(histogram.counts()[i] / (double) most));
            g.fillRect(i * bar, HEIGHT - 1 - h, bar - 1 > 0 ? bar - 1 : 1, h);
        }
        g.setColor(Style.MUTED);
        g.drawLine(0, HEIGHT - 1, WIDTH, HEIGHT - 1);
    }
}
