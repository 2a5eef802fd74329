package org.layercanvas.formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.DataConfig;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.EarlyStopping;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.json.JsonWriter;
import org.layercanvas.formats.json.Located;
import org.layercanvas.formats.json.LocatedJsonParser;
import org.layercanvas.formats.json.ObjectReader;

/**
 * Reads and writes project files, format version 1 (docs/project-format.md). Reading refuses
 * anything it does not understand with {@code file:line:col: json.path: what}; writing is
 * deterministic (a file written by LayerCanvas re-saves to the same bytes) and atomic.
 */
public final class ProjectFiles {
    /** Project files are named NAME.lcproj.json: the editor's file type and the project's name follow from it. */
    public static final String SUFFIX = ".lcproj.json";

    private ProjectFiles() {
    }

    /**
     * NAME of a project file NAME.lcproj.json.
     *
     * @throws IllegalArgumentException for a file named otherwise
     */
    public static String projectName(Path file) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(SUFFIX) || fileName.length() == SUFFIX.length()) {
            throw new IllegalArgumentException(file + ": a project file is named NAME" + SUFFIX);
        }
        return fileName.substring(0, fileName.length() - SUFFIX.length());
    }

    /** The project file a user meant by {@code chosen}: as is when it ends in .lcproj.json, else with that suffix (a plain .json replaced). */
    public static Path withSuffix(Path chosen) {
        String name = chosen.getFileName().toString();
        return chosen.resolveSibling(name.endsWith(SUFFIX) ? name : name.replaceAll("(\\.json)?$", "") + SUFFIX);
    }

    public static Project read(Path file) throws IOException {
        return parse(FileErrors.readAllBytes(file), file);
    }

    /** Parses project JSON; {@code file} is used in messages. */
    public static Project parse(byte[] json, Path file) throws DataFormatException {
        Located root = LocatedJsonParser.parse(json, file);
        ObjectReader r = new ObjectReader(file, "", root);
        String format = r.string("format", null);
        if (!format.equals(Project.FORMAT)) {
            throw r.fieldError("format", "expected \"" + Project.FORMAT + "\", found " + Quoted.of(format) + ": this is not a LayerCanvas project");
        }
        int version = r.integer("version", null);
        if (version > Project.VERSION) {
            throw r.fieldError("version", Quoted.path(file.getFileName()) + " was written by a newer LayerCanvas (project format version "
                    + version + "); this version reads version " + Project.VERSION);
        }
        if (version < 1) {
            throw r.fieldError("version", "must be 1 or more, not " + version);
        }
        String name = r.string("name", null);
        List<Network> networks = new ArrayList<>();
        Set<String> networkNames = new HashSet<>();
        for (ObjectReader n : r.objects("networks", true)) {
            Network net = network(n);
            if (!networkNames.add(net.name())) {
                throw n.fieldError("name", "two networks are named " + Quoted.name(net.name()));
            }
            networks.add(net);
        }
        ObjectReader t = r.object("training", false);
        TrainingConfig training = t == null ? null : training(t);
        ObjectReader d = r.object("data", false);
        DataConfig data = d == null ? null : data(d);
        r.finish();
        return new Project(name, networks, training, data);
    }

    private static Network network(ObjectReader r) throws DataFormatException {
        String name = r.string("name", null);
        List<Node> nodes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ObjectReader n : r.objects("nodes", true)) {
            String id = n.string("id", null);
            if (!ids.add(id)) {
                throw n.fieldError("id", "two nodes have the id " + Quoted.name(id));
            }
            String type = n.string("type", null);
            ObjectReader p = n.object("params", false);
            Map<String, Object> params = p == null ? Map.of() : p.rest();
            Double x = n.number("x", null), y = n.number("y", null);
            n.finish();
            nodes.add(new Node(id, type, params, x, y));
        }
        List<Edge> edges = new ArrayList<>();
        for (ObjectReader e : r.objects("edges", false)) {
            String from = e.string("from", null), to = e.string("to", null);
            int port = e.integer("port", 0);
            if (port < 0) {
                throw e.fieldError("port", "must be 0 or more, not " + port);
            }
            e.finish();
            edges.add(new Edge(from, to, port));
        }
        r.finish();
        return new Network(name, nodes, edges);
    }

    private static TrainingConfig training(ObjectReader r) throws DataFormatException {
        String loss = r.string("loss", null);
        boolean fromLogits = r.bool("from_logits", false);
        List<String> metrics = r.strings("metrics");
        ObjectReader o = r.object("optimizer", true);
        String type = o.string("type", null);
        OptimizerConfig optimizer = new OptimizerConfig(type, o.rest());
        int batch = r.integer("batch_size", 32);
        int epochs = r.integer("epochs", 1);
        long seed = r.longValue("seed", TrainingConfig.DEFAULT_SEED);
        double split = r.number("validation_split", 0.0);
        if (batch < 1) {
            throw r.fieldError("batch_size", "must be at least 1, not " + batch);
        }
        if (epochs < 1) {
            throw r.fieldError("epochs", "must be at least 1, not " + epochs);
        }
        if (split < 0 || split >= 1) {
            throw r.fieldError("validation_split", "must be in [0, 1), not " + split);
        }
        String scheme = r.string("scheme", TrainingConfig.SUPERVISED);
        if (!TrainingConfig.SCHEMES.contains(scheme)) {
            throw r.fieldError("scheme", "unknown training scheme " + Quoted.of(scheme) + " (known: " + String.join(", ", TrainingConfig.SCHEMES) + ")");
        }
        ObjectReader es = r.object("early_stopping", false);
        EarlyStopping early = null;
        if (es != null) {
            int patience = es.integer("patience", null);
            if (patience < 1) {
                throw es.fieldError("patience", "must be at least 1, not " + patience);
            }
            early = new EarlyStopping(patience, es.number("min_delta", 0.0));
            es.finish();
        }
        String onNonFinite = r.string("on_non_finite", TrainingConfig.STOP);
        if (!TrainingConfig.ON_NON_FINITE.contains(onNonFinite)) {
            throw r.fieldError("on_non_finite", "must be \"stop\" or \"continue\", not \"" + onNonFinite + "\"");
        }
        double checkpointMinutes = r.number("checkpoint_minutes", TrainingConfig.DEFAULT_CHECKPOINT_MINUTES);
        if (checkpointMinutes < 0) {
            throw r.fieldError("checkpoint_minutes", "must be 0 or more, not " + checkpointMinutes);
        }
        r.finish();
        return new TrainingConfig(loss, fromLogits, metrics, optimizer, batch, epochs, seed, split, early, scheme, onNonFinite,
                checkpointMinutes);
    }

    private static DataConfig data(ObjectReader r) throws DataFormatException {
        DataSource train = source(r.object("train", false));
        DataSource test = source(r.object("test", false));
        ObjectReader p = r.object("preprocess", false);
        Preprocess pre = Preprocess.NONE;
        if (p != null) {
            Double scale = p.number("scale", null);
            boolean standardize = p.bool("standardize", false);
            Integer oneHot = p.has("one_hot") ? p.integer("one_hot", null) : null;
            if (oneHot != null && oneHot < 2) {
                throw p.fieldError("one_hot", "must be the number of classes (2 or more), not " + oneHot);
            }
            p.finish();
            pre = new Preprocess(scale, standardize, oneHot);
        }
        r.finish();
        return new DataConfig(train, test, pre);
    }

    private static DataSource source(ObjectReader r) throws DataFormatException {
        if (r == null) {
            return null;
        }
        String type = r.string("type", null);
        return new DataSource(type, r.rest());
    }

    /** Writes atomically: on failure the previous file is untouched. */
    public static void write(Project project, Path file) throws IOException {
        AtomicFiles.write(file, toJson(project).getBytes(StandardCharsets.UTF_8));
    }

    public static String toJson(Project project) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", Project.FORMAT);
        root.put("version", Project.VERSION);
        root.put("name", project.name());
        List<Object> networks = new ArrayList<>();
        for (Network net : project.networks()) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", net.name());
            List<Object> nodes = new ArrayList<>();
            for (Node node : net.nodes()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", node.id());
                o.put("type", node.type());
                if (!node.params().isEmpty()) {
                    o.put("params", node.params());
                }
                putIfPresent(o, "x", node.x());
                putIfPresent(o, "y", node.y());
                nodes.add(o);
            }
            n.put("nodes", nodes);
            List<Object> edges = new ArrayList<>();
            for (Edge e : net.edges()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("from", e.from());
                o.put("to", e.to());
                if (e.port() != 0) {
                    o.put("port", e.port());
                }
                edges.add(o);
            }
            n.put("edges", edges);
            networks.add(n);
        }
        root.put("networks", networks);
        if (project.training() != null) {
            root.put("training", training(project.training()));
        }
        if (project.data() != null) {
            root.put("data", data(project.data()));
        }
        return JsonWriter.write(root);
    }

    private static Map<String, Object> training(TrainingConfig t) {
        Map<String, Object> o = new LinkedHashMap<>();
        if (!t.scheme().equals(TrainingConfig.SUPERVISED)) {
            o.put("scheme", t.scheme());
        }
        o.put("loss", t.loss());
        if (t.fromLogits()) {
            o.put("from_logits", true);
        }
        o.put("metrics", t.metrics());
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("type", t.optimizer().type());
        opt.putAll(t.optimizer().params());
        o.put("optimizer", opt);
        o.put("batch_size", t.batchSize());
        o.put("epochs", t.epochs());
        o.put("seed", t.seed());
        if (t.validationSplit() != 0) {
            o.put("validation_split", t.validationSplit());
        }
        if (t.earlyStopping() != null) {
            Map<String, Object> es = new LinkedHashMap<>();
            es.put("patience", t.earlyStopping().patience());
            if (t.earlyStopping().minDelta() != 0) {
                es.put("min_delta", t.earlyStopping().minDelta());
            }
            o.put("early_stopping", es);
        }
        if (!t.onNonFinite().equals(TrainingConfig.STOP)) {
            o.put("on_non_finite", t.onNonFinite());
        }
        if (t.checkpointMinutes() != TrainingConfig.DEFAULT_CHECKPOINT_MINUTES) {
            o.put("checkpoint_minutes", t.checkpointMinutes());
        }
        return o;
    }

    private static Map<String, Object> data(DataConfig d) {
        Map<String, Object> o = new LinkedHashMap<>();
        putSource(o, "train", d.train());
        putSource(o, "test", d.test());
        Preprocess p = d.preprocess();
        if (p != null && !p.equals(Preprocess.NONE)) {
            Map<String, Object> pre = new LinkedHashMap<>();
            putIfPresent(pre, "scale", p.scale());
            if (p.standardize()) {
                pre.put("standardize", true);
            }
            putIfPresent(pre, "one_hot", p.oneHot());
            o.put("preprocess", pre);
        }
        return o;
    }

    private static void putSource(Map<String, Object> o, String key, DataSource s) {
        if (s != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", s.type());
            m.putAll(s.fields());
            o.put(key, m);
        }
    }

    private static void putIfPresent(Map<String, Object> o, String key, Object value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
