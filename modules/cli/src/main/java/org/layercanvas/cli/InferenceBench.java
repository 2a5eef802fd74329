package org.layercanvas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.LayerRegistry;

/**
 * {@code layercanvas bench --inference}: a trained network's inference as a server would run it, the same
 * protocol as bench/torch_peer.py's: the median latency of one sample at a time (the test samples in turn,
 * after a second of warm-up, for two seconds) and the throughput of the test set in batches of 256 (the best of
 * at least three passes over two seconds). Each call writes the input, runs the network in inference mode and
 * reads the output back.
 */
final class InferenceBench {
    static final int BATCH = 256;
    private static final long SECOND = 1_000_000_000L;

    private InferenceBench() {
    }

    /** Copies {@code trained}'s weights into {@code network} compiled for batches of 256 on {@code backend} and measures it. */
    static Map<String, Object> measure(Plan trained, Network network, Backend backend, Dataset test, PrintStream out) {
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(network, backend, BATCH)) {
            plan.loadWeights(trained.weights());
            Runner run = new Runner(plan, test);
            int i = 0;
            for (long until = System.nanoTime() + SECOND; System.nanoTime() < until; i++) {
                run.rows(i % test.count(), 1);
            }
            List<Double> micros = new ArrayList<>();
            for (long until = System.nanoTime() + 2 * SECOND; System.nanoTime() < until; i++) {
                long start = System.nanoTime();
                run.rows(i % test.count(), 1);
                micros.add((System.nanoTime() - start) / 1e3);
            }
            double best = Double.POSITIVE_INFINITY;
            long until = System.nanoTime() + 2 * SECOND;
            for (int pass = 0; pass < 3 || System.nanoTime() < until; pass++) {
                long start = System.nanoTime();
                for (int from = 0; from < test.count(); from += BATCH) {
                    run.rows(from, Math.min(BATCH, test.count() - from));
                }
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("latency_batch1_us", BenchCommand.median(micros));
            figures.put("throughput_batch256", test.count() / best);
            out.printf("  inference: batch 1 %.0f us, batch %d %.0f samples/s%n", figures.get("latency_batch1_us"), BATCH,
                    figures.get("throughput_batch256"));
            return figures;
        }
    }

    /** Prints the inference figures of a model and of its peer, with the ratios, where both were measured. */
    static void summarise(String model, Map<String, Object> r, PrintStream out) {
        if (!r.containsKey("latency_batch1_us")) {
            return;
        }
        double latency = (double) r.get("latency_batch1_us"), throughput = (double) r.get("throughput_batch256");
        out.printf("LayerCanvas %s inference: batch 1 %.0f us, batch %d %.0f samples/s%n", model, latency, BATCH, throughput);
        JsonNode peer = (JsonNode) r.get("pytorch");
        if (peer == null || !peer.has("latency_batch1_us")) {
            return;
        }
        double theirLatency = peer.get("latency_batch1_us").asDouble(), theirThroughput = peer.get("throughput_batch256").asDouble();
        out.printf("PyTorch %s inference (torch.no_grad): batch 1 %.0f us, batch %d %.0f samples/s%n", model, theirLatency, BATCH, theirThroughput);
        out.printf("ratio LayerCanvas/PyTorch, %s inference: batch-1 latency %.2f, batch-%d time per sample %.2f%n", model,
                latency / theirLatency, BATCH, theirThroughput / throughput);
        r.put("inference_latency_ratio", latency / theirLatency);
        r.put("inference_throughput_time_ratio", theirThroughput / throughput);
    }

    /** Runs rows of the test set through the plan. */
    private static final class Runner {
        private final Plan plan;
        private final float[] features, outputs;
        private final int in;

        Runner(Plan plan, Dataset test) {
            this.plan = plan;
            this.features = test.features();
            this.in = plan.inputShape().size();
            this.outputs = new float[BATCH * plan.outputShape().size()];
        }

        void rows(int from, int count) {
            Backend b = plan.backend();
            b.write(plan.input(), features, from * in, count * in);
            plan.forward(count, false, 0);
            b.read(plan.output(), outputs, 0, count * plan.outputShape().size());
        }
    }
}
