package org.layercanvas.cli;

import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;

/**
 * A workload of {@code layercanvas bench}: a network trained on Fashion-MNIST with Adam at batch 128, the same
 * as its PyTorch peer in bench/torch_peer.py. Classifiers learn the labels with softmax cross-entropy and are
 * scored by test accuracy; an autoencoder ({@code reconstructs}) learns its input with binary cross-entropy and
 * is scored by its test loss.
 *
 * @param flopsPerSample training FLOPs per sample: the GEMMs of the forward pass, of the weight gradients and of
 *                       the input gradients (none for the first layer); pooling and activations are not counted
 */
record BenchModel(String name, String description, Network network, double learningRate, long flopsPerSample, boolean reconstructs) {
    private static final String HE = "he_normal";

    /** "mlp", "lenet5", "lstm", "vae" or "all". */
    static List<BenchModel> of(String name) {
        return switch (name) {
            case "mlp" -> List.of(mlp());
            case "lenet5" -> List.of(lenet5());
            case "lstm" -> List.of(lstm());
            case "vae" -> List.of(vae());
            case "all" -> List.of(mlp(), lenet5(), lstm(), vae());
            default -> throw new IllegalArgumentException("--model must be mlp, lenet5, lstm, vae or all, not '" + name + "'");
        };
    }

    String loss() {
        return reconstructs ? "binary_crossentropy" : "categorical_crossentropy";
    }

    /** What the test set is scored by: accuracy (higher is better) or, for an autoencoder, the loss. */
    String score() {
        return reconstructs ? "loss" : "accuracy";
    }

    /** The reference MLP of DESIGN.md §5. */
    static BenchModel mlp() {
        return new BenchModel("mlp", "reference MLP 784-256-128-10", chain(
                new Node("in", "Input", Map.of("shape", List.of(1, 28, 28))),
                new Node("flat", "Flatten", Map.of()),
                new Node("h1", "Dense", Map.of("units", 256, "activation", "relu")),
                new Node("h2", "Dense", Map.of("units", 128, "activation", "relu")),
                new Node("out", "Dense", Map.of("units", 10, "activation", "softmax"))),
                0.001, 2L * (784 * 256 * 2 + 256 * 128 * 3 + 128 * 10 * 3), false);
    }

    /** examples/lenet5-fashion: two convolutions with max pooling, then 120-84-10, He-initialised as there. */
    static BenchModel lenet5() {
        long conv1 = 2L * 6 * 25 * 28 * 28, conv2 = 2L * 16 * 150 * 10 * 10, dense = 2L * (400 * 120 + 120 * 84 + 84 * 10);
        return new BenchModel("lenet5", "LeNet-5 (conv 6@5x5, pool, conv 16@5x5, pool, 120-84-10)", chain(
                new Node("image", "Input", Map.of("shape", List.of(1, 28, 28))),
                new Node("c1", "Conv2D", Map.of("filters", 6, "kernel_size", 5, "padding", "same", "activation", "relu", "kernel_initializer", HE)),
                new Node("p1", "MaxPooling2D", Map.of("pool_size", 2)),
                new Node("c2", "Conv2D", Map.of("filters", 16, "kernel_size", 5, "activation", "relu", "kernel_initializer", HE)),
                new Node("p2", "MaxPooling2D", Map.of("pool_size", 2)),
                new Node("flat", "Flatten", Map.of()),
                new Node("f5", "Dense", Map.of("units", 120, "activation", "relu", "kernel_initializer", HE)),
                new Node("f6", "Dense", Map.of("units", 84, "activation", "relu", "kernel_initializer", HE)),
                new Node("class", "Dense", Map.of("units", 10, "activation", "softmax"))),
                0.002, conv1 * 2 + conv2 * 3 + dense * 3, false);
    }

    /**
     * Each image as a sequence of its 28 rows, LSTM(128), the last state into a softmax. Per step the gates take
     * x·W_ihᵀ (forward and weight gradient) and h·W_hhᵀ (forward, weight and state gradients).
     */
    static BenchModel lstm() {
        long step = 2L * 512 * (28 * 2 + 128 * 3), dense = 2L * 128 * 10 * 3;
        return new BenchModel("lstm", "image rows as a sequence, LSTM(128), softmax 10", chain(
                new Node("image", "Input", Map.of("shape", List.of(1, 28, 28))),
                new Node("rows", "Reshape", Map.of("target_shape", List.of(28, 28))),
                new Node("lstm", "LSTM", Map.of("units", 128)),
                new Node("class", "Dense", Map.of("units", 10, "activation", "softmax"))),
                0.001, 28 * step + dense, false);
    }

    /** The network of examples/vae-fashion, trained as that project trains it (binary cross-entropy plus KL/784). */
    static BenchModel vae() {
        List<Node> nodes = List.of(
                new Node("image", "Input", Map.of("shape", List.of(1, 28, 28))),
                new Node("flat", "Flatten", Map.of()),
                new Node("encoder", "Dense", Map.of("units", 256, "activation", "relu")),
                new Node("z_mean", "Dense", Map.of("units", 8)),
                new Node("z_log_var", "Dense", Map.of("units", 8)),
                new Node("z", "Sampling", Map.of("kl_weight", 1.0 / 784)),
                new Node("decoder", "Dense", Map.of("units", 256, "activation", "relu")),
                new Node("pixels", "Dense", Map.of("units", 784, "activation", "sigmoid")),
                new Node("reconstruction", "Reshape", Map.of("target_shape", List.of(1, 28, 28))));
        List<Edge> edges = List.of(new Edge("image", "flat"), new Edge("flat", "encoder"), new Edge("encoder", "z_mean"),
                new Edge("encoder", "z_log_var"), new Edge("z_mean", "z"), new Edge("z_log_var", "z", 1), new Edge("z", "decoder"),
                new Edge("decoder", "pixels"), new Edge("pixels", "reconstruction"));
        return new BenchModel("vae", "examples/vae-fashion (784-256-2x8, sampling, 8-256-784)", new Network("main", nodes, edges),
                0.001, 2L * (784 * 256 * 2 + 2 * 256 * 8 * 3 + (8 * 256 + 256 * 784) * 3), true);
    }

    private static Network chain(Node... nodes) {
        List<Edge> edges = new java.util.ArrayList<>();
        for (int i = 1; i < nodes.length; i++) {
            edges.add(new Edge(nodes[i - 1].id(), nodes[i].id()));
        }
        return new Network("main", List.of(nodes), edges);
    }
}
