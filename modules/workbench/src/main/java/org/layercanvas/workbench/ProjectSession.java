package org.layercanvas.workbench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.GraphException;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.data.ReconstructionSamples;
import org.layercanvas.engine.data.Preprocessing;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.project.DataConfig;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Backends;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.SafeTensors;

/**
 * A project ready to train or evaluate: read and validated, its data loaded and preprocessed
 * (statistics from the training data) or, when too large for memory, opened to be streamed, its main
 * network compiled on the chosen backend. The
 * command line and the application both start training through this class, so both write the
 * same results.
 */
public final class ProjectSession implements AutoCloseable {
    private final Path file;
    private final Project project;
    private final Plan plan;
    /** The GAN's discriminator (null for other schemes); {@link #plan()} is then the generator. */
    private final Plan discriminator;
    private final Samples train, test;
    private final Preprocessing preprocessing;

    private ProjectSession(Path file, Project project, Plan plan, Plan discriminator, Samples train, Samples test, Preprocessing preprocessing) {
        this.preprocessing = preprocessing;
        this.file = file;
        this.project = project;
        this.plan = plan;
        this.discriminator = discriminator;
        this.train = train;
        this.test = test;
    }

    /**
     * @param backendName auto, cpu, opencl, jtp or java
     * @throws IOException for unreadable or malformed project and data files (message names file and place)
     */
    public static ProjectSession open(Path file, String backendName) throws IOException {
        return open(file, backendName, null);
    }

    /**
     * As above, training the network named {@code networkName} (null: "main" or the only one); a GAN
     * always trains its generator and discriminator together.
     */
    public static ProjectSession open(Path file, String backendName, String networkName) throws IOException {
        return open(ProjectFiles.read(file), file, backendName, networkName);
    }

    /**
     * As above for a project held in memory (a script's edited copy): {@code file} is where it belongs,
     * the folder its data paths are relative to and the name its messages and run folders use.
     */
    public static ProjectSession open(Project project, Path file, String backendName, String networkName) throws IOException {
        return open(project, file, backendName, networkName, null);
    }

    /**
     * As above, with the preprocessing's statistics already fitted on this project's training data ({@link #preprocessing()} of
     * another session, e.g. a cluster's driver's): the training data is then not read through once more to fit them.
     * Null fits them here.
     */
    public static ProjectSession open(Project project, Path file, String backendName, String networkName, Preprocessing fitted) throws IOException {
        Path baseDir = file.toAbsolutePath().getParent();
        DataConfig data = project.data();
        if (data == null || data.train() == null) {
            throw new IllegalArgumentException(file + ": the project has no data.train section to train on");
        }
        if (project.training() == null) {
            throw new IllegalArgumentException(file + ": the project has no training section");
        }
        // the backend first: the CPU backend gets its vector code compiled while the data is read
        Backend backend = Backends.standard().choose(backendName).create();
        Samples rawTrain = null, rawTest = null;
        try {
            rawTrain = load(data.train(), baseDir, file, "train");
            Preprocess pre = data.preprocess() == null ? Preprocess.NONE : data.preprocess();
            Preprocessing preprocessing = fitted != null ? fitted : Preprocessing.fit(pre, rawTrain);
            List<String> classes = rawTrain.classNames();
            Samples train = preprocessing.applyInPlace(rawTrain);
            rawTest = data.test() == null ? null : inTrainingClassOrder(load(data.test(), baseDir, file, "test"), classes, file);
            Samples test = rawTest == null ? null : preprocessing.applyInPlace(rawTest);
            if (project.training().scheme().equals(TrainingConfig.AUTOENCODER)) {
                train = ReconstructionSamples.of(train);
                test = test == null ? null : ReconstructionSamples.of(test);
            }
            return open(project, file, backend, train, test, networkName, preprocessing);
        } catch (IOException | RuntimeException | Error e) {
            if (rawTrain != null) {
                rawTrain.close();
            }
            if (rawTest != null) {
                rawTest.close();
            }
            backend.close();
            throw e;
        }
    }

