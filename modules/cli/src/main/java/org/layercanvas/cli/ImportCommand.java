package org.layercanvas.cli;

import org.layercanvas.workbench.ModelImports;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code layercanvas import MODEL.onnx|model.json --out NAME.lcproj.json}: reads another tool's model (ONNX, or a Keras
 * model as TensorFlow.js saves it) as a project
 * (network "main", placed left to right, a default training section, no data) and writes its weights
 * beside it as {@code NAME.safetensors}. Nothing is written unless the whole model imports; existing
 * files are kept unless {@code --force}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Read a model from another tool (onnx; tfjs: a Keras model.json) as a project NAME.lcproj.json with its weights in NAME.safetensors beside it.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "The model file: model.onnx, or a TensorFlow.js model.json with its weight files beside it.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "PROJECT", description = "The project to write, NAME.lcproj.json; "
            + "the weights go to NAME.safetensors in the same folder.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", description = "The model format: onnx or tfjs. Default: from the file's extension (.onnx, .json).")
    String format;

    @Option(names = "--force", description = "Replace the project and weights files if they exist.")
    boolean force;

    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<Path> existing = ModelImports.existingFiles(out);
        if (!existing.isEmpty() && !force) {
            throw new IllegalArgumentException("not overwriting " + existing.stream().map(Path::toString).collect(Collectors.joining(" and "))
                    + " (use --force to replace " + (existing.size() == 1 ? "it" : "them") + ")");
        }
        System.out.println(ModelImports.importModel(model, format, out, force));
        return 0;
    }
}
