package org.layercanvas.editor.bench;

import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.editor.scene.NetworkScene;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.ProjectFiles;

/**
 * Benchmark, not a test: opens a generated 1000-layer (or {@code args[0]}-layer) project (read, validate, build and paint
 * the scene) and times edits of layer parameters, each until the canvas has repainted. Run with
 * {@code mvn -q -f modules/editor/pom.xml test-compile exec:java}-style tooling or from the IDE:
 * {@code java -Djava.awt.headless=true -cp <test classpath> org.layercanvas.editor.bench.LargeProjectBenchmark}.
 */
public final class LargeProjectBenchmark {
    private static final int EDITS = 40;

    private LargeProjectBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path file = Files.createTempFile("large", ".lcproj.json");
        ProjectFiles.write(project(layers), file);
        BufferedImage image = new BufferedImage(1600, 1000, BufferedImage.TYPE_INT_RGB);
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            ProjectDocument doc = ProjectDocument.open(file, LayerRegistry.standard());
            NetworkScene[] scene = new NetworkScene[1];
            EventQueue.invokeAndWait(() -> {
                scene[0] = new NetworkScene(doc);
                scene[0].refresh(); // all layers now, not a hundred per event as the editor shows them
                paint(scene[0], image);
            });
            long opened = System.nanoTime();
            // a user's edits: parameters of layers along the network, one at a time, each until the canvas has repainted
            double[] editMs = new double[EDITS];
            for (int e = 0; e < EDITS; e++) {
                String node = "n" + (1 + 3 * ((e * 97) % (layers / 3 - 1)));
                int units = 32 + e % 7;
                long start = System.nanoTime();
                EventQueue.invokeAndWait(() -> {
                    doc.setParam(node, "units", units);
                    paint(scene[0], image);
                });
                editMs[e] = (System.nanoTime() - start) / 1e6;
            }
            java.util.Arrays.sort(editMs);
            System.out.printf("run %d: %d layers opened and painted in %.0f ms; %d edits to repaint: median %.1f ms, 90th percentile %.1f ms, slowest %.1f ms%n",
                    run, layers, (opened - t0) / 1e6, EDITS, editMs[EDITS / 2], editMs[EDITS * 9 / 10], editMs[EDITS - 1]);
        }
        Files.delete(file);
    }

    /**
     * A chain of {@code layers} layers (Input, then Dense 64, Dropout and ReLU in turn) laid out 40 to a
     * row; the GUI tests open it too, to check the application stays responsive.
     */
    public static Project project(int layers) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        nodes.add(new Node("in", "Input", Map.of("shape", List.of(64)), 40.0, 40.0));
        for (int i = 1; i < layers; i++) {
            String type = i % 3 == 0 ? "Activation" : i % 3 == 1 ? "Dense" : "Dropout";
            Map<String, Object> params = switch (type) {
                case "Dense" -> Map.of("units", 64);
                case "Activation" -> Map.of("activation", "relu");
                default -> Map.of("rate", 0.1);
            };
            nodes.add(new Node("n" + i, type, params, 40.0 + 240 * (i % 40), 40.0 + 150 * (i / 40)));
            edges.add(new Edge(i == 1 ? "in" : "n" + (i - 1), "n" + i));
        }
        return new Project("large", List.of(new Network("main", nodes, edges)), null, null);
    }

    /** Paints as a window of the image's size does: clipped to what shows, so widgets outside it are skipped. */
    private static void paint(NetworkScene scene, BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setClip(0, 0, image.getWidth(), image.getHeight());
        scene.validate(g);
        scene.paint(g);
        g.dispose();
    }
}