    /** Test data numbered in the training data's classes; refused for streamed data whose text labels first appear in another order. */
    private static Samples inTrainingClassOrder(Samples test, List<String> classes, Path file) {
        if (test instanceof Dataset d) {
            return d.withClassOrder(classes);
        }
        if (!test.classNames().isEmpty() && !test.classNames().equals(classes)) {
            test.close();
            throw new IllegalArgumentException(Quoted.path(file) + ": data.test: its classes (" + String.join(", ", test.classNames())
                    + ") are not those of the training data in the same order (" + String.join(", ", classes)
                    + "); streamed test data must number its classes alike (or set \"stream\": false)");
        }
        return test;
    }

    private static ProjectSession open(Project project, Path file, Backend backend, Samples train, Samples test, String networkName,
                                       Preprocessing preprocessing) {
        try {
            int batch = Math.max(1, project.training().batchSize());
            Compiler compiler = new Compiler(LayerRegistry.standard()).withOptimizer(project.training().optimizer());
            long seed = project.training().seed();
            if (project.training().scheme().equals(TrainingConfig.GAN)) {
                Plan generator = compiler.compile(network(project, file, "generator"), backend, batch);
                Plan discriminator = compiler.compile(network(project, file, "discriminator"), backend, 2 * batch, true);
                generator.initialize(seed);
                discriminator.initialize(seed + 1);
                return new ProjectSession(file, project, generator, discriminator, train, test, preprocessing);
            }
            Plan plan = compiler.compile(networkName == null ? project.mainNetwork() : project.network(networkName).orElseThrow(
                    () -> new IllegalArgumentException("the project has no network " + Quoted.name(networkName))), backend, batch);
            plan.initialize(seed);
            return new ProjectSession(file, project, plan, null, train, test, preprocessing);
        } catch (GraphException | IllegalArgumentException e) {
            throw new IllegalArgumentException(Quoted.path(file) + ": " + e.getMessage(), e);
        } catch (NegativeArraySizeException | OutOfMemoryError e) {
            // a size past the int range (units 2147483647 times the batch) wraps to a negative length; a large one exceeds the heap
            throw new IllegalArgumentException(Quoted.path(file) + ": the network is too large to allocate ("
                    + (e instanceof OutOfMemoryError ? "it needs more than the " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB this JVM may use"
                    : "a buffer would hold more than 2^31 values") + ")", e);
        }
    }

    /**
     * A data source's dataset. A reader's own errors name the data file; a mistake in the source's fields (an
     * unknown field, a path the file system refuses) is in the project, so it is named as data.train or data.test there.
     */
    private static Samples load(DataSource source, Path baseDir, Path projectFile, String which) throws IOException {
        try {
            return DataSources.open(source, baseDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Quoted.path(projectFile) + ": data." + which + ": " + e.getMessage(), e);
        }
    }

    private static org.layercanvas.engine.api.Network network(Project project, Path file, String name) {
        return project.network(name).orElseThrow(() -> new IllegalArgumentException("the gan scheme needs a network named '" + name + "'"));
    }

    /** The GAN's discriminator, or null when the scheme is not gan. */
    public Plan discriminator() {
        return discriminator;
    }

    /**
     * Replaces the initializers' values with weights from a safetensors file.
     *
     * @throws IllegalArgumentException a tensor holds NaN or an infinity (training from it could only diverge), or
     *                                  the tensors do not fit the network; the message names the file and tensor
     */
    public void loadWeights(Path weightsFile) throws IOException {
        List<WeightTensor> weights = SafeTensors.read(weightsFile);
        for (WeightTensor w : weights) {
            float[] v = w.values();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new IllegalArgumentException(Quoted.path(weightsFile) + ": tensor " + Quoted.name(w.name()) + " holds " + v[i]
                            + " at index " + i + "; initial weights must be finite numbers");
                }
            }
        }
        try {
            plan.loadWeights(weights);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Quoted.path(weightsFile) + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public Project project() {
        return project;
    }

    public Plan plan() {
        return plan;
    }

    /** The preprocessing fitted on the training data and applied to it and to the test data. */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The training data (validation rows included), preprocessed: in memory, or streamed from its file. */
    public Samples train() {
        return train;
    }

    /** "1000 samples", or "344000 samples streamed from the file", for the line that starts training. */
    public String describeData() {
        return train.count() + " samples" + (train instanceof Dataset ? "" : " streamed from the file");
    }

    /** The test data, or null when the project has none. */
    public Samples test() {
        return test;
    }

    @Override
    public void close() {
        plan.close(); // closes the shared backend, the discriminator's too
        train.close(); // the files streamed data reads from
        if (test != null) {
            test.close();
        }
    }
}
