package org.layercanvas.editor.scene;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.List;
import org.netbeans.api.visual.anchor.Anchor;
import org.netbeans.api.visual.router.Router;
import org.netbeans.api.visual.widget.ConnectionWidget;
import org.netbeans.api.visual.widget.Widget;

/**
 * Routes a connection in horizontal and vertical segments, leaving the output pin to the right and
 * entering the input pin from the left, as the layered layout draws them: a forward edge turns once
 * halfway between the two layers; an edge back to an earlier layer runs out, along the gap between
 * the two layers' rows (or below both when they share a row), and in again.
 *
 * <p>Each route depends only on its two ends, so an edit re-routes just the edges of the layers it
 * moved. The Visual Library's search router avoids nodes but searches the whole scene per edge: with
 * a hundred layers an edit took over 100 ms, with a thousand minutes.
 */
final class OrthogonalRouter implements Router {
    /** How far a route runs straight out of a pin before it turns. */
    private static final int STUB = 16;

    @Override
    public List<Point> routeConnection(ConnectionWidget widget) {
        Anchor source = widget.getSourceAnchor(), target = widget.getTargetAnchor();
        if (source == null || target == null) {
            return List.of();
        }
        Widget from = source.getRelatedWidget(), to = target.getRelatedWidget();
        Point a = source.getRelatedSceneLocation(), b = target.getRelatedSceneLocation();
        a.translate(PinWidget.SIZE / 2, 0);
        b.translate(-PinWidget.SIZE / 2, 0);
        if (a.y == b.y && b.x >= a.x) {
            return List.of(a, b);
        }
        if (b.x - a.x >= 2 * STUB) {
            int mid = (a.x + b.x) / 2;
            return List.of(a, new Point(mid, a.y), new Point(mid, b.y), b);
        }
        int gap = gapBetween(nodeBounds(from), nodeBounds(to));
        int out = a.x + STUB, in = b.x - STUB;
        return List.of(a, new Point(out, a.y), new Point(out, gap), new Point(in, gap), new Point(in, b.y), b);
    }

    /** The y of a horizontal run that crosses neither node: between their rows, else below both. */
    private static int gapBetween(Rectangle s, Rectangle t) {
        if (t.y > s.y + s.height) {
            return (s.y + s.height + t.y) / 2;
        }
        if (s.y > t.y + t.height) {
            return (t.y + t.height + s.y) / 2;
        }
        return Math.max(s.y + s.height, t.y + t.height) + STUB;
    }

    /** The scene bounds of the layer a pin belongs to (the pin's own when it has no layer). */
    private static Rectangle nodeBounds(Widget pin) {
        Widget node = pin.getParentWidget() instanceof LayerNodeWidget n ? n : pin;
        Rectangle bounds = node.getBounds();
        return node.convertLocalToScene(bounds == null ? new Rectangle() : bounds);
    }
}
