package org.layercanvas.editor.scene;

import java.awt.Point;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.engine.graph.Edge;
import org.layercanvas.engine.graph.Network;
import org.layercanvas.engine.graph.Node;
import org.layercanvas.engine.graph.Shape;
import org.layercanvas.engine.validate.Validation;
import org.netbeans.api.visual.action.ActionFactory;
import org.netbeans.api.visual.action.ConnectProvider;
import org.netbeans.api.visual.action.ConnectorState;
import org.netbeans.api.visual.action.MoveProvider;
import org.netbeans.api.visual.action.WidgetAction;
import org.netbeans.api.visual.anchor.AnchorFactory;
import org.netbeans.api.visual.anchor.AnchorShape;
import org.netbeans.api.visual.graph.GraphPinScene;
import org.netbeans.api.visual.layout.LayoutFactory;
import org.netbeans.api.visual.widget.ConnectionWidget;
import org.netbeans.api.visual.widget.LabelWidget;
import org.netbeans.api.visual.widget.LayerWidget;
import org.netbeans.api.visual.widget.Widget;

/**
 * The canvas: a view of a {@link ProjectDocument}'s network (layer = node, port = pin, tensor =
 * edge, labelled with its shape). It never holds state of its own beyond widgets: every gesture
 * becomes a document edit, and {@link #refresh()} brings the widgets in line with the document.
 * Must be used on the event dispatch thread, as all Visual Library scenes.
 */
public final class NetworkScene extends GraphPinScene<String, Edge, PinKey> {
    private final ProjectDocument document;
    private final LayerWidget background = new LayerWidget(this), main = new LayerWidget(this),
            connections = new LayerWidget(this), interaction = new LayerWidget(this);
    private final LabelWidget hint = new LabelWidget(this);
    private final Map<PinKey, PinWidget> pins = new HashMap<>();
    private final WidgetAction select = createSelectAction();
    private final WidgetAction connect = ActionFactory.createConnectAction(interaction, new Connector());
    private final WidgetAction move = ActionFactory.createMoveAction(null, new Mover());
    private final WidgetAction edgeSelect = createSelectAction();

    public NetworkScene(ProjectDocument document) {
        this.document = document;
        setBackground(Style.CANVAS);
        addChild(background);
        addChild(main);
        addChild(connections);
        addChild(interaction);
        hint.setForeground(Style.ERROR);
        hint.setFont(Style.TITLE);
        hint.setOpaque(true);
        hint.setBackground(new java.awt.Color(0xFF, 0xF3, 0xF3));
        hint.setVisible(false);
        interaction.addChild(hint);
        getActions().addAction(ActionFactory.createRectangularSelectAction(this, background));
        getActions().addAction(new CtrlWheelZoom());
        getActions().addAction(ActionFactory.createPanAction());
        getActions().addAction(new DeleteKey());
        getActions().addAction(new ClipboardKeys());
        document.addListener(d -> refresh());
        refresh();
    }

    public ProjectDocument document() {
        return document;
    }

    /** The reason shown while a connection is being refused, or null. */
    public String currentHint() {
        return hint.isVisible() ? hint.getLabel() : null;
    }

    @Override
    protected Widget attachNodeWidget(String id) {
        LayerNodeWidget w = new LayerNodeWidget(this);
        main.addChild(w);
        w.getActions().addAction(select);
        w.getActions().addAction(move);
        return w;
    }

    @Override
    protected Widget attachPinWidget(String node, PinKey key) {
        PinWidget pin = new PinWidget(this, key);
        ((LayerNodeWidget) findWidget(node)).addPin(pin);
        if (key.isOutput()) {
            pin.getActions().addAction(connect);
        }
        pins.put(key, pin);
        return pin;
    }

