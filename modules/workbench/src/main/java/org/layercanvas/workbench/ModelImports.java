package org.layercanvas.workbench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Extensions;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelImporter;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.SafeTensors;

/**
 * Importing another tool's model as a project, as {@code layercanvas import} and the application's Import
 * action both do it: the project (network "main", placed left to right, a default training section, no
 * data) and its weights beside it as {@code NAME.safetensors}. Nothing is written unless the whole model
 * imports; existing files are kept unless replacing them is asked for.
 */
public final class ModelImports {
    static final String WEIGHTS_SUFFIX = ".safetensors";

    private ModelImports() {
    }

    /** The weights file that goes with a project file: NAME.lcproj.json → NAME.safetensors. */
    public static Path weightsFor(Path project) {
        return project.resolveSibling(ProjectFiles.projectName(project) + WEIGHTS_SUFFIX);
    }

    /** The files an import to {@code out} would replace: the project and its weights, where they exist. */
    public static List<Path> existingFiles(Path out) {
        List<Path> existing = new ArrayList<>();
        for (Path p : List.of(out, weightsFor(out))) {
            if (Files.exists(p)) {
                existing.add(p);
            }
        }
        return existing;
    }

    /**
     * Reads {@code model} ({@code format}, e.g. "onnx"; null: the importer whose extension the file has, .onnx or
     * .json for TensorFlow.js) and writes the project {@code out} and its weights; returns a one-line summary.
     *
     * @throws IllegalArgumentException for an unknown format, a name that is no project file, files that exist
     *                                  (unless {@code replace}), or a model that does not import (every reason listed)
     */
    public static String importModel(Path model, String format, Path out, boolean replace) throws IOException {
        List<ModelImporter> importers = ModelImporter.load(Extensions.loader());
        String file = model.getFileName() == null ? "" : model.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ModelImporter importer = importers.stream().filter(i -> format == null ? file.endsWith(i.extension()) : i.format().equalsIgnoreCase(format))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(format == null
                        ? model + ": which format is it? Give --format (" + importers.stream().map(i -> i.format() + " for " + i.extension() + " files")
                                .collect(Collectors.joining(", ")) + ")"
                        : "unknown import format '" + format + "' (known: " + importers.stream().map(ModelImporter::format).collect(Collectors.joining(", ")) + ")"));
        String name = ProjectFiles.projectName(out);
        Path weights = weightsFor(out);
        List<Path> existing = existingFiles(out);
        if (!existing.isEmpty() && !replace) {
            throw new IllegalArgumentException("not overwriting " + existing.stream().map(Path::toString).collect(Collectors.joining(" and ")));
        }
        ModelImporter.Imported imported;
        try (InputStream in = Files.newInputStream(model)) {
            imported = importer.read(in, model.toString(), LayerRegistry.standard());
        }
        Project project = new Project(name, List.of(imported.network()), defaultTraining(imported.network()), null);
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // both files written in full before either replaces anything: never a new project beside old weights
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put(weights.getFileName().toString(), SafeTensors.toBytes(imported.weights()));
        files.put(out.getFileName().toString(), ProjectFiles.toJson(project).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.writeFolder(dir, files);
        long parameters = new Validator(LayerRegistry.standard()).validate(imported.network()).totalParameterCount();
        return "wrote " + out + " (network 'main', " + imported.network().nodes().size() + " layers, " + parameters + " parameters) and "
                + weights + "; add a \"data\" section to train or evaluate it";
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
