package org.layercanvas.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.starter.StarterProject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code layercanvas new --data FILE --out NAME.lcproj.json}: a project that trains as it is, made from a
 * data file by {@link StarterProject} (the same code as the editor's New Project from Data). The file is
 * written only when the data reads; an existing one is kept unless {@code --force}.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Make a project NAME.lcproj.json from a data file: a network whose input and output fit the data and task "
                + "(binary, multiclass or regression, from the target column), training settings and the data section.")
final class NewCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The training data: a .csv, .tsv or .txt table "
            + "(delimiter and header row detected), or MNIST-style *-images-idx3-ubyte[.gz] with its labels file beside it.")
    Path data;

    @Option(names = "--target", paramLabel = "COLUMN", description = "The column to predict (a 0-based index for a table without "
            + "a header row). Default: the last column; for IDX, the labels.")
    String target;

    @Option(names = "--test", paramLabel = "FILE", description = "Test data of the same kind, evaluated after training.")
    Path test;

    @Option(names = "--model", defaultValue = "mlp", paramLabel = "MODEL",
            description = "logistic (inputs straight to the output) or mlp (one or two hidden ReLU layers). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--out", required = true, paramLabel = "PROJECT",
            description = "The project to write, NAME.lcproj.json; the data paths in it are relative to its folder.")
    Path out;

    @Option(names = "--force", description = "Replace the project file if it exists.")
    boolean force;

    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !force) {
            throw new IllegalArgumentException("not overwriting " + out + " (use --force to replace it)");
        }
        StarterProject starter = StarterProject.make(out, data, target, test, model);
        Files.createDirectories(out.toAbsolutePath().getParent());
        ProjectFiles.write(starter.project(), out);
        System.out.println("wrote " + out);
        System.out.println(starter.describe());
        System.out.println("train it with: layercanvas train " + out);
        return 0;
    }
}
