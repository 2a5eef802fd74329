package org.layercanvas.editor.ui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import javax.swing.JComponent;

/**
 * A saliency map beside the sample it is of: for an image [C, H, W] the image (grey, channels averaged) and, as large, the
 * map (the largest |gradient| over the channels of each pixel, white for none to red for the most); for other inputs one
 * bar per input value, up for a positive gradient and down for a negative one.
 */
final class SaliencyView extends JComponent {
    private static final int GAP = 8;
    private int[] dims;
    private float[] sample, gradient;

    /** @param dims one sample's input shape; null clears the view */
    void show(int[] dims, float[] sample, float[] gradient) {
        this.dims = dims;
        this.sample = sample;
        this.gradient = gradient;
        repaint();
    }

    @Override
    public Dimension getPreferredSize() {
        return new Dimension(640, 320);
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = (Graphics2D) graphics;
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        if (dims == null) {
            return;
        }
        if (dims.length == 3) {
            paintImage(g, dims[0], dims[1], dims[2]);
        } else {
            paintBars(g);
        }
    }

    private void paintImage(Graphics2D g, int channels, int h, int w) {
        float[] mean = new float[h * w], most = new float[h * w];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < h * w; i++) {
                mean[i] += sample[c * h * w + i] / channels;
                most[i] = Math.max(most[i], Math.abs(gradient[c * h * w + i]));
            }
        }
        int side = Math.max(1, Math.min((getWidth() - 3 * GAP) / 2, getHeight() - 2 * GAP));
        double scale = Math.min((double) side / w, (double) side / h);
        int sw = (int) (w * scale), sh = (int) (h * scale);
        g.drawImage(TensorPictures.grey(mean, 0, h, w), GAP, GAP, sw, sh, null);
        g.drawImage(reds(most, h, w), 2 * GAP + sw, GAP, sw, sh, null);
    }

    private static BufferedImage reds(float[] v, int h, int w) {
        float top = 0;
        for (float x : v) {
            top = Float.isFinite(x) ? Math.max(top, x) : top;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < h * w; i++) {
            int fade = top == 0 ? 255 : Math.round(255 * (1 - Math.min(1, v[i] / top)));
            img.setRGB(i % w, i / w, new Color(255, fade, fade).getRGB());
        }
        return img;
    }

    private void paintBars(Graphics2D g) {
        float top = 0;
        for (float x : gradient) {
            top = Float.isFinite(x) ? Math.max(top, Math.abs(x)) : top;
        }
        int n = gradient.length, middle = getHeight() / 2;
        double bar = (getWidth() - 2.0 * GAP) / n;
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(GAP, middle, getWidth() - GAP, middle);
        for (int i = 0; i < n; i++) {
            int length = top == 0 ? 0 : (int) Math.round((middle - GAP) * gradient[i] / top);
            g.setColor(length >= 0 ? new Color(0xD3, 0x2F, 0x2F) : new Color(0x1F, 0x77, 0xB4));
            g.fillRect(GAP + (int) (i * bar), length >= 0 ? middle - length : middle, Math.max(1, (int) bar - 1), Math.abs(length));
        }
    }
}
