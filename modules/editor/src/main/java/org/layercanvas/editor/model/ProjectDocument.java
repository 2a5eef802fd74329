package org.layercanvas.editor.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.swing.event.UndoableEditEvent;
import javax.swing.event.UndoableEditListener;
import javax.swing.undo.AbstractUndoableEdit;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.GraphException;
import org.layercanvas.engine.compile.MemoryEstimate;
import org.layercanvas.engine.layout.LayeredLayout;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.DataConfig;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.ProjectFiles;

/**
 * An open project as the editor sees it: the engine's immutable {@link Project} plus the network
 * being edited, its validation (shapes, parameter counts, problems) kept current after every
 * edit, and a saved-state marker. Every edit replaces the network with a new one and is reported
 * to {@link UndoableEditListener}s as an undoable edit holding both versions; the canvas is only a
 * view of this document.
 */
public final class ProjectDocument {
    /** Told after every change of the network, including undo and redo. */
    public interface Listener {
        void changed(ProjectDocument document);
    }

    private LayerRegistry registry;
    private Validator validator;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<UndoableEditListener> undoListeners = new CopyOnWriteArrayList<>();
    private Project project;
    private String networkName;
    private Validation validation;
    private List<org.layercanvas.engine.validate.Problem> problems;
    private Project saved;
    private Optional<MemoryEstimate> memory = Optional.empty();

    public ProjectDocument(Project project, LayerRegistry registry) {
        this.registry = registry;
        this.validator = new Validator(registry);
        this.project = project;
        if (project.networks().isEmpty()) {
            throw new IllegalArgumentException("project '" + project.name() + "' has no network to edit");
        }
        // "main", else the first network (a GAN's generator); the canvas shows one network at a time
        this.networkName = project.network("main").orElse(project.networks().get(0)).name();
        this.validation = validator.validate(network());
        this.problems = findProblems();
        this.saved = project;
    }

    public static ProjectDocument open(Path file, LayerRegistry registry) throws IOException {
        return new ProjectDocument(ProjectFiles.read(file), registry);
    }

    public LayerRegistry registry() {
        return registry;
    }

    /** Validates with {@code registry} from now on, so layer types a plugin brought or took away count at once. */
    public void useRegistry(LayerRegistry registry) {
        this.registry = registry;
        this.validator = new Validator(registry);
        setProject(project, networkName);
    }

    public Project project() {
        return project;
    }

    public Network network() {
        return project.network(networkName).orElseThrow();
    }

    public Validation validation() {
        return validation;
    }

    /** Every problem: the graph validator's and the project-level ones ({@link QuickFixes}). */
    public List<org.layercanvas.engine.validate.Problem> problems() {
        return problems;
    }

    /**
     * The memory training the shown network needs at the project's batch size, as the compiler will
     * count it; empty while there are problems or the project has no training section.
     */
    public Optional<MemoryEstimate> trainingMemory() {
        return memory;
    }

    private List<org.layercanvas.engine.validate.Problem> findProblems() {
        List<org.layercanvas.engine.validate.Problem> all = new ArrayList<>(validation.problems());
        all.addAll(QuickFixes.projectProblems(project, network(), validation));
        memory = Optional.empty();
        TrainingConfig training = project.training();
        if (all.isEmpty() && training != null && training.batchSize() > 0) {
            try {
                memory = Optional.of(new Compiler(registry).withOptimizer(training.optimizer())
                        .estimate(network(), validation, training.batchSize(), false));
            } catch (GraphException e) {
                all.addAll(e.problems()); // a tensor beyond a Java array at this batch size
            }
        }
        return List.copyOf(all);
    }

    /** Inserts a new layer of {@code type} on the connection into {@code nodeId}, between the two nodes. */
    public String insertBefore(String nodeId, String type) {
        Node target = network().node(nodeId).orElseThrow();
        String from = network().inputsOf(nodeId).stream().findFirst().map(Edge::from).orElse(null);
        Node source = from == null ? target : network().node(from).orElseThrow();
        double x = ((source.x() == null ? 0 : source.x()) + (target.x() == null ? 0 : target.x())) / 2;
        double y = ((source.y() == null ? 0 : source.y()) + (target.y() == null ? 0 : target.y())) / 2 + 60;
        LayerType t = registry.find(type).orElseThrow();
        String id = Ids.fresh(type, ids());
        edit("Insert " + type, QuickFixes.insertBefore(network(), nodeId, new Node(id, type, StarterParams.of(t), x, y)));
        return id;
    }

