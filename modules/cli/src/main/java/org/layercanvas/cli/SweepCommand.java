package org.layercanvas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.layercanvas.scripting.Sweeps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layercanvas sweep PROJECT --grid KEY=V1,V2 …}: one training run per combination, then a table of the results. */
@Command(name = "sweep", description = {"Trains the project once per combination of the given values (and per seed), each into its",
        "own run folder, and prints every run's final and test metrics."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROJECT", description = "The .lcproj.json file.")
    Path project;

    @Option(names = "--grid", paramLabel = "KEY=VALUES", required = true,
            description = {"A field and its values: training.optimizer.learning_rate=0.001,0.01 or nodes.hidden.units=16,32;",
                    "with --random also a range MIN..MAX, or log:MIN..MAX for a log-uniform draw. Repeat for more fields."})
    List<String> grid = new ArrayList<>();

    @Option(names = "--random", paramLabel = "N", description = "Draw N combinations instead of taking all of them.")
    Integer random;

    @Option(names = "--epochs", paramLabel = "N", description = "Overrides the project's epoch count.")
    Integer epochs;

    @Option(names = "--seeds", paramLabel = "S1,S2", split = ",", description = "Train each combination once per seed. Default: the project's seed.")
    List<Long> seeds;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> axes = new LinkedHashMap<>();
        for (String g : grid) {
            int eq = g.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--grid " + g + ": give KEY=V1,V2 (e.g. training.optimizer.learning_rate=0.001,0.01)");
            }
            axes.put(g.substring(0, eq), values(g.substring(eq + 1)));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("backend", common.backend);
        if (random != null) {
            options.put("random", random);
        }
        if (epochs != null) {
            options.put("epochs", epochs);
        }
        if (seeds != null) {
            options.put("seeds", new ArrayList<Object>(seeds));
        }
        List<Map<String, Object>> runs = Sweeps.run(project, axes, options, System.out);
        System.out.println();
        for (Map<String, Object> run : runs) {
            System.out.println(describe(run));
        }
        return 0;
    }

    private static Object values(String text) {
        var range = java.util.regex.Pattern.compile("(log:)?([^.]+(?:\\.\\d+)?(?:[eE]-?\\d+)?)\\.\\.(.+)").matcher(text);
        if (range.matches()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("min", Double.parseDouble(range.group(2)));
            r.put("max", Double.parseDouble(range.group(3)));
            r.put("log", range.group(1) != null);
            return r;
        }
        List<Object> out = new ArrayList<>();
        for (String v : text.split(",")) {
            out.add(value(v.trim()));
        }
        return out;
    }

    private static Object value(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException notInt) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static String describe(Map<String, Object> run) {
        StringBuilder line = new StringBuilder();
        ((Map<String, Object>) run.get("params")).forEach((k, v) -> line.append(k).append('=').append(v).append("  "));
        line.append("seed=").append(run.get("seed"));
        Map<String, Object> last = (Map<String, Object>) run.get("final");
        last.forEach((k, v) -> {
            if (!k.equals("epoch") && !k.equals("seconds")) {
                line.append(String.format(Locale.ROOT, "  %s %.4f", k, ((Number) v).doubleValue()));
            }
        });
        Map<String, Double> test = (Map<String, Double>) run.get("test");
        if (test != null) {
            test.forEach((k, v) -> line.append(String.format(Locale.ROOT, "  test_%s %.4f", k, v)));
        }
        return line.append("  ").append(run.get("folder")).toString();
    }
}
