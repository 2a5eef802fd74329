package org.layercanvas.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.layercanvas.engine.graph.Network;
import org.layercanvas.engine.graph.Node;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelImporter;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.SafeTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code layercanvas import MODEL.onnx --out NAME.lcproj.json}: reads another tool's model as a project
 * (network "main", placed left to right, a default training section, no data) and writes its weights
 * beside it as {@code NAME.safetensors}. Nothing is written unless the whole model imports; existing
 * files are kept unless {@code --force}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Read a model from another tool (onnx) as a project NAME.lcproj.json with its weights in NAME.safetensors beside it.")
final class ImportCommand implements Callable<Integer> {
    static final String PROJECT_SUFFIX = ".lcproj.json", WEIGHTS_SUFFIX = ".safetensors";

    @Parameters(paramLabel = "MODEL", description = "The model file, e.g. model.onnx.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "PROJECT", description = "The project to write, NAME.lcproj.json; "
            + "the weights go to NAME.safetensors in the same folder.")
    Path out;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "The model format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--force", description = "Replace the project and weights files if they exist.")
    boolean force;

    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    /** The weights file that goes with a project file: NAME.lcproj.json → NAME.safetensors. */
    static Path weightsFor(Path project) {
        String name = project.getFileName().toString();
        return project.resolveSibling(name.substring(0, name.length() - PROJECT_SUFFIX.length()) + WEIGHTS_SUFFIX);
    }

    @Override
    public Integer call() throws Exception {
        List<ModelImporter> importers = ModelImporter.load(ImportCommand.class.getClassLoader());
        ModelImporter importer = importers.stream().filter(i -> i.format().equalsIgnoreCase(format)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown import format '" + format + "' (known: "
                        + importers.stream().map(ModelImporter::format).collect(Collectors.joining(", ")) + ")"));
        String fileName = out.getFileName().toString();
        if (!fileName.endsWith(PROJECT_SUFFIX) || fileName.length() == PROJECT_SUFFIX.length()) {
            throw new IllegalArgumentException("--out " + out + ": a project file is named NAME" + PROJECT_SUFFIX);
        }
        Path weights = weightsFor(out);
        List<Path> existing = new ArrayList<>();
        for (Path p : List.of(out, weights)) {
            if (Files.exists(p)) {
                existing.add(p);
            }
        }
        if (!existing.isEmpty() && !force) {
            throw new IllegalArgumentException("not overwriting " + existing.stream().map(Path::toString).collect(Collectors.joining(" and "))
                    + " (use --force to replace " + (existing.size() == 1 ? "it" : "them") + ")");
        }
        ModelImporter.Imported imported;
        try (InputStream in = Files.newInputStream(model)) {
            imported = importer.read(in, model.toString(), LayerRegistry.standard());
        }
        String name = fileName.substring(0, fileName.length() - PROJECT_SUFFIX.length());
        Project project = new Project(name, List.of(imported.network()), defaultTraining(imported.network()), null);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean hadWeights = Files.exists(weights);
        AtomicFiles.write(weights, SafeTensors.toBytes(imported.weights()));
        try {
            ProjectFiles.write(project, out);
        } catch (IOException | RuntimeException e) {
            if (!hadWeights) {
                Files.deleteIfExists(weights);
            }
            throw e;
        }
        long parameters = new Validator(LayerRegistry.standard()).validate(imported.network()).totalParameterCount();
        System.out.println("wrote " + out + " (network 'main', " + imported.network().nodes().size() + " layers, " + parameters + " parameters) and "
                + weights + "; add a \"data\" section to train or evaluate it");
        return 0;
    }

    /**
     * Adam at 0.001, batches of 32, 10 epochs; the loss fits the output: categorical cross-entropy after a
     * softmax, binary after a sigmoid, else mean squared error.
     */
    static TrainingConfig defaultTraining(Network net) {
        List<Node> outputs = net.nodes().stream().filter(n -> net.outputsOf(n.id()).isEmpty()).toList();
        Object activation = outputs.size() == 1 ? outputs.get(0).params().get("activation") : null;
        String loss = "softmax".equals(activation) ? "categorical_crossentropy" : "sigmoid".equals(activation) ? "binary_crossentropy" : "mse";
        List<String> metrics = loss.equals("mse") ? List.of("mae") : List.of("accuracy");
        return new TrainingConfig(loss, false, metrics, new OptimizerConfig("adam", Map.of("learning_rate", 0.001)), 32, 10,
                TrainingConfig.DEFAULT_SEED, 0.0, null);
    }
}