    /** Adds an Input (shape [784] to start with) feeding every layer that has no input yet. */
    public String addInput() {
        Set<String> fed = new HashSet<>();
        network().edges().forEach(e -> fed.add(e.to()));
        String id = Ids.fresh("Input", ids());
        Network net = NetworkEdits.addNode(network(), new Node(id, "Input", StarterParams.of(registry.find("Input").orElseThrow()), 40.0, 40.0));
        for (Node n : network().nodes()) {
            if (!fed.contains(n.id()) && registry.find(n.type()).map(t -> t.minInputs() > 0).orElse(false)) {
                net = NetworkEdits.addEdge(net, new Edge(id, n.id(), 0));
            }
        }
        edit("Add Input", net);
        return id;
    }

    public boolean isModified() {
        return !project.equals(saved);
    }

    /** Writes the project atomically and marks it saved. */
    public void save(Path file) throws IOException {
        ProjectFiles.write(project, file);
        saved = project;
        fire();
    }

    /**
     * Takes edits recovered after a crash as one undoable edit: the document shows them as unsaved
     * changes of the file it was opened from.
     */
    public void recover(Project edited) {
        String show = edited.network(networkName).isPresent() ? networkName
                : edited.network("main").orElse(edited.networks().get(0)).name();
        projectEdit("Recover Unsaved Changes", edited, show);
    }

    /** The name of the network the canvas shows and edits. */
    public String networkName() {
        return networkName;
    }

    /** Shows and edits another network of the project (a view change, not an edit). */
    public void showNetwork(String name) {
        if (project.network(name).isEmpty()) {
            throw new IllegalArgumentException("the project has no network '" + name + "'");
        }
        if (!name.equals(networkName)) {
            setProject(project, name);
        }
    }

    /** Adds an empty network (with one Input) and shows it. */
    public void addNetwork(String name) {
        checkNetworkName(name);
        List<Network> networks = new ArrayList<>(project.networks());
        Node input = new Node("input", "Input", StarterParams.of(registry.find("Input").orElseThrow()), 40.0, 40.0);
        networks.add(new Network(name, List.of(input), List.of()));
        projectEdit("Add network " + name, withNetworks(networks), name);
    }

    /** Renames the shown network. */
    public void renameNetwork(String name) {
        if (name.equals(networkName)) {
            return;
        }
        checkNetworkName(name);
        List<Network> networks = project.networks().stream()
                .map(n -> n.name().equals(networkName) ? new Network(name, n.nodes(), n.edges()) : n).toList();
        projectEdit("Rename network " + networkName + " to " + name, withNetworks(networks), name);
    }

    /** Deletes the shown network and shows the first remaining one; the last network cannot be deleted. */
    public void deleteNetwork() {
        if (project.networks().size() == 1) {
            throw new IllegalArgumentException("'" + networkName + "' is the project's only network");
        }
        List<Network> networks = project.networks().stream().filter(n -> !n.name().equals(networkName)).toList();
        projectEdit("Delete network " + networkName, withNetworks(networks), networks.get(0).name());
    }

