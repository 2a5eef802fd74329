package org.layercanvas.editor.scene;

import java.awt.BasicStroke;
import org.netbeans.api.visual.anchor.AnchorShape;
import org.netbeans.api.visual.layout.LayoutFactory;
import org.netbeans.api.visual.model.ObjectState;
import org.netbeans.api.visual.widget.ConnectionWidget;
import org.netbeans.api.visual.widget.LabelWidget;
import org.netbeans.api.visual.widget.Scene;
import org.netbeans.api.visual.widget.Widget;

/**
 * A connection: an arrow labelled with its tensor's shape, after a stepped batch with the histogram of its values under
 * the label; drawn thicker and blue while selected.
 */
final class EdgeWidget extends ConnectionWidget {
    private final LabelWidget label;
    private final HistogramWidget histogram;
    /** A comparison's colour for this connection (added, removed), or null. */
    private java.awt.Color mark;

    EdgeWidget(Scene scene) {
        super(scene);
        setTargetAnchorShape(AnchorShape.TRIANGLE_FILLED);
        label = new LabelWidget(scene);
        label.setUseGlyphVector(true);
        label.setFont(Style.BODY);
        label.setForeground(Style.SHAPE);
        label.setOpaque(true);
        label.setBackground(Style.CANVAS);
        histogram = new HistogramWidget(scene);
        Widget caption = new Widget(scene); // the label with the histogram under it, centred on the connection
        caption.setLayout(LayoutFactory.createVerticalFlowLayout(LayoutFactory.SerialAlignment.CENTER, 1));
        caption.addChild(label);
        caption.addChild(histogram);
        addChild(caption);
        setConstraint(caption, LayoutFactory.ConnectionWidgetLayoutAlignment.CENTER, 0.5f);
        notifyStateChanged(null, getState());
    }

    void setShapeText(String text) {
        if (!text.equals(label.getLabel())) {
            label.setLabel(text);
        }
    }

    /** The shape the label shows. */
    String shapeText() {
        return label.getLabel();
    }

    HistogramWidget histogram() {
        return histogram;
    }

    /** The histogram of the tensor this connection carried in a stepped batch; null hides it. */
    void setValues(org.layercanvas.engine.api.WeightTensor values) {
        histogram.show(values);
    }

    /** The shape label only where it can be read (see LayerNodeWidget.LEGIBLE_ZOOM). */
    @Override
    protected void paintChildren() {
        if (!LayerNodeWidget.zoomedOut(getGraphics())) {
            super.paintChildren();
        }
    }

    void setMark(java.awt.Color mark) {
        this.mark = mark;
        notifyStateChanged(null, getState());
    }

    /** Paints with the foreground colour set here (setLineColor would call back into this method). */
    @Override
    public void notifyStateChanged(ObjectState previous, ObjectState state) {
        boolean selected = state.isSelected();
        setForeground(selected ? Style.SELECTED : mark != null ? mark : Style.EDGE);
        label.setForeground(mark != null ? mark.darker() : Style.SHAPE); // a short connection shows little but its label
        float width = selected || mark != null ? 3f : 1.6f;
        if (!(getStroke() instanceof BasicStroke b) || b.getLineWidth() != width) {
            setStroke(new BasicStroke(width));
        }
        repaint();
    }
}
