package org.layercanvas.cli;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.layercanvas.engine.data.WeightTensor;
import org.layercanvas.engine.graph.Network;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.SafeTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code layercanvas export PROJECT --weights FILE --format onnx --out PATH}: writes the project's
 * network with trained weights in another tool's format. Needs no data and no backend.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a project's network with trained weights in another format (onnx) for inference elsewhere.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT", description = "The *.lcproj.json file.")
    Path project;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "Trained weights (safetensors).")
    Path weights;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "The model format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The file to write (replaced if it exists).")
    Path out;

    @Option(names = "--network", paramLabel = "NAME", description = "Which network of the project (default: main, or the only one).")
    String network;

    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<ModelExporter> exporters = ModelExporter.load(ExportCommand.class.getClassLoader());
        ModelExporter exporter = exporters.stream().filter(e -> e.format().equalsIgnoreCase(format)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown export format '" + format + "' (known: "
                        + exporters.stream().map(ModelExporter::format).collect(Collectors.joining(", ")) + ")"));
        Project p = ProjectFiles.read(project);
        Network net;
        try {
            net = network == null ? p.mainNetwork() : p.network(network).orElseThrow(() -> new IllegalArgumentException("the project has no network '"
                    + network + "' (it has " + p.networks().stream().map(Network::name).collect(Collectors.joining(", ")) + ")"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(project + ": " + e.getMessage(), e);
        }
        List<WeightTensor> trained = SafeTensors.read(weights);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            exporter.export(net, trained, LayerRegistry.standard(), bytes);
        } catch (IllegalArgumentException e) {
            boolean weightsProblem = e.getMessage() != null && e.getMessage().startsWith("the weights do not fit");
            throw new IllegalArgumentException((weightsProblem ? weights : project) + ": " + e.getMessage(), e);
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(out, bytes.toByteArray());
        System.out.println("wrote " + out + " (" + exporter.format() + ", network '" + net.name() + "', " + net.nodes().size() + " layers, "
                + bytes.size() + " bytes)");
        return 0;
    }
}