    private void checkNetworkName(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_\\-]*")) {
            throw new IllegalArgumentException("a network name is a letter or _ followed by letters, digits, _ or -: \"" + name + "\"");
        }
        if (project.network(name).isPresent()) {
            throw new IllegalArgumentException("the project already has a network '" + name + "'");
        }
    }

    private Project withNetworks(List<Network> networks) {
        return new Project(project.name(), networks, project.training(), project.data());
    }

    /** Sets one field of the training section (loss, batch_size, …; see {@link Settings}) as one undoable edit. */
    public void setTrainingField(String field, Object value) {
        setTraining("Set training " + field, Settings.withTraining(Settings.training(project), field, value));
    }

    /** Sets one parameter of the optimizer (learning_rate, momentum, …). */
    public void setOptimizerParam(String name, Object value) {
        setTraining("Set optimizer " + name, Settings.withOptimizerParam(Settings.training(project), name, value));
    }

    /** Sets one field of the train or test data source ({@code part} "train" or "test"). */
    public void setSourceField(String part, String field, Object value) {
        setData("Set " + part + " data " + field, Settings.withSourceField(Settings.data(project), part, field, value));
    }

    /** Sets one preprocessing field (scale, standardize, one_hot). */
    public void setPreprocess(String field, Object value) {
        setData("Set preprocess " + field, Settings.withPreprocess(Settings.data(project), field, value));
    }

    private void setTraining(String editName, TrainingConfig training) {
        settingsEdit(editName, new Project(project.name(), project.networks(), training, project.data()));
    }

    private void setData(String editName, DataConfig data) {
        settingsEdit(editName, new Project(project.name(), project.networks(), project.training(), data));
    }

    private void settingsEdit(String editName, Project after) {
        Settings.check(after, Path.of(project.name() + ".lcproj.json"));
        projectEdit(editName, after, networkName);
    }

    /** Gives a layer a new id; the connections follow it. */
    public void renameNode(String id, String newId) {
        if (newId.equals(id)) {
            return;
        }
        if (newId.isBlank() || !newId.matches("[A-Za-z_][A-Za-z0-9_\\-.]*")) {
            throw new IllegalArgumentException("a layer id is a letter or _ followed by letters, digits, _, - or .: \"" + newId + "\"");
        }
        if (ids().contains(newId)) {
            throw new IllegalArgumentException("the network already has a layer '" + newId + "'");
        }
        edit("Rename " + id + " to " + newId, NetworkEdits.rename(network(), id, newId));
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    public void addUndoableEditListener(UndoableEditListener l) {
        undoListeners.add(l);
    }

    public void removeUndoableEditListener(UndoableEditListener l) {
        undoListeners.remove(l);
    }

    /** Adds a node of {@code type} with starter values for its required parameters; returns its id. */
    public String addNode(String type, double x, double y) {
        LayerType t = registry.find(type).orElseThrow(() -> new IllegalArgumentException("unknown layer type '" + type + "'"));
        String id = Ids.fresh(type, ids());
        edit("Add " + type, NetworkEdits.addNode(network(), new Node(id, type, StarterParams.of(t), x, y)));
        return id;
    }

    public void removeNodes(Set<String> ids) {
        remove(ids, Set.of());
    }

    /** Removes layers (with their connections) and connections as one edit, so one Ctrl+Z brings all of them back. */
    public void remove(Set<String> ids, Set<Edge> edges) {
        if (edges.isEmpty()) {
            if (!ids.isEmpty()) {
                edit(ids.size() == 1 ? "Delete " + ids.iterator().next() : "Delete " + ids.size() + " layers", NetworkEdits.removeNodes(network(), ids));
            }
        } else if (ids.isEmpty() && edges.size() == 1) {
            disconnect(edges.iterator().next());
        } else {
            edit("Delete " + count(ids.size(), "layer") + " and " + count(edges.size(), "connection"),
                    NetworkEdits.removeEdges(NetworkEdits.removeNodes(network(), ids), edges));
        }
    }

    public void moveNodes(Map<String, double[]> positions) {
        if (!positions.isEmpty()) {
            edit(positions.size() == 1 ? "Move " + positions.keySet().iterator().next() : "Move " + positions.size() + " layers",
                    NetworkEdits.move(network(), positions));
        }
    }

    /** Why {@code from → to:port} cannot be drawn, or empty when it can. */
    public Optional<String> whyNotConnect(String from, String to, int port) {
        return new ConnectRules(registry).check(network(), from, to, port);
    }

    /** The first free input port of {@code to}, or -1 when all are taken. */
    public int freePort(String to) {
        int max = network().node(to).flatMap(n -> registry.find(n.type())).map(LayerType::maxInputs).orElse(1);
        Set<Integer> used = new HashSet<>();
        network().inputsOf(to).forEach(e -> used.add(e.port()));
        for (int p = 0; p < max; p++) {
            if (!used.contains(p)) {
                return p;
            }
        }
        return -1;
    }

    /** @throws IllegalArgumentException with the reason when the connection is not allowed */
    public void connect(String from, String to, int port) {
        Optional<String> why = whyNotConnect(from, to, port);
        if (why.isPresent()) {
            throw new IllegalArgumentException(why.get());
        }
        edit("Connect " + from + " → " + to, NetworkEdits.addEdge(network(), new Edge(from, to, port)));
    }

    public void disconnect(Edge edge) {
        edit("Disconnect " + edge.from() + " → " + edge.to(), NetworkEdits.removeEdge(network(), edge));
    }

    /**
     * Sets one parameter after checking it against the layer's spec.
     *
     * @throws IllegalArgumentException naming the parameter and what is wrong with the value
     */
    public void setParam(String nodeId, String name, Object value) {
        Node node = network().node(nodeId).orElseThrow(() -> new IllegalArgumentException("no node '" + nodeId + "'"));
        LayerType type = registry.find(node.type()).orElseThrow(() -> new IllegalArgumentException("unknown layer type '" + node.type() + "'"));
        Object coerced = type.coerceParam(name, value);
        if (coerced.equals(node.params().get(name))) {
            return;
        }
        edit("Set " + nodeId + "." + name, network().withNode(node.withParam(name, coerced)));
    }

    /** Pastes copies of the given nodes and the edges among them with fresh ids; returns the new ids. */
    public List<String> paste(List<Node> nodes, List<Edge> edges, double dx, double dy) {
        Map<String, String> newIds = new LinkedHashMap<>();
        Network after = NetworkEdits.paste(network(), nodes, edges, dx, dy, newIds);
        edit("Paste " + nodes.size() + (nodes.size() == 1 ? " layer" : " layers"), after);
        return new ArrayList<>(newIds.values());
    }

    /** Places every node by {@link LayeredLayout}, each as large as {@code sizeOf} says ({width, height}). */
    public void layout(java.util.function.Function<String, double[]> sizeOf) {
        edit("Layout", NetworkEdits.move(network(), LayeredLayout.positions(network(), sizeOf)));
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private Set<String> ids() {
        Set<String> ids = new HashSet<>();
        network().nodes().forEach(n -> ids.add(n.id()));
        return ids;
    }

    private void edit(String name, Network after) {
        projectEdit(name, project.withNetwork(after), networkName);
    }

    private void projectEdit(String name, Project after, String showAfter) {
        Project before = project;
        String showBefore = networkName;
        if (after.equals(before) && showAfter.equals(showBefore)) {
            return;
        }
        setProject(after, showAfter);
        UndoableEditEvent event = new UndoableEditEvent(this, new ProjectEdit(name, before, showBefore, after, showAfter));
        undoListeners.forEach(l -> l.undoableEditHappened(event));
    }

    private void setProject(Project p, String show) {
        project = p;
        networkName = show;
        validation = validator.validate(network());
        problems = findProblems();
        fire();
    }

    private void fire() {
        listeners.forEach(l -> l.changed(this));
    }

    /**
     * One edit: both versions of the project and the network shown with each, so undo and redo just
     * swap them in (undoing an edit of another network brings that network back into view).
     */
    private final class ProjectEdit extends AbstractUndoableEdit {
        private final String name, showBefore, showAfter;
        private final Project before, after;

        ProjectEdit(String name, Project before, String showBefore, Project after, String showAfter) {
            this.name = name;
            this.before = before;
            this.showBefore = showBefore;
            this.after = after;
            this.showAfter = showAfter;
        }

        @Override
        public String getPresentationName() {
            return name;
        }

        @Override
        public void undo() {
            super.undo();
            setProject(before, showBefore);
        }

        @Override
        public void redo() {
            super.redo();
            setProject(after, showAfter);
        }
    }
}
