package org.layercanvas.editor.scene;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.util.List;
import java.util.stream.Collectors;
import org.layercanvas.engine.graph.Node;
import org.layercanvas.engine.graph.Shape;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.validate.Problem;
import org.netbeans.api.visual.border.BorderFactory;
import org.netbeans.api.visual.layout.LayoutFactory;
import org.netbeans.api.visual.model.ObjectState;
import org.netbeans.api.visual.widget.LabelWidget;
import org.netbeans.api.visual.widget.Scene;
import org.netbeans.api.visual.widget.Widget;

/**
 * One layer on the canvas: input pins on the left, the output pin on the right, and in between
 * the type (coloured by category), the id, the parameters the user set, the output shape, the
 * parameter count, and, when the validator found problems, a red badge whose tooltip lists them.
 */
final class LayerNodeWidget extends Widget {
    private static final int PARAMS_LINE = 30;
    private final Widget inputs, outputs, params;
    private final LabelWidget title, id, shape, count, badge;
    private Color accent = Style.category("");
    private boolean broken;

    LayerNodeWidget(Scene scene) {
        super(scene);
        setLayout(LayoutFactory.createHorizontalFlowLayout(LayoutFactory.SerialAlignment.CENTER, 6));
        setBorder(BorderFactory.createEmptyBorder(6, 0, 6, 0));
        inputs = column(scene);
        outputs = column(scene);
        Widget body = new Widget(scene);
        body.setLayout(LayoutFactory.createVerticalFlowLayout(LayoutFactory.SerialAlignment.LEFT_TOP, 1));
        // room on the right: below 100 % zoom glyphs are drawn a little wider than measured
        body.setBorder(BorderFactory.createEmptyBorder(2, 4, 2, 12));
        title = label(scene, Style.TITLE, Color.WHITE);
        title.setUseGlyphVector(true); // bold text measured at 100 % is cut off below it otherwise
        // a glyph-vector label is only as tall as its letters: the border restores a text line's height under the header
        title.setBorder(BorderFactory.createEmptyBorder(3, 0, 5, 0));
        id = label(scene, Style.BODY, Style.MUTED);
        params = new Widget(scene);
        params.setLayout(LayoutFactory.createVerticalFlowLayout(LayoutFactory.SerialAlignment.LEFT_TOP, 0));
        shape = label(scene, Style.BODY, Style.SHAPE);
        count = label(scene, Style.BODY, Style.MUTED);
        badge = label(scene, Style.BODY, Style.ERROR);
        for (Widget w : List.of(title, id, params, shape, count, badge)) {
            body.addChild(w);
        }
        addChild(inputs);
        addChild(body);
        addChild(outputs);
        body.setPreferredBounds(null);
        body.setMinimumSize(new java.awt.Dimension(Style.NODE_WIDTH, 0));
    }

    private static Widget column(Scene scene) {
        Widget w = new Widget(scene);
        w.setLayout(LayoutFactory.createVerticalFlowLayout(LayoutFactory.SerialAlignment.CENTER, 8));
        return w;
    }

    private static LabelWidget label(Scene scene, java.awt.Font font, Color color) {
        LabelWidget l = new LabelWidget(scene);
        l.setFont(font);
        l.setForeground(color);
        return l;
    }

    void addPin(PinWidget pin) {
        (pin.key().isOutput() ? outputs : inputs).addChild(pin);
    }

    void removePin(PinWidget pin) {
        pin.removeFromParent();
    }

    /** Shows the node's current state; {@code shapeOrNull} is null when the shape is unknown. */
    void update(Node node, LayerType type, Shape shapeOrNull, long parameterCount, List<Problem> problems) {
        accent = Style.category(type == null ? "" : type.category());
        title.setLabel(node.type());
        id.setLabel(node.id());
        List<String> given = Describe.keyParamList(node, type);
        String p = String.join(" · ", given);
        // every parameter shows, in lines, so that nothing is cut off and the node grows downwards, not over its neighbours
        List<String> lines = Describe.lines(given, PARAMS_LINE);
        params.removeChildren();
        for (String line : lines) {
            LabelWidget l = label(getScene(), Style.BODY, Style.TEXT);
            l.setLabel(line);
            params.addChild(l);
        }
        params.setVisible(!lines.isEmpty());
        shape.setLabel(shapeOrNull == null ? "→ ?" : "→ " + shapeOrNull);
        count.setLabel(parameterCount == 0 ? "no parameters" : String.format("%,d params", parameterCount));
        broken = !problems.isEmpty();
        badge.setVisible(broken);
        badge.setLabel(problems.size() == 1 ? "⚠ 1 problem" : "⚠ " + problems.size() + " problems");
        String tip = problems.stream().map(Problem::message).collect(Collectors.joining("<br>"));
        setToolTipText("<html>" + node.type() + " '" + node.id() + "'" + (p.isEmpty() ? "" : "<br>" + p) + (broken ? "<br>" + tip : "") + "</html>");
    }

    /** Selection changes only the paint, which the Visual Library does not repaint by itself. */
    @Override
    protected void notifyStateChanged(ObjectState previous, ObjectState state) {
        repaint();
    }

    boolean isBroken() {
        return broken;
    }

    @Override
    protected void paintWidget() {
        Graphics2D g = getGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Rectangle b = getBounds();
        int pin = PinWidget.SIZE / 2 + 1;
        int x = b.x + pin, w = b.width - 2 * pin, arc = 12;
        g.setColor(Style.NODE_FILL);
        g.fillRoundRect(x, b.y, w, b.height, arc, arc);
        int header = 22;
        g.setColor(accent);
        g.fillRoundRect(x, b.y, w, header + 4, arc, arc);
        g.fillRect(x, b.y + header - 4, w, 8);
        ObjectState state = getState();
        if (state.isSelected()) {
            // a halo around the node: visible whatever the category colour
            g.setColor(Style.SELECTED_HALO);
            g.setStroke(new BasicStroke(6f));
            g.drawRoundRect(x - 2, b.y - 2, w + 4, b.height + 3, arc + 4, arc + 4);
        }
        g.setStroke(new BasicStroke(state.isSelected() ? 2.5f : broken ? 2f : 1f));
        g.setColor(state.isSelected() ? Style.SELECTED : broken ? Style.ERROR : accent.darker());
        g.drawRoundRect(x, b.y, w, b.height - 1, arc, arc);
        if (broken) {
            g.setColor(Style.ERROR);
            g.fillOval(x + w - 14, b.y - 6, 18, 18);
            g.setColor(Color.WHITE);
            g.setFont(Style.TITLE);
            g.drawString("!", x + w - 7, b.y + 8);
        }
    }
}
