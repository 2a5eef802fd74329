package org.layercanvas.editor.scene;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.validate.Problem;
import org.netbeans.api.visual.layout.Layout;
import org.netbeans.api.visual.model.ObjectState;
import org.netbeans.api.visual.widget.Scene;
import org.netbeans.api.visual.widget.Widget;

/**
 * One layer on the canvas: input pins on the left, the output pin on the right, and in between
 * the type (coloured by category), the id, the parameters the user set, the output shape, the
 * parameter count, and, when the validator found problems, a red badge whose tooltip lists them.
 *
 * <p>The text is drawn here rather than by a label widget per line: the Visual Library walks every
 * widget of the scene on each validation, and an imported model has thousands of layers, so a
 * node is three widgets (itself and its pins) instead of a dozen.
 */
final class LayerNodeWidget extends Widget {
    private static final int PARAMS_LINE = 30, HEADER = 22, GAP = 6, PIN_GAP = 8, TEXT_LEFT = 4;
    // room on the right: below 100 % zoom glyphs are drawn a little wider than measured
    private static final int TEXT_RIGHT = 12;
    private static final FontRenderContext MEASURE = new FontRenderContext(null, true, false);
    /** The height of the title's capitals, to centre them in the header. */
    private static final float TITLE_CAP = (float) Style.TITLE.createGlyphVector(MEASURE, "H").getVisualBounds().getHeight();

    /** One line of text under the header. */
    private record Line(String text, Font font, Color color, int gapAbove) {
    }

    private String title = "";
    private List<Line> lines = List.of();
    /** The lines of the layer itself, and those a stepped batch adds under them ({@link StepValues}). */
    private List<Line> own = List.of(), stepped = List.of();
    private Color accent = Style.category("");
    private boolean broken;
    /** A comparison's colour for this layer (added, removed, changed), or null. */
    private Color mark;
    private Rectangle area;

    LayerNodeWidget(Scene scene) {
        super(scene);
        setLayout(new PinLayout());
    }

    /** A pin changes the node's height (the pin columns), so the size is measured again. */
    void addPin(PinWidget pin) {
        addChild(pin);
        area = null;
    }

    void removePin(PinWidget pin) {
        pin.removeFromParent();
        area = null;
        revalidate();
    }

    /** Shows the node's current state; {@code shapeOrNull} is null when the shape is unknown. */
    void update(Node node, LayerType type, Shape shapeOrNull, long parameterCount, List<Problem> problems) {
        accent = Style.category(type == null ? "" : type.category());
        title = node.type();
        List<String> given = Describe.keyParamList(node, type);
        String p = String.join(" · ", given);
        List<Line> text = new ArrayList<>();
        text.add(new Line(node.id(), Style.BODY, Style.MUTED, 0));
        // every parameter shows, in lines, so that nothing is cut off and the node grows downwards, not over its neighbours
        List<String> paramLines = Describe.lines(given, PARAMS_LINE);
        for (int i = 0; i < paramLines.size(); i++) {
            text.add(new Line(paramLines.get(i), Style.BODY, Style.TEXT, i == 0 ? 1 : 0));
        }
        text.add(new Line(shapeOrNull == null ? "→ ?" : "→ " + shapeOrNull, Style.BODY, Style.SHAPE, 1));
        text.add(new Line(parameterCount == 0 ? "no parameters" : String.format("%,d params", parameterCount), Style.BODY, Style.MUTED, 1));
        broken = !problems.isEmpty();
        if (broken) {
            text.add(new Line(problems.size() == 1 ? "⚠ 1 problem" : "⚠ " + problems.size() + " problems", Style.BODY, Style.ERROR, 1));
        }
        own = List.copyOf(text);
        showLines();
        String tip = problems.stream().map(Problem::message).collect(Collectors.joining("<br>"));
        setToolTipText("<html>" + node.type() + " '" + node.id() + "'" + (p.isEmpty() ? "" : "<br>" + p) + (broken ? "<br>" + tip : "") + "</html>");
        revalidate();
    }

    /** Lines a stepped batch shows under the layer's own (empty: none). */
    void setStepLines(List<String> step) {
        List<Line> text = new ArrayList<>();
        for (int i = 0; i < step.size(); i++) {
            text.add(new Line(step.get(i), Style.BODY, Style.STEP, i == 0 ? 3 : 0));
        }
        if (!text.equals(stepped)) {
            stepped = List.copyOf(text);
            showLines();
        }
    }

    private void showLines() {
        List<Line> all = new ArrayList<>(own);
        all.addAll(stepped);
        lines = List.copyOf(all);
        area = null;
        revalidate();
    }

    /** The text the node shows, header first, top to bottom. */
    List<String> texts() {
        List<String> out = new ArrayList<>();
        out.add(title);
        lines.forEach(l -> out.add(l.text()));
        return out;
    }

