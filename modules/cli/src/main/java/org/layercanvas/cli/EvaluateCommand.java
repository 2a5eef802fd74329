package org.layercanvas.cli;

import org.layercanvas.workbench.ProjectSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layercanvas.engine.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code layercanvas evaluate PROJECT --weights FILE}: prints the test metrics as JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Print a project's test metrics for given weights, as JSON.")
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT", description = "The *.lcproj.json file.")
    Path project;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Trained weights (safetensors).")
    Path weights;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        try (ProjectSession session = ProjectSession.open(project, common.backend)) {
            if (session.test() == null) {
                throw new IllegalArgumentException(project + ": the project has no data.test section to evaluate on");
            }
            session.loadWeights(weights);
            var metrics = new Trainer(session.plan(), session.project().training()).evaluate(session.test());
            System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
            return 0;
        }
    }
}
