package org.layercanvas.workbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.spi.Extensions;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.formats.SafeTensors;
import org.layercanvas.formats.runs.RunFolder;
import org.layercanvas.formats.runs.RunList;

/**
 * Exporting a network with trained weights, as {@code layercanvas export} and the application's Export
 * action both do it: the registered exporters, the checks on the target, messages naming the file at fault.
 */
public final class ModelExports {
    private ModelExports() {
    }

    public static List<ModelExporter> exporters() {
        return ModelExporter.load(Extensions.loader());
    }

    /** @throws IllegalArgumentException for an unknown format, listing the known ones */
    public static ModelExporter exporter(String format) {
        List<ModelExporter> all = exporters();
        return all.stream().filter(e -> e.format().equalsIgnoreCase(format)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown export format '" + format + "' (known: "
                        + all.stream().map(ModelExporter::format).collect(Collectors.joining(", ")) + ")"));
    }

    /** The weights of the project's newest run that completed or was stopped (not one that failed), or null. */
    public static Path latestWeights(Path projectFile) throws IOException {
        for (RunList.Entry e : RunList.of(projectFile)) {
            Path w = e.directory().resolve(RunFolder.WEIGHTS);
            if ((e.status().equals("completed") || e.status().equals("stopped")) && Files.isRegularFile(w)) {
                return w;
            }
        }
        return null;
    }

    /**
     * Writes {@code network} of {@code projectFile} with the weights in {@code weightsFile} to {@code out}
     * and says what was written in one line.
     *
     * @throws IllegalArgumentException naming the project or weights file when they do not fit, or the target
     *                                  when it is a file where a folder is needed or the reverse
     */
    public static String export(Network network, Path projectFile, Path weightsFile, ModelExporter exporter, Path out) throws IOException {
        List<WeightTensor> trained = SafeTensors.read(weightsFile);
        if (exporter.writesFolder() && RunFolder.isRun(out)) {
            throw new IllegalArgumentException(out + " is a training run's folder; the " + exporter.format() + " export would replace its "
                    + String.join(", ", exporter.fileNames()) + ": choose another folder");
        }
        for (Path target : exporter.writesFolder() ? exporter.fileNames().stream().map(out::resolve).toList() : List.of(out)) {
            for (Path own : List.of(weightsFile, projectFile)) {
                if (Files.exists(target) && Files.exists(own) && Files.isSameFile(target, own)) {
                    throw new IllegalArgumentException(target + " is the " + (own == weightsFile ? "weights file" : "project")
                            + " being exported: choose another --out");
                }
            }
        }
        if (exporter.writesFolder() && Files.isRegularFile(out)) {
            throw new IllegalArgumentException(out + " is a file; the " + exporter.format() + " export writes a folder ("
                    + String.join(", ", exporter.fileNames()) + ")");
        }
        if (!exporter.writesFolder() && Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + " is a folder; the " + exporter.format() + " export writes one file, e.g. "
                    + out.resolve(network.name() + exporter.extension()));
        }
        try {
            exporter.export(network, trained, LayerRegistry.standard(), out);
        } catch (IllegalArgumentException e) {
            boolean weightsProblem = e.getMessage() != null && e.getMessage().startsWith("the weights do not fit");
            throw new IllegalArgumentException((weightsProblem ? weightsFile : projectFile) + ": " + e.getMessage(), e);
        }
        String what = exporter.format() + ", network '" + network.name() + "', " + network.nodes().size() + " layers";
        return exporter.writesFolder() ? "wrote " + out + " (" + what + "): " + String.join(", ", exporter.fileNames())
                : "wrote " + out + " (" + what + ", " + Files.size(out) + " bytes)";
    }
}
