package org.layercanvas.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;

/**
 * A steady training epoch on the CPU backend allocates no buffers: the bytes every Java thread allocates (HotSpot's
 * per-thread allocation counters) from the first batch of an epoch to its last are counted, after two seconds of
 * training in which the JIT compiles the training step.
 */
class SteadyEpochAllocationTest {
    /** Epochs enough to outlast the warm-up: training stops after the ten epochs measured. */
    private static final int EPOCHS = 100_000;
    /** Training before the measurement, for the JIT: by time, as other tests in this JVM may have queued compilations. */
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    /**
     * Bytes a batch may allocate: the tasks handed to the worker threads and their lambdas, nothing that grows with the
     * data (one batch of these networks' inputs is 74 KB; before the scratch buffers were kept, the VAE allocated 600 KB).
     */
    private static final long LIMIT = 2048;
    /** Epochs measured at most: after ten, training goes on until one epoch is under the limit (the JIT may be late on a busy machine). */
    private static final int MOST_EPOCHS = 60;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn", "lstm", "vae"})
    void aSteadyEpochAllocatesNothingPerBatch(String model) {
        Network net = network(model);
        int count = 128 * 24;
        Random r = new Random(3);
        float[] x = new float[count * 144], y = new float[count * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        for (int i = 0; i < count; i++) {
            y[i * 10 + r.nextInt(10)] = 1;
        }
        boolean vae = model.equals("vae");
        Dataset data = vae ? new Dataset(x, Shape.of(1, 12, 12), x, Shape.of(1, 12, 12), count)
                : new Dataset(x, Shape.of(1, 12, 12), y, Shape.of(10), count);
        TrainingConfig config = new TrainingConfig(vae ? "binary_crossentropy" : "categorical_crossentropy", false, List.of(),
                new OptimizerConfig("adam", Map.of("learning_rate", 0.001)), 128, EPOCHS, 42, 0, null);
        long[] least = {Long.MAX_VALUE}, first = new long[1];
        int[] measured = {0};
        int batches = count / 128;
        long warm = System.nanoTime() + WARM_UP_NANOS;
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(net, new CpuBackend(2), 128)) {
            plan.initialize(1);
            new Trainer(plan, config).fit(data, new TrainingListener() {
                @Override
                public void batchEnd(int epoch, int batch, double loss) {
                    if (System.nanoTime() < warm) {
                        return;
                    }
                    if (batch == 0) {
                        first[0] = allocated();
                    } else if (batch == batches - 1 && first[0] != 0) {
                        least[0] = Math.min(least[0], (allocated() - first[0]) / (batches - 1));
                        measured[0]++;
                    }
                }

                @Override
                public boolean stopRequested() {
                    return measured[0] >= 10 && least[0] < LIMIT || measured[0] >= MOST_EPOCHS;
                }
            });
        }
        assertThat(measured[0]).as("steady epochs measured").isGreaterThanOrEqualTo(10);
        // the least of the epochs: during one, the JIT may still be replacing code, and interpreted vector code allocates
        assertThat(least[0]).as("bytes allocated per batch of a steady epoch, " + model).isLessThan(LIMIT);
    }

    /**
     * Bytes allocated so far by every thread but the JIT warm-up's ({@link JitWarmUp}): that one runs the vector code
     * boxed at the lowest priority, and on a busy machine it was still running when the epochs were measured.
     */
    private static long allocated() {
        long sum = 0;
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && !t.getThreadName().equals(JitWarmUp.THREAD_NAME)) {
                sum += Math.max(0, THREADS.getThreadAllocatedBytes(t.getThreadId()));
            }
        }
        return sum;
    }

    private static Network network(String model) {
        List<Node> nodes = new ArrayList<>(List.of(new Node("in", "Input", Map.of("shape", List.of(1, 12, 12)))));
        switch (model) {
            case "mlp" -> {
                nodes.add(new Node("flat", "Flatten", Map.of()));
                nodes.add(new Node("h", "Dense", Map.of("units", 32, "activation", "relu")));
            }
            case "cnn" -> {
                nodes.add(new Node("c", "Conv2D", Map.of("filters", 4, "kernel_size", 3, "activation", "relu")));
                nodes.add(new Node("p", "MaxPooling2D", Map.of("pool_size", 2)));
                nodes.add(new Node("flat", "Flatten", Map.of()));
            }
            case "lstm" -> {
                nodes.add(new Node("rows", "Reshape", Map.of("target_shape", List.of(12, 12))));
                nodes.add(new Node("lstm", "LSTM", Map.of("units", 16)));
            }
            default -> {
                return vae();
            }
        }
        nodes.add(new Node("out", "Dense", Map.of("units", 10, "activation", "softmax")));
        List<Edge> edges = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            edges.add(new Edge(nodes.get(i - 1).id(), nodes.get(i).id()));
        }
        return new Network("main", nodes, edges);
    }

    private static Network vae() {
        List<Node> nodes = List.of(new Node("in", "Input", Map.of("shape", List.of(1, 12, 12))), new Node("flat", "Flatten", Map.of()),
                new Node("mu", "Dense", Map.of("units", 4)), new Node("logvar", "Dense", Map.of("units", 4)),
                new Node("z", "Sampling", Map.of("kl_weight", 0.01)),
                new Node("px", "Dense", Map.of("units", 144, "activation", "sigmoid")),
                new Node("img", "Reshape", Map.of("target_shape", List.of(1, 12, 12))));
        return new Network("main", nodes, List.of(new Edge("in", "flat"), new Edge("flat", "mu"), new Edge("flat", "logvar"),
                new Edge("mu", "z"), new Edge("logvar", "z", 1), new Edge("z", "px"), new Edge("px", "img")));
    }
}
