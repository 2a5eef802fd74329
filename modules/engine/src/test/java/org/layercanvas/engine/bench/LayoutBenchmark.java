package org.layercanvas.engine.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.layout.LayeredLayout;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;

/**
 * Benchmark, not a test: times {@link LayeredLayout#routes} on generated networks the size of
 * imported ONNX models, a plain chain and a residual chain (every third layer an Add of the block's
 * input and output). Run from the IDE or with
 * {@code java -cp <engine test classpath> org.layercanvas.engine.bench.LayoutBenchmark [layers...]}.
 */
public final class LayoutBenchmark {
    private LayoutBenchmark() {
    }

    public static void main(String[] args) {
        // CPU time as well: on a shared machine the wall time mostly measures the neighbours
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Integer> sizes = args.length == 0 ? List.of(1000, 10000) : List.of(args).stream().map(Integer::valueOf).toList();
        for (int layers : sizes) {
            for (boolean skips : List.of(false, true)) {
                Network net = network(layers, skips);
                long best = Long.MAX_VALUE, bestCpu = Long.MAX_VALUE;
                for (int run = 0; run < 3; run++) {
                    long t0 = System.nanoTime(), cpu0 = os.getProcessCpuTime();
                    LayeredLayout.routes(net, id -> new double[] {LayeredLayout.NODE_WIDTH, LayeredLayout.NODE_HEIGHT});
                    best = Math.min(best, System.nanoTime() - t0);
                    bestCpu = Math.min(bestCpu, os.getProcessCpuTime() - cpu0);
                }
                System.out.printf("%,6d layers %-8s %,6d edges: best of 3 %,7.0f ms wall, %,7.0f ms CPU%n", layers,
                        skips ? "residual" : "chain", net.edges().size(), best / 1e6, bestCpu / 1e6);
            }
        }
    }

    static Network network(int layers, boolean skips) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        nodes.add(new Node("n0", "Input", Map.of()));
        String blockInput = "n0";
        for (int i = 1; i < layers; i++) {
            String id = "n" + i, previous = "n" + (i - 1);
            boolean add = skips && i % 3 == 0;
            nodes.add(new Node(id, add ? "Add" : "Dense", Map.of()));
            edges.add(new Edge(previous, id, 0));
            if (add) {
                edges.add(new Edge(blockInput, id, 1));
                blockInput = id;
            }
        }
        return new Network("bench", nodes, edges);
    }
}
