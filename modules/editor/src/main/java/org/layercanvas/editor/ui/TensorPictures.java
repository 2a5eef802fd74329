package org.layercanvas.editor.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import javax.swing.JComponent;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.insight.Histogram;

/**
 * A tensor as pictures: a batch of images [N, C, H, W] as one sample's C maps (what a convolution's filters see),
 * convolution weights [F, C, kh, kw] as F rows of C kernels, a matrix [R, C] as a heatmap; and under them the histogram of
 * all its values. Maps are grey from their own minimum (black) to maximum (white); a heatmap is diverging, blue below
 * zero and red above.
 */
final class TensorPictures extends JComponent {
    private static final int HISTOGRAM_HEIGHT = 90, HISTOGRAM_WIDTH = 320, GAP = 4, BINS = 40;
    private WeightTensor tensor;
    private int sample;

    /** Shows {@code t}; of a batch of images, sample {@code sample}'s maps (the last when it has fewer). */
    void show(WeightTensor t, int sample) {
        tensor = t;
        int[] d = t == null ? new int[0] : t.shape().dims();
        this.sample = d.length == 4 ? Math.min(sample, d[0] - 1) : 0;
        setToolTipText(d.length == 4 && isBatch(t) ? d[1] + " maps of sample " + this.sample
                : d.length == 4 ? d[0] + " filters of " + d[1] + " kernels" : d.length >= 2 ? "a heatmap, red above zero, blue below" : null);
        revalidate();
        repaint();
    }

    /** A batch of images (the data, a node's output or gradient), not a convolution's weights. */
    private static boolean isBatch(WeightTensor t) {
        return t.name().endsWith("/output") || t.name().endsWith("/grad_output") || t.name().equals("inputs");
    }

    @Override
    public Dimension getPreferredSize() {
        return new Dimension(640, 480);
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = (Graphics2D) graphics;
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        if (tensor == null) {
            return;
        }
        int[] d = tensor.shape().dims();
        // a low, wide area (the inspector docked under the canvas): the histogram beside the pictures instead of under them
        boolean beside = getWidth() > 3 * getHeight();
        int pictureHeight = beside ? getHeight() - 2 * GAP : getHeight() - HISTOGRAM_HEIGHT - 2 * GAP;
        int pictureWidth = beside ? getWidth() - HISTOGRAM_WIDTH - 2 * GAP : getWidth();
        if (d.length == 4) {
            int rows = isBatch(tensor) ? 1 : d[0], cols = d[1], h = d[2], w = d[3], first = isBatch(tensor) ? sample * cols : 0;
            int scale = Math.max(1, Math.min((pictureWidth - GAP) / (cols * (w + 1)), pictureHeight / (rows * (h + 1))));
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int from = (first + r * cols + c) * h * w;
                    g.drawImage(grey(tensor.values(), from, h, w), GAP + c * (w + 1) * scale, GAP + r * (h + 1) * scale, w * scale, h * scale, null);
                }
            }
        } else if (d.length == 2 || d.length == 3 && d[1] * d[2] <= 512 * 512) {
            int h = d[0], w = d.length == 2 ? d[1] : d[1] * d[2];
            BufferedImage map = heat(tensor.values(), h, w);
            double scale = Math.min((pictureWidth - 2.0 * GAP) / w, (double) pictureHeight / h);
            g.drawImage(map, GAP, GAP, (int) Math.max(1, w * scale), (int) Math.max(1, h * scale), null);
        }
        if (beside) {
            paintHistogram(g, getWidth() - HISTOGRAM_WIDTH - GAP, GAP, HISTOGRAM_WIDTH, Math.min(getHeight() - 2 * GAP, 2 * HISTOGRAM_HEIGHT));
        } else {
            paintHistogram(g, GAP, getHeight() - HISTOGRAM_HEIGHT - GAP, getWidth() - 2 * GAP, HISTOGRAM_HEIGHT);
        }
    }

    private void paintHistogram(Graphics2D g, int left, int top, int width, int height) {
        float[] v = tensor.values();
        Histogram hist = Histogram.of(v, 0, v.length, BINS);
        long most = 1;
        for (long c : hist.counts()) {
            most = Math.max(most, c);
        }
        int bar = Math.max(1, width / BINS);
        g.setColor(new Color(0x1f77b4));
        for (int i = 0; i < hist.counts().length; i++) {
            int h = (int) Math.round((height - 14) * hist.counts()[i] / (double) most);
            g.fillRect(left + i * bar, top + height - 14 - h, bar - 1, h);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format("%.4g", hist.lo()), left, top + height - 1);
        String hi = String.format("%.4g", hist.hi());
        g.drawString(hi, left + BINS * bar - g.getFontMetrics().stringWidth(hi), top + height - 1);
    }

    static BufferedImage grey(float[] v, int from, int h, int w) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + h * w; i++) {
            if (Float.isFinite(v[i])) {
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float value = v[from + y * w + x];
                int level = hi > lo && Float.isFinite(value) ? Math.round(255 * (value - lo) / (hi - lo)) : 0;
                img.setRGB(x, y, level * 0x010101);
            }
        }
        return img;
    }

    static BufferedImage heat(float[] v, int h, int w) {
        float most = 0;
        for (float x : v) {
            if (Float.isFinite(x)) {
                most = Math.max(most, Math.abs(x));
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float value = most == 0 ? 0 : v[y * w + x] / most;
                int fade = Math.round(255 * (1 - Math.min(1, Math.abs(value))));
                img.setRGB(x, y, value >= 0 ? new Color(255, fade, fade).getRGB() : new Color(fade, fade, 255).getRGB());
            }
        }
        return img;
    }
}