    @Override
    protected Widget attachEdgeWidget(Edge edge) {
        ConnectionWidget c = new ConnectionWidget(this);
        c.setTargetAnchorShape(AnchorShape.TRIANGLE_FILLED);
        c.setLineColor(Style.EDGE);
        c.setStroke(new java.awt.BasicStroke(1.6f));
        LabelWidget label = new LabelWidget(this);
        label.setFont(Style.BODY);
        label.setForeground(Style.SHAPE);
        label.setOpaque(true);
        label.setBackground(Style.CANVAS);
        c.addChild(label);
        c.setConstraint(label, LayoutFactory.ConnectionWidgetLayoutAlignment.CENTER, 0.5f);
        c.getActions().addAction(edgeSelect);
        connections.addChild(c);
        return c;
    }

    @Override
    protected void attachEdgeSourceAnchor(Edge edge, PinKey oldSource, PinKey source) {
        ((ConnectionWidget) findWidget(edge)).setSourceAnchor(source == null ? null : AnchorFactory.createCircularAnchor(findWidget(source), PinWidget.SIZE / 2));
    }

    @Override
    protected void attachEdgeTargetAnchor(Edge edge, PinKey oldTarget, PinKey target) {
        ((ConnectionWidget) findWidget(edge)).setTargetAnchor(target == null ? null : AnchorFactory.createCircularAnchor(findWidget(target), PinWidget.SIZE / 2));
    }

    /** What a node widget currently shows; refresh skips nodes whose view has not changed. */
    private record NodeView(Node node, Shape shape, long parameters, List<org.layercanvas.engine.validate.Problem> problems, int pins) {
    }

    private final Map<String, NodeView> shown = new HashMap<>();
    private final Map<String, Integer> inputPins = new HashMap<>();

    /** Brings nodes, pins, edges, labels and positions in line with the document, touching only what changed. */
    public void refresh() {
        Network net = document.network();
        Validation v = document.validation();
        Map<String, List<org.layercanvas.engine.validate.Problem>> problems = new HashMap<>();
        document.problems().stream().filter(p -> p.nodeId() != null)
                .forEach(p -> problems.computeIfAbsent(p.nodeId(), k -> new java.util.ArrayList<>()).add(p));
        Map<String, Integer> connected = new HashMap<>();
        net.edges().forEach(e -> connected.merge(e.to(), 1, Integer::sum));
        Set<String> ids = new HashSet<>();
        for (Node n : net.nodes()) {
            ids.add(n.id());
            if (findWidget(n.id()) == null) {
                addNode(n.id());
                addPin(n.id(), PinKey.output(n.id()));
            }
            int wanted = inputPins(n, connected.getOrDefault(n.id(), 0));
            NodeView view = new NodeView(n, v.shapes().get(n.id()), v.parameterCount(n.id()), problems.getOrDefault(n.id(), List.of()), wanted);
            if (view.equals(shown.get(n.id()))) {
                continue;
            }
            shown.put(n.id(), view);
            syncInputPins(n.id(), wanted);
            LayerNodeWidget w = (LayerNodeWidget) findWidget(n.id());
            w.update(n, document.registry().find(n.type()).orElse(null), view.shape(), view.parameters(), view.problems());
            w.setPreferredLocation(new Point((int) Math.round(n.x() == null ? 40 : n.x()), (int) Math.round(n.y() == null ? 40 : n.y())));
        }
        for (String id : List.copyOf(getNodes())) {
            if (!ids.contains(id)) {
                removeNodeWithEdges(id);
                pins.keySet().removeIf(k -> k.nodeId().equals(id));
                shown.remove(id);
                inputPins.remove(id);
            }
        }
        Set<Edge> edges = new HashSet<>(net.edges());
        for (Edge e : List.copyOf(getEdges())) {
            if (!edges.contains(e)) {
                removeEdge(e);
            }
        }
        for (Edge e : net.edges()) {
            if (!isEdge(e) && pins.containsKey(new PinKey(e.to(), e.port()))) {
                addEdge(e);
                setEdgeSource(e, PinKey.output(e.from()));
                setEdgeTarget(e, new PinKey(e.to(), e.port()));
            }
            Shape s = v.shapes().get(e.from());
            Widget c = findWidget(e);
            if (c != null) {
                LabelWidget label = (LabelWidget) c.getChildren().get(0);
                String text = s == null ? "?" : s.toString();
                if (!text.equals(label.getLabel())) {
                    label.setLabel(text);
                }
            }
        }
        validate();
    }

