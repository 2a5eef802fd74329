package org.layercanvas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
import org.layercanvas.engine.data.ReconstructionSamples;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Backends;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code layercanvas bench}: workloads on Fashion-MNIST ({@link BenchModel}: the reference MLP of DESIGN.md §5, LeNet-5,
 * an LSTM over image rows, the VAE example), each against its PyTorch peer in the same run when Debian's python3-torch
 * is there, and the machine's peak as this backend's GEMM measures it on 1024³. Protocol (shared with
 * bench/torch_peer.py): whole training set per epoch, seeded reshuffle, batch 128, epoch time without the test
 * evaluation, seconds/epoch = median of epochs 2..N. Also reported: each side's peak resident memory during the
 * model's training, and with {@code --inference} the trained model's batch-1 latency and batch-256 throughput.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark training (and inference) on Fashion-MNIST against PyTorch in the same run: the reference MLP, "
                + "LeNet-5, an LSTM, the VAE example.")
final class BenchCommand implements Callable<Integer> {
    /** The peak's GEMM size: large enough for the packed microkernel's steady state. */
    private static final int PEAK_SIZE = 1024;

    @Option(names = "--model", defaultValue = "mlp", paramLabel = "NAME",
            description = "mlp (784-256-128-10), lenet5 (examples/lenet5-fashion), lstm (image rows through LSTM(128)), "
                    + "vae (examples/vae-fashion) or all. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs per framework (median of 2..N). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--data", defaultValue = "/usr/share/datasets/fashion-mnist", paramLabel = "DIR",
            description = "Fashion-MNIST IDX files (Debian's dataset-fashion-mnist). Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--no-peer", description = "Skip the PyTorch runs.")
    boolean noPeer;

    @Option(names = "--inference", description = "Also measure each trained model's inference: the latency of one sample at a time "
            + "and the throughput in batches of 256 (PyTorch under torch.no_grad()).")
    boolean inference;

