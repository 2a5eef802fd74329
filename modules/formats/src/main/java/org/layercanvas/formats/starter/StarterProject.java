package org.layercanvas.formats.starter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.layout.LayeredLayout;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.engine.project.DataConfig;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.validate.Validation;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.ProjectFiles;

/**
 * A project that trains as it is, made from a data file: the network "main" (Input, for "mlp" one or
 * two hidden ReLU layers, an output that fits the {@link Task}), a training section that suits small
 * tabular data, and a data section whose paths are relative to the project's folder. The data is read
 * through the registered dataset readers, so the network and task follow whatever the reader gives.
 *
 * @param project    the project, not yet written
 * @param task       what it predicts
 * @param target     the target column as the data source names it
 * @param classes    the number of classes (0 for regression)
 * @param classNames the text labels in class-index order (empty for numeric targets)
 * @param rows       the training file's samples
 * @param parameters the network's trainable parameter count
 */
public record StarterProject(Project project, Task task, String target, int classes, List<String> classNames, int rows, long parameters) {
    /** The network models {@link #create} makes: no hidden layer, or one or two hidden ReLU layers. */
    public static final List<String> MODELS = List.of("logistic", "mlp");

    public StarterProject {
        classNames = List.copyOf(classNames);
    }

    /**
     * The project for {@code projectFile} (NAME.lcproj.json; not written) that learns {@code target} from
     * {@code dataFile}. The reader is guessed from the data file's name: ".csv", ".tsv", ".txt" tables
     * (delimiter and header row sniffed), MNIST-style {@code *-images-idx3-ubyte[.gz]} with the labels file
     * beside it.
     *
     * @param target   the column to predict; null for the default (the last CSV column, IDX's labels)
     * @param testFile test data read the same way, or null
     * @param model    "logistic" or "mlp"
     * @throws IOException              unreadable or malformed data (the reader's message, naming the file and line),
     *                                  or a target column the file lacks
     * @throws IllegalArgumentException an unknown model, a project file not named NAME.lcproj.json, a data file no
     *                                  reader is known for
     */
    public static Project create(Path projectFile, Path dataFile, String target, Path testFile, String model) throws IOException {
        return make(projectFile, dataFile, target, testFile, model).project();
    }