    /** The node's size from its text and pins, measured once per update. */
    @Override
    protected Rectangle calculateClientArea() {
        if (area == null) {
            double width = Style.TITLE.getStringBounds(title, MEASURE).getWidth();
            double height = HEADER + 5;
            for (Line l : lines) {
                width = Math.max(width, l.font().getStringBounds(l.text(), MEASURE).getWidth());
                height += l.gapAbove() + lineHeight(l.font());
            }
            int body = Math.max(Style.NODE_WIDTH, (int) Math.ceil(width) + TEXT_LEFT + TEXT_RIGHT);
            int pins = Math.max(pinColumnHeight(true), pinColumnHeight(false));
            area = new Rectangle(0, 0, 2 * (PinWidget.SIZE + GAP) + body, Math.max((int) Math.ceil(height) + 8, pins + 12));
        }
        return new Rectangle(area);
    }

    private static int lineHeight(Font font) {
        return (int) Math.ceil(font.getLineMetrics("Ag", MEASURE).getHeight());
    }

    private int pinColumnHeight(boolean output) {
        long n = getChildren().stream().filter(c -> ((PinWidget) c).key().isOutput() == output).count();
        return n == 0 ? 0 : (int) (n * PinWidget.SIZE + (n - 1) * PIN_GAP);
    }

    /** Input pins down the left edge and the output pin on the right, each column centred vertically. */
    private final class PinLayout implements Layout {
        @Override
        public void layout(Widget widget) {
            Rectangle size = calculateClientArea();
            int[] next = {(size.height - pinColumnHeight(false)) / 2, (size.height - pinColumnHeight(true)) / 2};
            for (Widget child : getChildren()) {
                boolean output = ((PinWidget) child).key().isOutput();
                int column = output ? 1 : 0;
                child.resolveBounds(new Point(output ? size.width - PinWidget.SIZE : 0, next[column]), null);
                next[column] += PinWidget.SIZE + PIN_GAP;
            }
        }

        @Override
        public boolean requiresJustification(Widget widget) {
            return false;
        }

        @Override
        public void justify(Widget widget) {
        }
    }

    void setMark(Color mark) {
        if (!java.util.Objects.equals(mark, this.mark)) {
            this.mark = mark;
            repaint();
        }
    }

    /** Selection changes only the paint, which the Visual Library does not repaint by itself. */
    @Override
    protected void notifyStateChanged(ObjectState previous, ObjectState state) {
        repaint();
    }

    boolean isBroken() {
        return broken;
    }

    /**
     * Below this scale the layer's 11-point text would be under four pixels high: layers are drawn as
     * plain boxes, without text or pins. A thousand layers zoomed out to fit, or in the navigator,
     * took a second to paint in full, all of it on the event thread.
     */
    static final double LEGIBLE_ZOOM = 0.35;

    /**
     * Whether {@code g} paints below {@link #LEGIBLE_ZOOM}: the scale of the graphics, not the
     * scene's zoom, so the navigator's small copy of the canvas counts too.
     */
    static boolean zoomedOut(Graphics2D g) {
        return Math.abs(g.getTransform().getScaleX()) < LEGIBLE_ZOOM;
    }

    @Override
    protected void paintWidget() {
        Graphics2D g = getGraphics();
        Rectangle b = getBounds();
        int pin = PinWidget.SIZE / 2 + 1;
        int x = b.x + pin, w = b.width - 2 * pin, arc = 12;
        if (zoomedOut(g)) {
            paintBox(g, x, b.y, w, b.height);
            return;
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
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
        if (mark != null) { // inside the box: the widget's bounds end at its border, and what is drawn outside them stays stale
            g.setColor(mark);
            g.setStroke(new BasicStroke(5f));
            g.drawRoundRect(x + 2, b.y + 2, w - 4, b.height - 5, arc, arc);
        }
        paintText(g, b.x + PinWidget.SIZE + GAP + TEXT_LEFT, b.y);
        if (broken) {
            g.setColor(Style.ERROR);
            g.fillOval(x + w - 14, b.y - 6, 18, 18);
            g.setColor(Color.WHITE);
            g.setFont(Style.TITLE);
            g.drawString("!", x + w - 7, b.y + 8);
        }
    }

    /** The layer zoomed out: its category colour, the header darker, the border as selection and problems say. */
    private void paintBox(Graphics2D g, int x, int y, int w, int h) {
        g.setColor(mark != null ? mark : Style.NODE_FILL);
        g.fillRect(x, y, w, h);
        g.setColor(accent);
        g.fillRect(x, y, w, HEADER);
        ObjectState state = getState();
        g.setStroke(new BasicStroke(state.isSelected() ? 6f : broken ? 4f : 1f));
        g.setColor(state.isSelected() ? Style.SELECTED : broken ? Style.ERROR : accent.darker());
        g.drawRect(x, y, w, h - 1);
    }

    private void paintText(Graphics2D g, int x, int top) {
        g.setColor(Color.WHITE);
        g.setFont(Style.TITLE);
        g.drawString(title, x, top + (HEADER + TITLE_CAP) / 2 + 1);
        float y = top + HEADER + 5;
        for (Line l : lines) {
            java.awt.font.LineMetrics m = l.font().getLineMetrics(l.text(), MEASURE);
            y += l.gapAbove();
            g.setFont(l.font());
            g.setColor(l.color());
            g.drawString(l.text(), x, y + m.getAscent());
            y += lineHeight(l.font());
        }
    }
}