    /** Pins for every connection, the minimum the type needs, and one free pin more on layers that take more inputs. */
    private int inputPins(Node n, int connected) {
        return document.registry().find(n.type()).map(t -> {
            int shown = Math.max(Math.min(Math.max(t.minInputs(), 1), t.maxInputs()), connected);
            return t.maxInputs() > t.minInputs() && connected >= t.minInputs() ? Math.min(t.maxInputs(), connected + 1) : shown;
        }).orElse(Math.max(1, connected));
    }

    private void syncInputPins(String node, int count) {
        int have = inputPins.getOrDefault(node, 0);
        for (int p = have; p < count; p++) {
            addPin(node, new PinKey(node, p));
        }
        for (int p = count; p < have; p++) {
            removePin(new PinKey(node, p));
            pins.remove(new PinKey(node, p));
        }
        inputPins.put(node, count);
    }

    /** Connects by dragging from an output pin to an input pin or a node (its first free input). */
    private final class Connector implements ConnectProvider {
        @Override
        public boolean isSourceWidget(Widget source) {
            return source instanceof PinWidget p && p.key().isOutput();
        }

        @Override
        public ConnectorState isTargetWidget(Widget source, Widget target) {
            Optional<PinKey> to = targetPin(target);
            if (to.isEmpty()) {
                hint.setVisible(false);
                return ConnectorState.REJECT;
            }
            Optional<String> why = document.whyNotConnect(((PinWidget) source).key().nodeId(), to.get().nodeId(), to.get().port());
            hint.setLabel(why.orElse(""));
            hint.setVisible(why.isPresent());
            if (why.isPresent()) {
                Point at = target.convertLocalToScene(new Point(0, 0));
                hint.setPreferredLocation(new Point(at.x, at.y - 24));
            }
            return why.isPresent() ? ConnectorState.REJECT : ConnectorState.ACCEPT;
        }

        @Override
        public boolean hasCustomTargetWidgetResolver(org.netbeans.api.visual.widget.Scene scene) {
            return false;
        }

        @Override
        public Widget resolveTargetWidget(org.netbeans.api.visual.widget.Scene scene, Point sceneLocation) {
            return null;
        }

        @Override
        public void createConnection(Widget source, Widget target) {
            hint.setVisible(false);
            targetPin(target).ifPresent(to -> document.connect(((PinWidget) source).key().nodeId(), to.nodeId(), to.port()));
        }

        private Optional<PinKey> targetPin(Widget target) {
            if (target instanceof PinWidget p && !p.key().isOutput()) {
                return Optional.of(p.key());
            }
            if (target instanceof LayerNodeWidget) {
                String node = (String) findObject(target);
                int port = document.freePort(node);
                return port < 0 ? Optional.of(new PinKey(node, 0)) : Optional.of(new PinKey(node, port));
            }
            return Optional.empty();
        }
    }

    /** Moves widgets while dragging and commits the final positions as one document edit. */
    private final class Mover implements MoveProvider {
        private final Map<Widget, Point> original = new LinkedHashMap<>();

        @Override
        public void movementStarted(Widget widget) {
            original.clear();
            for (Object o : getSelectedObjects()) {
                Widget w = findWidget(o);
                if (w instanceof LayerNodeWidget) {
                    original.put(w, w.getPreferredLocation());
                }
            }
            original.putIfAbsent(widget, widget.getPreferredLocation());
        }

        @Override
        public void movementFinished(Widget widget) {
            Map<String, double[]> moved = new LinkedHashMap<>();
            original.keySet().forEach(w -> moved.put((String) findObject(w), new double[] {w.getPreferredLocation().x, w.getPreferredLocation().y}));
            original.clear();
            document.moveNodes(moved);
        }

