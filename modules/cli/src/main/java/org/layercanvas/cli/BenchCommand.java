package org.layercanvas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.data.Preprocessing;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backends;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code layercanvas bench}: the reference MLP of DESIGN.md §5 on Fashion-MNIST, and the same
 * workload in PyTorch in the same run when Debian's python3-torch is there. Protocol (shared with
 * bench/torch_mlp.py): whole training set per epoch, seeded reshuffle, batch 128, epoch time without
 * the test evaluation, seconds/epoch = median of epochs 2..N.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the reference MLP (784-256-128-10, Adam, batch 128) on Fashion-MNIST against PyTorch.")
final class BenchCommand implements Callable<Integer> {
    /** Training FLOPs per sample: forward and weight-gradient GEMMs everywhere, input gradients except the first layer. */
    static final long FLOPS_PER_SAMPLE = 2L * (784 * 256 * 2 + 256 * 128 * 3 + 128 * 10 * 3);

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs per framework (median of 2..N). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist", paramLabel = "DIR",
            description = "Fashion-MNIST IDX files (Debian's dataset-fashion-mnist). Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--no-peer", description = "Skip the PyTorch run.")
    boolean noPeer;

    @Option(names = "--source", paramLabel = "JSON", description = "Train on this data source instead of the IDX files, to measure "
            + "reading it, e.g. '{\"type\": \"hdf5\", \"path\": \"fashion.h5\", \"features\": \"/x\", \"labels\": \"/y\", \"stream\": true}' "
            + "(Fashion-MNIST's 60000 images [1, 28, 28] and labels; paths relative to the working directory).")
    String source;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (epochs < 2) {
            throw new IllegalArgumentException("--epochs must be at least 2 (the first epoch is warm-up)");
        }
        Preprocess pre = new Preprocess(1 / 255.0, false, 10);
        Samples rawTrain = source == null ? DataSources.load(idx("train"), data) : DataSources.open(parseSource(source), Path.of(""));
        Preprocessing p = Preprocessing.fit(pre, rawTrain);
        Samples train = p.apply(rawTrain);
        Dataset test = p.apply(DataSources.load(idx("t10k"), data));
        System.out.println("training data: " + (source == null ? "IDX files in memory" : train instanceof Dataset ? "in memory" : "streamed") + ", "
                + train.count() + " samples");
        TrainingConfig config = new TrainingConfig("categorical_crossentropy", false, List.of(),
                new OptimizerConfig("adam", Map.of("learning_rate", 0.001)), 128, epochs, 42, 0, null);
        List<Double> seconds = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        String device;
        String backendName;
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(referenceMlp(), Backends.standard().choose(common.backend).create(), 128)) {
            plan.initialize(42);
            device = plan.backend().device();
            backendName = plan.backend().name();
            System.out.println("LayerCanvas on " + backendName + ": " + device);
            Trainer trainer = new Trainer(plan, new TrainingConfig(config.loss(), false, List.of("accuracy"), config.optimizer(),
                    128, epochs, 42, 0, null));
            Trainer timed = new Trainer(plan, config);
            timed.fit(train, new TrainingListener() {
                @Override
                public void epochEnd(EpochResult r) {
                    seconds.add(r.seconds());
                    accuracy.add(trainer.evaluate(test).get("accuracy"));
                    System.out.printf("  epoch %d: %.3f s, test accuracy %.4f%n", r.epoch(), r.seconds(), accuracy.get(accuracy.size() - 1));
                }
            });
        }
        rawTrain.close();
        double ours = median(seconds.subList(1, seconds.size()));
        System.out.printf("LayerCanvas: %.3f s/epoch, %.0f samples/s, %.1f GFLOPS, test accuracy %.4f%n",
                ours, train.count() / ours, FLOPS_PER_SAMPLE * train.count() / ours / 1e9, accuracy.get(accuracy.size() - 1));
        if (noPeer) {
            return 0;
        }
        JsonNode peer = runPyTorch();
        if (peer == null) {
            System.out.println("PyTorch: not measured (install Debian's python3-torch to compare in the same run)");
            return 0;
        }
        double theirs = peer.get("sec_per_epoch").asDouble();
        JsonNode accs = peer.get("test_accuracy");
        System.out.printf("PyTorch (%s, %d threads): %.3f s/epoch, %.0f samples/s, %.1f GFLOPS, test accuracy %.4f%n",
                peer.get("peer").asText(), peer.get("threads").asInt(), theirs, train.count() / theirs,
                FLOPS_PER_SAMPLE * train.count() / theirs / 1e9, accs.get(accs.size() - 1).asDouble());
        System.out.printf("ratio LayerCanvas/PyTorch time per epoch: %.2f%n", ours / theirs);
        return 0;
    }

    /** A data source as the project file writes one: {"type": ..., and the reader's fields}. */
    private static DataSource parseSource(String json) throws IOException {
        Map<String, Object> fields = new ObjectMapper().readValue(json, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        if (!(fields.remove("type") instanceof String type)) {
            throw new IllegalArgumentException("--source: the data source needs a \"type\" (hdf5, npy, …)");
        }
        return new DataSource(type, fields);
    }

    private DataSource idx(String prefix) {
        String images = prefix + "-images-idx3-ubyte", labels = prefix + "-labels-idx1-ubyte";
        return new DataSource("idx", Map.of("images", existing(images), "labels", existing(labels)));
    }

    private String existing(String stem) {
        return Files.exists(data.resolve(stem + ".gz")) ? stem + ".gz" : stem;
    }

    static Network referenceMlp() {
        return new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(1, 28, 28))),
                new Node("flat", "Flatten", Map.of()),
                new Node("h1", "Dense", Map.of("units", 256, "activation", "relu")),
                new Node("h2", "Dense", Map.of("units", 128, "activation", "relu")),
                new Node("out", "Dense", Map.of("units", 10, "activation", "softmax"))),
                List.of(new Edge("in", "flat"), new Edge("flat", "h1"), new Edge("h1", "h2"), new Edge("h2", "out")));
    }

    /** Runs bench/torch_mlp.py (shipped inside this jar) with Debian's python3; null when torch is missing. */
    private JsonNode runPyTorch() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            return null;
        }
        Process check = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        if (check.waitFor() != 0) {
            return null;
        }
        Path script = Files.createTempFile("layercanvas-torch-mlp", ".py");
        try (InputStream in = BenchCommand.class.getResourceAsStream("/bench/torch_mlp.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            System.out.println("running the same workload in PyTorch...");
            Process p = new ProcessBuilder(python.toString(), script.toString(), data.toString(), "--epochs", Integer.toString(epochs))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the PyTorch benchmark failed (exit " + p.exitValue() + ")");
            }
            return new ObjectMapper().readTree(out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
