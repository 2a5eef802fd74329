package org.layercanvas.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.workbench.DesignDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layercanvas diff A B}: what changed between two designs; exits as diff(1) does. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show what changed from project A to project B: nodes added or removed, parameters changed (old -> new), "
                + "edges added or removed, training and data settings, and what that does to each node's output shape and "
                + "parameter count. Canvas positions are not compared.",
                "Exit status: 0 when the designs are the same, 1 when they differ, 2 when a file cannot be read."})
final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "The project before (a .lcproj.json file, or a run's project.lcproj.json).")
    Path first;

    @Parameters(index = "1", paramLabel = "B", description = "The project after.")
    Path second;

    @Option(names = "--json", description = "Print the changes as one JSON object.")
    boolean json;

    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        DesignDiff diff = DesignDiff.between(ProjectFiles.read(first), ProjectFiles.read(second), LayerRegistry.standard());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode().put("same", diff.same());
            ArrayNode changes = out.putArray("changes");
            for (DesignDiff.Change c : diff.changes()) {
                ObjectNode change = mapper.valueToTree(c);
                changes.add(change.put("kind", c.kind().name().toLowerCase(Locale.ROOT)).put("text", c.describe()));
            }
            System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } else {
            diff.changes().forEach(c -> System.out.println(c.describe()));
        }
        return diff.same() ? 0 : 1;
    }
}
