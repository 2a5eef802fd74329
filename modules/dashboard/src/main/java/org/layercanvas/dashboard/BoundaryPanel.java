package org.layercanvas.dashboard;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import javax.swing.JPanel;
import org.layercanvas.engine.insight.DecisionBoundary;

/**
 * The decision boundary over two inputs, as TensorFlow Playground draws it: the background shades
 * from orange (class 0) to blue (class 1) with the classifier's confidence, the training points on top
 * in their class colours, the 0.5 contour where the shade turns.
 */
final class BoundaryPanel extends JPanel {
    static final Color CLASS0 = new Color(0xf59322), CLASS1 = new Color(0x0877bd);
    private static final Color[] MANY = {CLASS0, CLASS1, new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private DecisionBoundary boundary;
    private String caption = "";

    BoundaryPanel() {
        setBackground(Color.WHITE);
    }

    void show(DecisionBoundary b, String title) {
        boundary = b;
        caption = title;
        repaint();
    }

    DecisionBoundary boundary() {
        return boundary;
    }

    static Color classColor(int c) {
        return MANY[c % MANY.length];
    }

    /** The shaded field, one pixel per grid cell. */
    static BufferedImage field(DecisionBoundary b) {
        BufferedImage img = new BufferedImage(b.nx(), b.ny(), BufferedImage.TYPE_INT_RGB);
        for (int iy = 0; iy < b.ny(); iy++) {
            for (int ix = 0; ix < b.nx(); ix++) {
                float v = b.values()[iy * b.nx() + ix];
                Color c;
                if (b.classes() == 2) {
                    double t = Math.max(0, Math.min(1, v));
                    double strength = Math.abs(t - 0.5) * 2;
                    Color base = t >= 0.5 ? CLASS1 : CLASS0;
                    c = mix(Color.WHITE, base, 0.15 + 0.55 * strength);
                } else {
                    c = mix(Color.WHITE, classColor(Math.round(v)), 0.45);
                }
                img.setRGB(ix, b.ny() - 1 - iy, c.getRGB()); // y grows upwards
            }
        }
        return img;
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) (a.getRed() + (b.getRed() - a.getRed()) * t), (int) (a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) (a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    @Override
    protected void paintComponent(Graphics g0) {
        super.paintComponent(g0);
        Graphics2D g = (Graphics2D) g0;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        if (boundary == null) {
            g.drawString("Decision boundary: shown for classifiers with two inputs", 10, 20);
            return;
        }
        g.drawString(caption, 10, 20);
        DecisionBoundary b = boundary;
        int left = 50, top = 34, size = Math.max(50, Math.min(getWidth() - left - 20, getHeight() - top - 40));
        g.drawImage(field(b), left, top, size, size, null);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, size, size);
        for (int k = 0; k < b.labels().length; k++) {
            double px = (b.points()[2 * k] - b.xLo()) / (b.xHi() - b.xLo()), py = (b.points()[2 * k + 1] - b.yLo()) / (b.yHi() - b.yLo());
            int x = left + (int) (px * size), y = top + size - (int) (py * size);
            g.setColor(classColor(b.labels()[k]));
            g.fillOval(x - 3, y - 3, 7, 7);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(1f));
            g.drawOval(x - 3, y - 3, 7, 7);
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(String.format("x₁ %.2f … %.2f", b.xLo(), b.xHi()), left, top + size + 16);
        g.drawString(String.format("x₂ %.2f … %.2f", b.yLo(), b.yHi()), left, top + size + 30);
    }
}
