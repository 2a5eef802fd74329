package org.layercanvas.dashboard;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.List;
import javax.swing.JPanel;
import org.layercanvas.engine.insight.ConfusionMatrix;

/** A confusion matrix as a heat map: rows are true classes, columns predictions, shade = share of the row. */
final class ConfusionMatrixPanel extends JPanel {
    private ConfusionMatrix matrix;
    private List<String> classNames = List.of();
    private String caption = "";

    ConfusionMatrixPanel() {
        setBackground(Color.WHITE);
        setPreferredSize(new Dimension(320, 320));
    }

    void show(ConfusionMatrix m, List<String> names, String title) {
        matrix = m;
        classNames = names == null ? List.of() : names;
        caption = title;
        repaint();
    }

    ConfusionMatrix matrix() {
        return matrix;
    }

    List<String> classNames() {
        return classNames;
    }

    private String name(int c) {
        return c < classNames.size() ? classNames.get(c) : String.valueOf(c);
    }

    @Override
    protected void paintComponent(Graphics g0) {
        super.paintComponent(g0);
        Graphics2D g = (Graphics2D) g0;
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(matrix == null ? "Confusion matrix (no classifier output yet)" : caption, 8, 18);
        if (matrix == null) {
            return;
        }
        int n = matrix.classes(), left = 70, top = 44;
        int cell = Math.max(8, Math.min((getWidth() - left - 10) / n, (getHeight() - top - 30) / n));
        double[][] share = matrix.rowNormalized();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(12, cell / 3))));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                double s = Double.isFinite(share[t][p]) ? share[t][p] : 0;
                int shade = (int) Math.round(255 * (1 - s));
                g.setColor(t == p ? new Color(shade, shade, 255) : new Color(255, shade, shade));
                g.fillRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(new Color(0xcccccc));
                g.drawRect(left + p * cell, top + t * cell, cell, cell);
                String text = String.valueOf(matrix.count(t, p));
                if (fm.stringWidth(text) < cell - 2) {
                    g.setColor(s > 0.6 ? Color.WHITE : Color.BLACK);
                    g.drawString(text, left + p * cell + (cell - fm.stringWidth(text)) / 2, top + t * cell + (cell + fm.getAscent()) / 2 - 2);
                }
            }
            g.setColor(Color.DARK_GRAY);
            String label = name(t);
            g.drawString(label, Math.max(2, left - 4 - fm.stringWidth(label)), top + t * cell + (cell + fm.getAscent()) / 2 - 2);
        }
        g.drawString("true ↓  predicted →", left, top - 6);
        g.drawString(String.format("accuracy %.4f over %d samples", matrix.accuracy(), matrix.total()), left, top + n * cell + 16);
    }
}
