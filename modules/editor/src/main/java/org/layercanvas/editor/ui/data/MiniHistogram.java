package org.layercanvas.editor.ui.data;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import javax.swing.JComponent;
import org.layercanvas.formats.starter.ColumnSummary;

/**
 * A column at a glance, as the data preview shows it: bars of its histogram (a quantity) or of its
 * class counts (classes), its name above and its range below.
 */
final class MiniHistogram extends JComponent {
    private static final Color BAR = new Color(0x3B, 0x7D, 0xD8), TARGET = new Color(0xE0, 0x8E, 0x0B);
    private final ColumnSummary column;
    private final boolean target;

    MiniHistogram(ColumnSummary column, boolean target) {
        this.column = column;
        this.target = target;
        setPreferredSize(new Dimension(200, 90));
        setToolTipText(tooltip());
    }

    private long[] bars() {
        if (!column.valueCounts().isEmpty()) {
            return column.valueCounts().values().stream().mapToLong(Long::longValue).toArray();
        }
        return column.histogram() == null ? new long[0] : column.histogram().counts();
    }

    private String tooltip() {
        if (!column.valueCounts().isEmpty()) {
            StringBuilder b = new StringBuilder("<html><b>" + column.name() + "</b>");
            column.valueCounts().forEach((k, v) -> b.append("<br>").append(k).append(": ").append(v));
            return b.append("</html>").toString();
        }
        return column.numeric() ? column.name() + ": " + range() : column.name() + ": text with many different values";
    }

    private String range() {
        return String.format("%.3g … %.3g", column.min(), column.max());
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = (Graphics2D) graphics.create();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int w = getWidth(), h = getHeight(), top = 16, bottom = 14;
        g.setColor(getForeground());
        g.setFont(getFont().deriveFont(11f));
        g.drawString((target ? "target: " : "") + column.name(), 2, 11);
        g.setColor(Color.GRAY);
        String below = column.valueCounts().isEmpty() ? (column.numeric() ? range() : "text") : column.valueCounts().size() + " classes";
        g.drawString(below, 2, h - 2);
        long[] bars = bars();
        long max = 1;
        for (long b : bars) {
            max = Math.max(max, b);
        }
        double bw = bars.length == 0 ? 0 : (w - 4.0) / bars.length;
        g.setColor(target ? TARGET : BAR);
        for (int i = 0; i < bars.length; i++) {
            int bh = (int) Math.round((h - top - bottom) * (double) bars[i] / max);
            g.fillRect(2 + (int) Math.round(i * bw), h - bottom - bh, Math.max(1, (int) Math.round(bw) - 1), bh);
        }
        g.dispose();
    }
}
