package org.layercanvas.editor.scene;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import org.netbeans.api.visual.widget.Scene;
import org.netbeans.api.visual.widget.Widget;

/** A round connection point: inputs on a node's left edge, the output on its right. */
final class PinWidget extends Widget {
    static final int SIZE = 12;
    private final PinKey key;

    PinWidget(Scene scene, PinKey key) {
        super(scene);
        this.key = key;
        setPreferredSize(new Dimension(SIZE, SIZE));
        setToolTipText(key.isOutput() ? "output: drag to an input to connect" : "input " + key.port());
    }

    PinKey key() {
        return key;
    }

    @Override
    protected void paintWidget() {
        if (LayerNodeWidget.zoomedOut(getGraphics())) {
            return; // under three pixels: see LayerNodeWidget.LEGIBLE_ZOOM
        }
        Graphics2D g = getGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Style.NODE_FILL);
        g.fillOval(1, 1, SIZE - 2, SIZE - 2);
        g.setColor(Style.PIN);
        g.setStroke(new java.awt.BasicStroke(2f));
        g.drawOval(1, 1, SIZE - 3, SIZE - 3);
        if (key.isOutput()) {
            g.fillOval(4, 4, SIZE - 8, SIZE - 8);
        }
    }
}