    @Option(names = "--json", description = "Print the results as one JSON object on standard output (progress goes to standard error).")
    boolean json;

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
        List<BenchModel> models = BenchModel.of(model);
        PrintStream out = json ? System.err : System.out;
        // created before the data is read, as a training session does: the CPU backend compiles its vector code meanwhile
        Backend backend = Backends.standard().choose(common.backend).create();
        Preprocess pre = new Preprocess(1 / 255.0, false, 10);
        Samples rawTrain = source == null ? DataSources.load(idx("train"), data) : DataSources.open(parseSource(source), Path.of(""));
        Preprocessing p = Preprocessing.fit(pre, rawTrain);
        Samples train = p.applyInPlace(rawTrain);
        Dataset test = p.apply(DataSources.load(idx("t10k"), data));
        out.println("training data: " + (source == null ? "IDX files in memory" : train instanceof Dataset ? "in memory" : "streamed") + ", "
                + train.count() + " samples");
        Map<String, Object> report = new LinkedHashMap<>();
        List<Map<String, Object>> results = new ArrayList<>();
        for (BenchModel m : models) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", m.name());
            train(m, results.isEmpty() ? backend : Backends.standard().choose(common.backend).create(), train, test, out, r);
            JsonNode peer = noPeer ? null : runPyTorch(m, out);
            if (peer != null) {
                r.put("pytorch", peer);
            }
            results.add(r);
        }
        // measured last: earlier, the backend's JIT warm-up and the first epochs' compiling share the cores
        double peak = peakGflops(out);
        report.put("peak_gflops", peak);
        for (int i = 0; i < models.size(); i++) {
            summarise(models.get(i), results.get(i), peak, train.count(), out);
            InferenceBench.summarise(models.get(i).name(), results.get(i), out);
        }
        rawTrain.close();
        report.put("models", results);
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(report));
        }
        return 0;
    }

    /** Prints a model's line, its peer's and the ratio, and adds the figures to {@code r}. */
    private void summarise(BenchModel m, Map<String, Object> r, double peak, int samples, PrintStream out) {
        double ours = (double) r.get("sec_per_epoch"), gflops = m.flopsPerSample() * samples / ours / 1e9;
        r.put("gflops", gflops);
        r.put("percent_of_peak", 100 * gflops / peak);
        String score = "test_" + m.score();
        out.printf("LayerCanvas %s: %.3f s/epoch, %.0f samples/s, %.1f GFLOPS (%.0f %% of peak), first epoch %.2fx a later one (%.2fx with "
                        + "the %.2f s of warm-up steps before it), test %s %.4f, peak RSS %s%n", m.name(), ours, samples / ours, gflops,
                100 * gflops / peak, (double) r.get("first_epoch_ratio"), (double) r.get("first_epoch_with_warm_up_ratio"),
                (double) r.get("warm_up_s"), m.score(),
                (double) r.get(score), megabytes(r.get("peak_rss_mb")));
        JsonNode peer = (JsonNode) r.get("pytorch");
        if (peer == null) {
            if (!noPeer) {
                out.println("PyTorch: not measured (install Debian's python3-torch to compare in the same run)");
            }
            return;
        }
        double theirs = peer.get("sec_per_epoch").asDouble();
        JsonNode scores = peer.get(score);
        out.printf("PyTorch %s (%s, %d threads): %.3f s/epoch, %.0f samples/s, %.1f GFLOPS, test %s %.4f, peak RSS %s%n", m.name(),
                peer.get("peer").asText(), peer.get("threads").asInt(), theirs, samples / theirs, m.flopsPerSample() * samples / theirs / 1e9,
                m.score(), scores.get(scores.size() - 1).asDouble(), megabytes(peer.get("peak_rss_mb").asDouble()));
        out.printf("ratio LayerCanvas/PyTorch time per epoch, %s: %.2f%n", m.name(), ours / theirs);
        if (!peer.path("blas").asText().equals("openblas")) {
            out.println("  (PyTorch ran on " + peer.path("blas").asText() + " BLAS, not OpenBLAS: install libopenblas0-pthread for a fair peer)");
        }
        r.put("ratio", ours / theirs);
    }

    /**
     * Trains {@code m} for the epochs asked (an autoencoder on its own inputs), puts its figures into {@code r}: the
     * median seconds of epochs 2..N, the test score, the process' peak resident memory during the training and, with
     * {@code --inference}, the trained network's inference figures.
     */
    private void train(BenchModel m, Backend backend, Samples train, Dataset test, PrintStream out, Map<String, Object> r) {
        TrainingConfig config = new TrainingConfig(m.loss(), false, List.of(),
                new OptimizerConfig("adam", Map.of("learning_rate", m.learningRate())), 128, epochs, 42, 0, null);
        Samples targets = m.reconstructs() ? ReconstructionSamples.of(train) : train;
        Samples scored = m.reconstructs() ? ReconstructionSamples.of(test) : test;
        List<Double> seconds = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        boolean peakReset = resetPeakMemory();
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(m.network(), backend, 128)) {
            plan.initialize(42);
            out.println("LayerCanvas " + m.name() + " (" + m.description() + ") on " + plan.backend().name() + ": " + plan.backend().device());
            List<String> metrics = m.reconstructs() ? List.of() : List.of(m.score());
            Trainer scorer = new Trainer(plan, new TrainingConfig(config.loss(), false, metrics, config.optimizer(), 128, epochs, 42, 0, null));
            long fitStart = System.nanoTime();
            new Trainer(plan, config).fit(targets, new TrainingListener() {
                @Override
                public void epochEnd(EpochResult e) {
                    if (seconds.isEmpty()) { // what the trainer did before its first epoch: the backend's warm-up steps
                        r.put("warm_up_s", (System.nanoTime() - fitStart) / 1e9 - e.seconds());
                    }
                    seconds.add(e.seconds());
                    scores.add(scorer.evaluate(scored).get(m.score()));
                    out.printf("  epoch %d: %.3f s, test %s %.4f%n", e.epoch(), e.seconds(), m.score(), scores.get(scores.size() - 1));
                }
            });
            r.put("device", plan.backend().device());
            r.put("peak_rss_mb", peakReset ? peakMemoryMegabytes() : null);
            if (inference) {
                r.putAll(InferenceBench.measure(plan, m.network(), Backends.standard().choose(common.backend).create(), test, out));
            }
        }
        double median = median(seconds.subList(1, seconds.size()));
        r.put("epoch_s", seconds);
        r.put("sec_per_epoch", median);
        r.put("first_epoch_ratio", seconds.get(0) / median);
        r.put("first_epoch_with_warm_up_ratio", (seconds.get(0) + (double) r.get("warm_up_s")) / median);
        r.put("test_" + m.score(), scores.get(scores.size() - 1));
    }

    /**
     * Starts a new peak of this process' resident memory (Linux's clear_refs), so that a model's peak is its own and
     * not an earlier model's; false where that is not possible (then no peak is reported).
     */
    private static boolean resetPeakMemory() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return peakMemoryMegabytes() != null;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The peak resident memory of this process (VmHWM) in MB, null where /proc does not say. */
    private static Double peakMemoryMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // not Linux: no figure
        }
        return null;
    }

    private static String megabytes(Object mb) {
        return mb == null ? "not measured" : String.format("%.0f MB", (double) mb);
    }

    /**
     * The fastest of repeated products of two 1024×1024 matrices on this backend (for a second, at least ten), in
     * GFLOPS: the first products run before the JIT has compiled the kernel, and on a shared machine some are slowed.
     */
    private double peakGflops(PrintStream out) {
        try (Backend b = Backends.standard().choose(common.backend).create()) {
            int n = PEAK_SIZE;
            Tensor x = b.allocate(n * n), y = b.allocate(n * n), z = b.allocate(n * n);
            b.fill(x, 1f, n * n);
            b.fill(y, 0.5f, n * n);
            double best = Double.POSITIVE_INFINITY;
            long until = System.nanoTime() + 1_000_000_000L;
            for (int i = 0; i < 10 || System.nanoTime() < until; i++) {
                long start = System.nanoTime();
                b.gemm(false, false, n, n, n, x, y, 0f, z);
                b.read(z, new float[1], 0, 1); // waits for a device that runs asynchronously
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            double gflops = 2.0 * n * n * n / best / 1e9;
            out.printf("peak: %.1f GFLOPS (this backend's GEMM on %d³, %s)%n", gflops, n, b.device());
            return gflops;
        }
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

    /** Runs bench/torch_peer.py (shipped inside this jar) for {@code m} with Debian's python3; null when torch is missing. */
    private JsonNode runPyTorch(BenchModel m, PrintStream out) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            return null;
        }
        Process check = new ProcessBuilder(python.toString(), "-c", "import torch").redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        if (check.waitFor() != 0) {
            return null;
        }
        Path script = Files.createTempFile("layercanvas-torch-peer", ".py");
        try (InputStream in = BenchCommand.class.getResourceAsStream("/bench/torch_peer.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            out.println("running the same workload in PyTorch...");
            List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), data.toString(), "--model", m.name(),
                    "--epochs", Integer.toString(epochs)));
            if (inference) {
                command.add("--inference");
            }
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the PyTorch benchmark failed (exit " + p.exitValue() + ")");
            }
            return new ObjectMapper().readTree(answer);
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