        @Override
        public Point getOriginalLocation(Widget widget) {
            return widget.getPreferredLocation();
        }

        @Override
        public void setNewLocation(Widget widget, Point location) {
            Point start = original.getOrDefault(widget, widget.getPreferredLocation());
            int dx = location.x - start.x, dy = location.y - start.y;
            for (Map.Entry<Widget, Point> e : original.entrySet()) {
                e.getKey().setPreferredLocation(new Point(e.getValue().x + dx, e.getValue().y + dy));
            }
        }
    }

    /** Delete removes the selected layers, or the selected connections. */
    private final class DeleteKey extends WidgetAction.Adapter {
        @Override
        public State keyPressed(Widget widget, WidgetKeyEvent event) {
            if (event.getKeyCode() != KeyEvent.VK_DELETE) {
                return State.REJECTED;
            }
            deleteSelection();
            return State.CONSUMED;
        }
    }

    /** The layers copied last, with the connections among them (the canvas' own clipboard). */
    private List<Node> copiedNodes = List.of();
    private List<Edge> copiedEdges = List.of();

    /** Copies the selected layers and the connections among them. */
    public void copySelection() {
        Set<String> ids = new HashSet<>();
        getSelectedObjects().forEach(o -> {
            if (o instanceof String id) {
                ids.add(id);
            }
        });
        Network net = document.network();
        copiedNodes = net.nodes().stream().filter(n -> ids.contains(n.id())).toList();
        copiedEdges = net.edges().stream().filter(e -> ids.contains(e.from()) && ids.contains(e.to())).toList();
    }

    /** Pastes the copied layers with new ids, offset from the originals, and selects them. */
    public void paste() {
        if (!copiedNodes.isEmpty()) {
            setSelectedObjects(new HashSet<>(document.paste(copiedNodes, copiedEdges, 40, 40)));
        }
    }

    /** Copy and paste in one step. */
    public void duplicateSelection() {
        copySelection();
        paste();
    }

    /** Ctrl+C, Ctrl+V and Ctrl+D (duplicate) on the canvas. */
    private final class ClipboardKeys extends WidgetAction.Adapter {
        @Override
        public State keyPressed(Widget widget, WidgetKeyEvent event) {
            if ((event.getModifiersEx() & InputEvent.CTRL_DOWN_MASK) == 0) {
                return State.REJECTED;
            }
            switch (event.getKeyCode()) {
                case KeyEvent.VK_C -> copySelection();
                case KeyEvent.VK_V -> paste();
                case KeyEvent.VK_D -> duplicateSelection();
                default -> {
                    return State.REJECTED;
                }
            }
            return State.CONSUMED;
        }
    }

    /** Removes the selected layers (with their connections) and selected connections. */
    public void deleteSelection() {
        Set<String> nodes = new HashSet<>();
        for (Object o : getSelectedObjects()) {
            if (o instanceof String id) {
                nodes.add(id);
            } else if (o instanceof Edge e && !nodes.contains(e.from()) && !nodes.contains(e.to())) {
                document.disconnect(e);
            }
        }
        document.removeNodes(nodes);
    }

    /** Ctrl + mouse wheel zooms around the pointer; the wheel alone scrolls. */
    private final class CtrlWheelZoom extends WidgetAction.Adapter {
        @Override
        public State mouseWheelMoved(Widget widget, WidgetMouseWheelEvent event) {
            if ((event.getModifiersEx() & InputEvent.CTRL_DOWN_MASK) == 0) {
                return State.REJECTED;
            }
            double factor = event.getWheelRotation() < 0 ? 1.1 : 1 / 1.1;
            setZoomFactor(Math.max(0.1, Math.min(4, getZoomFactor() * factor)));
            validate();
            return State.CONSUMED;
        }
    }
}
