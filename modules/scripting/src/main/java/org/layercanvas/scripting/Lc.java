package org.layercanvas.scripting;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.HostAccess.Export;
import org.graalvm.polyglot.Value;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;

/**
 * The {@code lc} object of a script: {@code lc.open(file)}, {@code lc.args}, {@code lc.sweep(…)}.
 * Trains through the workbench, printing one line per epoch to the script's output, and stops a
 * training in progress when the script is stopped (its console's Stop, or the time limit).
 */
public final class Lc {
    private final ScriptAccess access;
    private final PrintStream out;
    private volatile TrainingControl training;
    private volatile boolean stopped;

    Lc(ScriptAccess access, List<String> args, PrintStream out) {
        this.access = access;
        this.args = Values.toScript(List.copyOf(args));
        this.out = out;
    }

    /** The command line's arguments after the script's name: {@code lc.args[0]}. */
    @Export
    public final Object args;

    /** Reads a project (relative to the script's folder). */
    @Export
    public ScriptProject open(String name) throws IOException {
        Path file = access.read(name);
        return new ScriptProject(this, file, ProjectFiles.read(file));
    }

    /**
     * Trains the project once per combination of the grid's values (and per seed), each in its own run
     * folder, and returns every run: {@code [{params: {key: value}, seed, folder, epochs, test, final}]}.
     * Keys are field paths as {@link ScriptProject#set} takes them. Options: {@code epochs}, {@code seeds}
     * (a list), {@code random: N} to draw N combinations instead of all, {@code seed} for that draw,
     * {@code backend} as for train.
     */
    @Export
    public Object sweep(ScriptProject project, Value grid, Value options) throws IOException {
        return Values.toScript(sweep(project, Values.options(grid, "sweep's grid"), Values.options(options, "sweep")));
    }

    List<Map<String, Object>> sweep(ScriptProject project, Map<String, Object> axes, Map<String, Object> opts) throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Map<String, Object> combination : Sweep.combinations(axes, opts)) {
            for (Object seed : Sweep.seeds(opts, project.project())) {
                Project p = project.project();
                for (Map.Entry<String, Object> e : combination.entrySet()) {
                    p = ProjectFields.set(p, project.path(), e.getKey(), e.getValue());
                }
                Map<String, Object> trainOptions = new LinkedHashMap<>();
                for (String key : List.of("epochs", "backend")) {
                    if (opts.containsKey(key)) {
                        trainOptions.put(key, opts.get(key));
                    }
                }
                trainOptions.put("seed", seed);
                out.println("sweep " + (runs.size() + 1) + ": " + combination + ", seed " + seed);
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("params", combination);
                run.put("seed", seed);
                Map<String, String> varied = new LinkedHashMap<>();
                combination.forEach((k, v) -> varied.put(k, String.valueOf(v)));
                run.putAll(train(new ScriptProject(this, project.path(), p), trainOptions, varied));
                runs.add(run);
            }
        }
        return runs;
    }

    ScriptAccess access() {
        return access;
    }

    /** Stops the training in progress, if any, and every later one (the script is being stopped). */
    void stop() {
        stopped = true;
        TrainingControl t = training;
        if (t != null) {
            t.stop();
        }
    }

    Map<String, Object> train(ScriptProject sp, Map<String, Object> options) throws IOException {
        return train(sp, options, Map.of());
    }

    /** @param varied the sweep's fields and values, recorded with the run's hyperparameters */
    Map<String, Object> train(ScriptProject sp, Map<String, Object> options, Map<String, String> varied) throws IOException {
        if (stopped) {
            throw new IllegalStateException("the script was stopped");
        }
        Project p = sp.project();
        for (String key : List.of("epochs", "seed")) {
            if (options.containsKey(key)) {
                p = ProjectFields.set(p, sp.path(), "training." + key, options.get(key));
            }
        }
        sp.checkData(p);
        Path dir = access.write(TrainingRun.defaultDirectory(sp.path()).toString());
        String backend = String.valueOf(options.getOrDefault("backend", "auto"));
        try (ProjectSession session = ProjectSession.open(p, sp.path(), backend, null)) {
            TrainingControl control = new TrainingControl();
            training = control;
            TrainingRun.Result result;
            try {
                out.println("training '" + p.name() + "' on " + session.plan().backend().name() + " (seed " + p.training().seed() + ") into " + dir);
                result = TrainingRun.run(session, p.training(), dir, new EpochPrinter(out, p.training().epochs()), null, control, varied);
            } finally {
                training = null;
            }
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("folder", dir.toString());
            List<Map<String, Object>> epochs = ScriptProject.epochs(result);
            run.put("epochs", epochs);
            run.put("final", epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1));
            run.put("test", result.test());
            run.put("stopped_early", result.history().stoppedEarly());
            run.put("weights", new Weights(dir.resolve(org.layercanvas.formats.runs.RunFolder.WEIGHTS)));
            return run;
        }
    }

    /** One line per epoch: the script's terminal or console shows training go by. */
    private record EpochPrinter(PrintStream out, int epochs) implements TrainingListener {
        @Override
        public void epochEnd(EpochResult r) {
            StringBuilder line = new StringBuilder("epoch " + r.epoch() + "/" + epochs);
            r.values().forEach((k, v) -> line.append(String.format(java.util.Locale.ROOT, "  %s %.4f", k, v)));
            out.println(line);
        }
    }
}
