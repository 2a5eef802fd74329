package org.layercanvas.editor.scene;

import java.awt.Point;
import java.awt.event.InputEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.validate.Problem;
import org.layercanvas.engine.validate.Validation;
import org.netbeans.api.visual.action.ActionFactory;
import org.netbeans.api.visual.action.ConnectProvider;
import org.netbeans.api.visual.action.ConnectorState;
import org.netbeans.api.visual.action.MoveProvider;
import org.netbeans.api.visual.action.WidgetAction;
import org.netbeans.api.visual.anchor.AnchorFactory;
import org.netbeans.api.visual.graph.GraphPinScene;
import org.netbeans.api.visual.widget.ConnectionWidget;
import javax.swing.JComponent;
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
    private static final OrthogonalRouter ROUTER = new OrthogonalRouter();
    private final LayerWidget background = new LayerWidget(this), main = new LayerWidget(this),
            connections = new LayerWidget(this), interaction = new LayerWidget(this);
    private final LabelWidget hint = new LabelWidget(this);
    private final Map<PinKey, PinWidget> pins = new HashMap<>();
    private final WidgetAction select = createSelectAction();
    private final WidgetAction connect = ActionFactory.createConnectAction(interaction, new Connector());
    private final WidgetAction move = ActionFactory.createMoveAction(null, new Mover());
    private final WidgetAction edgeSelect = createSelectAction();
    private final WidgetAction popup = ActionFactory.createPopupMenuAction(new Popups());
    private Menus menus;
    private java.util.function.Consumer<String> refusals = why -> { };

    /** The context menus of a node, an edge and the empty canvas; the editor window supplies them. */
    public interface Menus {
        javax.swing.JPopupMenu node(String id);

        javax.swing.JPopupMenu edge(Edge edge);

        javax.swing.JPopupMenu canvas(Point sceneLocation);
    }

    /** An editable canvas over {@code document}. */
    public NetworkScene(ProjectDocument document) {
        this(document, true);
    }

    /**
     * A canvas to look at, not to edit (one side of a comparison): layers can be selected, the view zoomed and panned, but
     * not moved or connected.
     */
    public static NetworkScene viewOnly(ProjectDocument document) {
        return new NetworkScene(document, false);
    }

    private final boolean editable;

    private NetworkScene(ProjectDocument document, boolean editable) {
        this.document = document;
        this.editable = editable;
        setBackground(Style.CANVAS);
        addChild(background);
        addChild(main);
        addChild(connections);
        addChild(interaction);
        // paint only the layers and connections inside the area being repainted: an imported model has thousands
        main.setCheckClipping(true);
        connections.setCheckClipping(true);
        hint.setUseGlyphVector(true);
        hint.setForeground(Style.ERROR);
        hint.setFont(Style.TITLE);
        hint.setOpaque(true);
        hint.setBackground(new java.awt.Color(0xFF, 0xF3, 0xF3));
        hint.setVisible(false);
        interaction.addChild(hint);
        getActions().addAction(ActionFactory.createRectangularSelectAction(this, background));
        getActions().addAction(popup);
        getActions().addAction(new CtrlWheelZoom());
        getActions().addAction(ActionFactory.createPanAction());
        document.addListener(d -> refresh());
        populate();
    }

    /**
     * Layers first shown, at most this many per event: building a thousand layers' widgets in one
     * event held the event thread for over half a second (LargeProjectGuiTest's watchdog).
     */
    private static final int NEW_LAYERS_PER_EVENT = 100;
    private boolean populating;

    /** Shows the network in steps of {@link #NEW_LAYERS_PER_EVENT} new layers, one event each, until all show. */
    private void populate() {
        if (!refresh(NEW_LAYERS_PER_EVENT) && !populating) {
            populating = true;
            java.awt.EventQueue.invokeLater(() -> {
                populating = false;
                populate();
            });
        }
    }

    /** Who supplies the context menus (the editor window). */
    public void setMenus(Menus menus) {
        this.menus = menus;
    }

    /** Told the reason each time a connection being dragged is refused by its target. */
    public void setRefusalListener(java.util.function.Consumer<String> listener) {
        this.refusals = listener;
    }

    /** Hides the refusal shown beside a target (the drag ended). */
    public void endConnectionHint() {
        if (hint.isVisible()) {
            hint.setVisible(false);
            validate();
        }
    }

    /**
     * The view with keyboard focus on a click, so that the editor's keys (Delete, Ctrl+Z, …) reach
     * the canvas: a Visual Library view does not take the focus by itself.
     */
    @Override
    public JComponent createView() {
        JComponent view = super.createView();
        view.setFocusable(true);
        view.addMouseListener(new java.awt.event.MouseAdapter() {
            @Override
            public void mousePressed(java.awt.event.MouseEvent e) {
                view.requestFocusInWindow();
            }

            @Override
            public void mouseReleased(java.awt.event.MouseEvent e) {
                endConnectionHint();
            }
        });
        return view;
    }

    /** Lays the network out left to right with each layer as large as it is drawn, then fits it to the window. */
    public void layout() {
        validate();
        document.layout(id -> {
            Widget w = findWidget(id);
            java.awt.Rectangle r = w == null ? null : w.getPreferredBounds();
            return r == null ? new double[] {org.layercanvas.engine.layout.LayeredLayout.NODE_WIDTH, org.layercanvas.engine.layout.LayeredLayout.NODE_HEIGHT}
                    : new double[] {r.width, r.height};
        });
        fitToView();
    }

    /** Zooms in (factor above 1) or out, within 10 % and 400 %. */
    public void zoomBy(double factor) {
        setZoomFactor(Math.max(MIN_ZOOM, Math.min(4, getZoomFactor() * factor)));
        validate();
    }

    private static final double MIN_ZOOM = 0.1;

    /** Zooms and scrolls so the whole network shows (never above 100 %). */
    public void fitToView() {
        JComponent view = getView();
        if (view == null || document.network().nodes().isEmpty()) {
            return;
        }
        validate();
        java.awt.Rectangle all = null;
        for (Node n : document.network().nodes()) {
            Widget w = findWidget(n.id());
            // preferred bounds: known before the first paint, when the widgets' own bounds are not yet;
            // a layer not yet shown (see populate) gets the layout's size at its position
            java.awt.Rectangle r = w != null ? new java.awt.Rectangle(w.getPreferredBounds())
                    : new java.awt.Rectangle((int) org.layercanvas.engine.layout.LayeredLayout.NODE_WIDTH,
                            (int) org.layercanvas.engine.layout.LayeredLayout.NODE_HEIGHT);
            Point at = w != null ? w.getPreferredLocation()
                    : new Point((int) Math.round(n.x() == null ? 40 : n.x()), (int) Math.round(n.y() == null ? 40 : n.y()));
            r.translate(at.x, at.y);
            all = all == null ? r : all.union(r);
        }
        java.awt.Container port = view.getParent();
        java.awt.Dimension room = port instanceof javax.swing.JViewport vp ? vp.getExtentSize() : view.getVisibleRect().getSize();
        if (room.width <= 0 || room.height <= 0) {
            return;
        }
        int margin = 30;
        double zoom = Math.min(1.0, Math.min((room.width - 2.0 * margin) / (all.x + all.width), (room.height - 2.0 * margin) / (all.y + all.height)));
        setZoomFactor(Math.max(MIN_ZOOM, zoom));
        validate();
        view.scrollRectToVisible(new java.awt.Rectangle(0, 0, 1, 1));
    }

    /** Brings a node into view. */
    public void scrollTo(String id) {
        Widget w = findWidget(id);
        if (w != null && getView() != null) {
            java.awt.Rectangle r = convertSceneToView(w.convertLocalToScene(w.getBounds()));
            r.grow(40, 40);
            getView().scrollRectToVisible(r);
        }
    }

    /** Selects every layer. */
    public void selectAll() {
        setSelectedObjects(new HashSet<>(getNodes()));
    }

    /** The ids of the selected layers. */
    public Set<String> selectedNodes() {
        Set<String> ids = new HashSet<>();
        getSelectedObjects().forEach(o -> {
            if (o instanceof String id) {
                ids.add(id);
            }
        });
        return ids;
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
        w.getActions().addAction(popup);
        if (editable) {
            w.getActions().addAction(move);
        }
        return w;
    }

    @Override
    protected Widget attachPinWidget(String node, PinKey key) {
        PinWidget pin = new PinWidget(this, key);
        ((LayerNodeWidget) findWidget(node)).addPin(pin);
        if (key.isOutput() && editable) {
            pin.getActions().addAction(connect);
        }
        pins.put(key, pin);
        return pin;
    }

    @Override
    protected Widget attachEdgeWidget(Edge edge) {
        EdgeWidget c = new EdgeWidget(this);
        c.setRouter(ROUTER);
        c.getActions().addAction(edgeSelect);
        c.getActions().addAction(popup);
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
    private record NodeView(Node node, Shape shape, List<ParamTensor> parameters, List<Problem> problems, int pins) {
        long parameterCount() {
            return parameters == null ? 0 : parameters.stream().filter(ParamTensor::trainable).mapToLong(p -> p.shape().size()).sum();
        }
    }

    private final Map<String, NodeView> shown = new HashMap<>();
    private final Map<String, Integer> inputPins = new HashMap<>();
    /** The network last shown: an edit that leaves the connections alone keeps its edge list, so they need no syncing. */
    private Network shownNetwork;

    /**
     * Brings nodes, pins, edges, labels and positions in line with the document, touching only what
     * changed: imported models have thousands of layers, and an edit changes a few of them.
     */
    public void refresh() {
        refresh(Integer.MAX_VALUE);
    }

    /**
     * As {@link #refresh()}, creating at most {@code maxNew} layers' widgets: a connection shows
     * once both of its layers do. Returns whether every layer shows.
     */
    private boolean refresh(int maxNew) {
        Network net = document.network();
        Validation v = document.validation();
        boolean sameEdges = shownNetwork != null && net.edges() == shownNetwork.edges();
        Map<String, List<Problem>> problems = new HashMap<>();
        document.problems().stream().filter(p -> p.nodeId() != null)
                .forEach(p -> problems.computeIfAbsent(p.nodeId(), k -> new java.util.ArrayList<>()).add(p));
        Map<String, Integer> connected = null;
        boolean added = false;
        Set<String> reshaped = new HashSet<>();
        int created = 0;
        boolean complete = true;
        for (Node n : net.nodes()) {
            NodeView before = shown.get(n.id());
            if (before == null && created == maxNew) {
                complete = false;
                continue;
            }
            if (before == null) {
                created++;
                addNode(n.id());
                addPin(n.id(), PinKey.output(n.id()));
                added = true;
            }
            int wanted;
            if (sameEdges && before != null) {
                wanted = before.pins();
            } else {
                if (connected == null) {
                    connected = new HashMap<>();
                    for (Edge e : net.edges()) {
                        connected.merge(e.to(), 1, Integer::sum);
                    }
                }
                wanted = inputPins(n, connected.getOrDefault(n.id(), 0));
            }
            NodeView view = new NodeView(n, v.shapes().get(n.id()), v.parameters().get(n.id()), problems.getOrDefault(n.id(), List.of()), wanted);
            if (view.equals(before)) {
                continue;
            }
            if (before == null || !java.util.Objects.equals(before.shape(), view.shape())) {
                reshaped.add(n.id());
            }
            shown.put(n.id(), view);
            syncInputPins(n.id(), wanted);
            LayerNodeWidget w = (LayerNodeWidget) findWidget(n.id());
            w.update(n, document.registry().find(n.type()).orElse(null), view.shape(), view.parameterCount(), view.problems());
            if (before == null && !stepped.isEmpty()) {
                showStep(n.id());
            }
            w.setPreferredLocation(new Point((int) Math.round(n.x() == null ? 40 : n.x()), (int) Math.round(n.y() == null ? 40 : n.y())));
        }
        if (added || net.nodes().size() != shown.size()) {
            Set<String> ids = new HashSet<>();
            net.nodes().forEach(n -> ids.add(n.id()));
            for (String id : List.copyOf(getNodes())) {
                if (!ids.contains(id)) {
                    removeNodeWithEdges(id);
                    pins.keySet().removeIf(k -> k.nodeId().equals(id));
                    shown.remove(id);
                    inputPins.remove(id);
                }
            }
        }
        if (!sameEdges) {
            syncEdges(net);
        }
        for (Edge e : net.edges()) {
            if ((!sameEdges || reshaped.contains(e.from())) && findWidget(e) instanceof EdgeWidget c) {
                Shape s = v.shapes().get(e.from());
                c.setShapeText(s == null ? "?" : s.toString());
            }
        }
        // a partly shown network has connections still to add: the next refresh syncs them all
        shownNetwork = complete ? net : null;
        validate();
        return complete;
    }

    private void syncEdges(Network net) {
        Set<Edge> edges = new HashSet<>(net.edges());
        for (Edge e : List.copyOf(getEdges())) {
            if (!edges.contains(e)) {
                removeEdge(e);
            }
        }
        for (Edge e : net.edges()) {
            if (!isEdge(e) && pins.containsKey(new PinKey(e.to(), e.port())) && pins.containsKey(PinKey.output(e.from()))) {
                addEdge(e);
                setEdgeSource(e, PinKey.output(e.from()));
                setEdgeTarget(e, new PinKey(e.to(), e.port()));
            }
        }
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
                refusals.accept(why.get());
                Point at = target.convertLocalToScene(new Point(0, 0));
                hint.setPreferredLocation(new Point(at.x, at.y - 24));
            }
            // stop at a refusing target: looking further (its node, the layers behind) would hide the reason again
            return why.isPresent() ? ConnectorState.REJECT_AND_STOP : ConnectorState.ACCEPT;
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
            refusals.accept(null);
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

        /** A click without a move records nothing: only widgets that left their place are committed. */
        @Override
        public void movementFinished(Widget widget) {
            Map<String, double[]> moved = new LinkedHashMap<>();
            original.forEach((w, from) -> {
                if (!w.getPreferredLocation().equals(from)) {
                    moved.put((String) findObject(w), new double[] {w.getPreferredLocation().x, w.getPreferredLocation().y});
                }
            });
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

    /** The layers copied last, with the connections among them (the canvas' own clipboard). */
    private List<Node> copiedNodes = List.of();
    private List<Edge> copiedEdges = List.of();

    /** Copies the selected layers and the connections among them. */
    public void copySelection() {
        Set<String> ids = selectedNodes();
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

    /** Copies the selected layers, then deletes them. */
    public void cutSelection() {
        copySelection();
        deleteSelection();
    }

    public boolean canPaste() {
        return !copiedNodes.isEmpty();
    }

    /** Copy and paste in one step. */
    public void duplicateSelection() {
        copySelection();
        paste();
    }

    /** Removes the selected layers (with their connections) and selected connections, as one edit. */
    public void deleteSelection() {
        Set<String> nodes = new HashSet<>();
        Set<Edge> edges = new HashSet<>();
        for (Object o : getSelectedObjects()) {
            if (o instanceof String id) {
                nodes.add(id);
            } else if (o instanceof Edge e) {
                edges.add(e);
            }
        }
        document.remove(nodes, edges);
    }

    /** The tensors of the batch last stepped (none: {@link StepValues#NONE}), which the layers and connections show. */
    private StepValues stepped = StepValues.NONE;

    /**
     * Shows a stepped batch on the canvas: under each layer its small tensors' numbers and its parameters' gradient norms
     * ({@link StepValues}), on each connection the histogram of the values it carried. An empty map takes them away.
     */
    public void showStep(Map<String, org.layercanvas.engine.api.WeightTensor> tensors) {
        stepped = tensors.isEmpty() ? StepValues.NONE : new StepValues(tensors); // in the step's order: weight before bias
        for (String id : getNodes()) {
            showStep(id);
        }
        for (Edge e : getEdges()) {
            showStep(e);
        }
        validate();
    }

    /** The text layer {@code id} shows, header first, top to bottom (empty when it does not show). */
    public List<String> textOf(String id) {
        return findWidget(id) instanceof LayerNodeWidget w ? w.texts() : List.of();
    }

    private void showStep(String id) {
        ((LayerNodeWidget) findWidget(id)).setStepLines(stepped.lines(id));
    }

    private void showStep(Edge e) {
        org.layercanvas.engine.api.WeightTensor t = stepped.output(e.from());
        ((EdgeWidget) findWidget(e)).setValues(t == null || StepValues.small(t) ? null : t);
    }

    /**
     * Colours layers (by id) and connections with a halo, as a comparison marks what was added, removed or changed; those
     * not in {@code marks} lose theirs.
     */
    public void mark(Map<Object, java.awt.Color> marks) {
        for (String id : getNodes()) {
            ((LayerNodeWidget) findWidget(id)).setMark(marks.get(id));
        }
        for (Edge e : getEdges()) {
            ((EdgeWidget) findWidget(e)).setMark(marks.get(e));
        }
        validate();
    }

    /** Pops up the menu the editor supplies for what was right-clicked; a right-clicked layer becomes the selection. */
    private final class Popups implements org.netbeans.api.visual.action.PopupMenuProvider {
        @Override
        public javax.swing.JPopupMenu getPopupMenu(Widget widget, Point localLocation) {
            if (menus == null) {
                return null;
            }
            Object o = findObject(widget);
            if (o != null && !getSelectedObjects().contains(o)) {
                setSelectedObjects(Set.of(o));
            }
            if (o instanceof String id) {
                return menus.node(id);
            }
            if (o instanceof Edge e) {
                return menus.edge(e);
            }
            return menus.canvas(widget.convertLocalToScene(localLocation));
        }
    }

    /** Ctrl + mouse wheel zooms around the pointer; the wheel alone scrolls. */
    private final class CtrlWheelZoom extends WidgetAction.Adapter {
        @Override
        public State mouseWheelMoved(Widget widget, WidgetMouseWheelEvent event) {
            if ((event.getModifiersEx() & InputEvent.CTRL_DOWN_MASK) == 0) {
                return State.REJECTED;
            }
            zoomBy(event.getWheelRotation() < 0 ? 1.1 : 1 / 1.1);
            return State.CONSUMED;
        }
    }
}
