package org.layercanvas.scripting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess.Export;
import org.graalvm.polyglot.Value;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.workbench.ModelExports;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;

/**
 * A project as a script holds it: read from a file, changed in memory ({@link #set}, {@code node(…).set}),
 * trained, evaluated, exported and saved through the workbench, as the command line does. Every
 * file it touches, its data included, goes through the script's {@link ScriptAccess}.
 */
public final class ScriptProject {
    private final Lc lc;
    private final Path file;
    private Project project;

    ScriptProject(Lc lc, Path file, Project project) {
        this.lc = lc;
        this.file = file;
        this.project = project;
    }

    @Export
    public String name() {
        return project.name();
    }

    /** The project's file (where relative data paths start and run folders go). */
    @Export
    public String file() {
        return file.toString();
    }

    /** A layer of the main network. */
    @Export
    public ScriptNode node(String id) {
        return network(project.mainNetwork().name()).node(id);
    }

    @Export
    public ScriptNetwork network(String name) {
        networkOf(name); // refuses an unknown name now
        return new ScriptNetwork(this, name);
    }

    /** Sets a field by its JSON path ({@code training.optimizer.learning_rate}, {@code nodes.h1.units}); returns this project. */
    @Export
    public ScriptProject set(String path, Value value) {
        project = ProjectFields.set(project, file, path, Values.toJava(value));
        return this;
    }

    @Export
    public Object get(String path) {
        return Values.toScript(ProjectFields.get(project, path));
    }

    /**
     * Trains a copy of the project into a new run folder beside it and returns the run:
     * {@code {folder, epochs: [{epoch, loss, …}], test: {loss, accuracy, …} or null, weights}}.
     * Options: {@code epochs}, {@code seed}, {@code backend} (auto, cpu, java, …).
     */
    @Export
    public Object train(Value options) throws IOException {
        return Values.toScript(lc.train(this, Values.options(options, "train")));
    }

    /** The test metrics of the given weights ({@code run.weights} or a safetensors file). */
    @Export
    public Object evaluate(Value weights) throws IOException {
        Path w = weights(weights);
        checkData(project);
        try (ProjectSession session = ProjectSession.open(project, file, "auto", null)) {
            if (session.test() == null) {
                throw new IllegalArgumentException(file + ": the project has no data.test section to evaluate on");
            }
            session.loadWeights(w);
            return Values.toScript(new Trainer(session.plan(), session.project().training()).evaluate(session.test()));
        }
    }

    /** Writes the main network with the given weights as onnx, pytorch or keras; returns what was written. */
    @Export
    public String export(String format, String target, Value weights) throws IOException {
        Path out = lc.access().write(target);
        // the project file names the messages and is guarded against being overwritten; the network is this copy's
        return ModelExports.export(project.mainNetwork(), file, weights(weights), ModelExports.exporter(format), out);
    }

    /** Saves the project (a new name leaves the original file alone); returns the file written. */
    @Export
    public String save(String target) throws IOException {
        Path out = lc.access().write(ProjectFiles.withSuffix(Path.of(target)).toString());
        ProjectFiles.write(project, out);
        return out.toString();
    }

    Project project() {
        return project;
    }

    Path path() {
        return file;
    }

    void setParam(String network, String id, String name, Object value) {
        project = ProjectFields.withParam(project, network, id, name, value);
    }

    Node node(String network, String id) {
        return networkOf(network).node(id).orElseThrow(() -> new IllegalArgumentException("network '" + network + "' has no layer '" + id + "'"));
    }

    Network networkOf(String name) {
        return project.network(name).orElseThrow(() -> new IllegalArgumentException("the project has no network '" + name + "' (networks: "
                + String.join(", ", project.networks().stream().map(Network::name).toList()) + ")"));
    }

    /** The data files the project reads must be readable by the script, as if it opened them itself. */
    void checkData(Project p) {
        if (p.data() == null) {
            return;
        }
        for (DataSource source : java.util.Arrays.asList(p.data().train(), p.data().test())) {
            if (source == null) {
                continue;
            }
            for (Map.Entry<String, Object> field : source.fields().entrySet()) {
                if (field.getValue() instanceof String s && (DataSources.pathFields(source.type()).contains(field.getKey())
                        || Files.exists(file.toAbsolutePath().getParent().resolve(s)))) {
                    lc.access().read(file.toAbsolutePath().getParent().resolve(s));
                }
            }
        }
    }

    private Path weights(Value weights) {
        Object w = Values.toJava(weights);
        if (w instanceof Weights trained) {
            return lc.access().read(trained.file());
        }
        if (w instanceof String name) {
            return lc.access().read(name);
        }
        throw new IllegalArgumentException("give the weights of a run (run.weights) or a .safetensors file, not " + weights);
    }

    /** One epoch as a script sees it: {epoch, seconds, loss, accuracy, val_loss, …}. */
    static Map<String, Object> epoch(EpochResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch());
        m.put("seconds", r.seconds());
        m.putAll(r.values());
        return m;
    }

    static List<Map<String, Object>> epochs(TrainingRun.Result result) {
        return result.history().epochs().stream().map(ScriptProject::epoch).toList();
    }
}
