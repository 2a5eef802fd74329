package org.layercanvas.cli;

import org.layercanvas.workbench.ModelExports;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.formats.ProjectFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code layercanvas export PROJECT --weights FILE --format onnx|pytorch|keras|tfjs --out PATH}: writes the
 * project's network with trained weights in another tool's format: one file (onnx) or a folder of
 * files (pytorch: model.py + weights.safetensors; keras: keras_model.py + weights.safetensors; tfjs:
 * model.json + group1-shard1of1.bin).
 * Needs no data and no backend.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a project's network with trained weights in another format (onnx, pytorch, keras, tfjs) for inference elsewhere.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT", description = "The *.lcproj.json file.")
    Path project;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Trained weights (safetensors).")
    Path weights;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "The model format: onnx (one file), pytorch, keras or tfjs (a folder). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The file (onnx) or folder (pytorch, keras, tfjs) to write; files in it are replaced.")
    Path out;

    @Option(names = "--network", paramLabel = "NAME", description = "Which network of the project (default: main, or the only one).")
    String network;

    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        ModelExporter exporter = ModelExports.exporter(format);
        Project p = ProjectFiles.read(project);
        Network net;
        try {
            net = network == null ? p.mainNetwork() : p.network(network).orElseThrow(() -> new IllegalArgumentException("the project has no network '"
                    + network + "' (it has " + p.networks().stream().map(Network::name).collect(Collectors.joining(", ")) + ")"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(project + ": " + e.getMessage(), e);
        }
        System.out.println(ModelExports.export(net, project, weights, exporter, out));
        return 0;
    }
}