    /** As {@link #create}, with what was decided along the way, to tell the user. */
    public static StarterProject make(Path projectFile, Path dataFile, String target, Path testFile, String model) throws IOException {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("unknown model " + Quoted.name(model) + " (known: " + String.join(", ", MODELS) + ")");
        }
        String name = ProjectFiles.projectName(projectFile);
        Path dir = projectFile.toAbsolutePath().getParent();
        // read with absolute paths: the project's folder need not exist yet
        DataSource train = DataFiles.withTarget(DataFiles.guess(dataFile), target);
        Object column = train.fields().get("target");
        String targetName = column == null ? DataFiles.IDX_TARGET : column.toString();
        DataSource test = testFile == null ? null : DataFiles.withTarget(DataFiles.guess(testFile), targetName);
        Dataset data = DataSources.load(train, dir);
        if (test != null) {
            // a bad test file fails now, with the reader's message, rather than when training ends
            DataSources.load(test, dir).withClassOrder(data.classNames());
        }
        int classes = Task.classCount(data);
        Task task = Task.forClasses(classes);
        Network net = network(data.featureShape(), task, task == Task.REGRESSION ? data.targetShape().size() : classes, model.equals("mlp"));
        Validation validation = new Validator(LayerRegistry.standard()).validate(net);
        if (!validation.ok()) {
            throw new IllegalStateException("the starter network does not validate: " + validation.problems());
        }
        boolean images = train.type().equals("idx") || train.type().equals("images");
        // bytes 0..255 scale to 0..1 as image models expect; tabular columns differ in units, so each is standardized
        Preprocess preprocess = new Preprocess(images ? 1 / 255.0 : null, !images, task == Task.MULTICLASS ? classes : null);
        TrainingConfig training = training(task, data.count(), data.featureShape().size());
        Project project = new Project(name, List.of(net), training, new DataConfig(DataFiles.relativeTo(train, dir),
                test == null ? null : DataFiles.relativeTo(test, dir), preprocess));
        return new StarterProject(project, task, targetName, classes, data.classNames(), data.count(), validation.totalParameterCount());
    }

    /** Several lines for people: the task, the network and how it trains. */
    public String describe() {
        String what = switch (task) {
            case BINARY, MULTICLASS -> task.name().toLowerCase() + " classification of '" + target + "' (" + classes + " classes"
                    + (classNames.isEmpty() ? "" : ": " + String.join(", ", classNames)) + ")";
            case REGRESSION -> "regression of '" + target + "'";
        };
        Network net = project.mainNetwork();
        String layers = net.nodes().stream().map(StarterProject::describe).collect(Collectors.joining(" → "));
        TrainingConfig t = project.training();
        return "task: " + what + ", " + rows + " training rows" + System.lineSeparator()
                + "network: " + layers + " (" + parameters + " parameters)" + System.lineSeparator()
                + "training: " + t.loss() + ", " + t.optimizer().type() + " " + t.optimizer().params().get("learning_rate")
                + ", batch " + t.batchSize() + ", " + t.epochs() + " epochs, " + Math.round(t.validationSplit() * 100) + "% held out for validation";
    }

    private static String describe(Node n) {
        return switch (n.type()) {
            case "Input" -> "input " + n.params().get("shape");
            case "Dense" -> "dense " + n.params().get("units") + " " + n.params().getOrDefault("activation", "linear");
            default -> n.type().toLowerCase();
        };
    }

    /**
     * Input, Flatten for images or sequences (Dense reads vectors), for mlp hidden ReLU layers of
     * about twice the inputs (16..256, a power of two) and a second of half that for more than 64
     * inputs, then the output.
     */
    static Network network(Shape input, Task task, int outputs, boolean mlp) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node("input", "Input", Map.of("shape", Arrays.stream(input.dims()).boxed().toList())));
        if (input.rank() > 1) {
            nodes.add(new Node("flatten", "Flatten", Map.of()));
        }
        int n = input.size();
        if (mlp) {
            int units = Math.max(16, Math.min(256, Integer.highestOneBit(2 * n - 1) << 1));
            nodes.add(dense("hidden", units, "relu"));
            if (n > 64) {
                nodes.add(dense("hidden2", units / 2, "relu"));
            }
        }
        nodes.add(switch (task) {
            case BINARY -> dense("output", 1, "sigmoid");
            case MULTICLASS -> dense("output", outputs, "softmax");
            case REGRESSION -> dense("output", outputs, "linear");
        });
        List<Edge> edges = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            edges.add(new Edge(nodes.get(i - 1).id(), nodes.get(i).id()));
        }
        Network net = new Network("main", nodes, edges);
        Map<String, double[]> at = LayeredLayout.positions(net);
        return new Network("main", nodes.stream().map(node -> node.withPosition(at.get(node.id())[0], at.get(node.id())[1])).toList(), edges);
    }

    private static Node dense(String id, int units, String activation) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("units", units);
        if (!activation.equals("linear")) {
            params.put("activation", activation); // linear is Dense's default, which project files leave out
        }
        return new Node(id, "Dense", params);
    }

    /**
     * Adam; small batches for small data so it takes enough steps; epochs for about 2000 steps in all
     * (10 to 200); 0.01 for small inputs, where it converges fast and stays stable, 0.001 for wide ones
     * (images). Seed 42 and a fifth held out for validation, to watch overfitting on the dashboard.
     */
    static TrainingConfig training(Task task, int rows, int inputs) {
        String loss = switch (task) {
            case BINARY -> "binary_crossentropy";
            case MULTICLASS -> "categorical_crossentropy";
            case REGRESSION -> "mse";
        };
        List<String> metrics = switch (task) {
            case BINARY -> List.of("accuracy", "auc");
            case MULTICLASS -> List.of("accuracy");
            case REGRESSION -> List.of("mae");
        };
        OptimizerConfig adam = new OptimizerConfig("adam", Map.of("learning_rate", inputs <= 64 ? 0.01 : 0.001));
        TrainingConfig config = new TrainingConfig(loss, false, metrics, adam, 32, 10, TrainingConfig.DEFAULT_SEED, 0.2, null);
        int trainRows = Math.max(1, rows - config.validationRows(rows));
        int batch = trainRows < 1000 ? 16 : trainRows < 20000 ? 32 : 128;
        int batchesPerEpoch = (trainRows + batch - 1) / batch;
        int epochs = Math.max(10, Math.min(200, (2000 + batchesPerEpoch - 1) / batchesPerEpoch));
        return new TrainingConfig(loss, false, metrics, adam, batch, epochs, config.seed(), config.validationSplit(), null);
    }
}
