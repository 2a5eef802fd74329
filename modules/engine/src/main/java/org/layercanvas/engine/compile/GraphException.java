package org.layercanvas.engine.compile;

import java.util.List;
import java.util.stream.Collectors;
import org.layercanvas.engine.validate.Problem;

/** A network that cannot be compiled; carries every problem found, each naming its node. */
public class GraphException extends RuntimeException {
    private final List<Problem> problems;

    public GraphException(String networkName, List<Problem> problems) {
        super("network '" + networkName + "' is not valid:\n  "
                + problems.stream().map(Problem::message).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
