package org.layercanvas.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.Tensor;

import static org.layercanvas.engine.Networks.chain;

/**
 * Back-propagation through every layer type checked against central finite differences in double
 * precision. The scalar checked is L = Σ r·output for a fixed random r, so dL/doutput = r; every
 * network puts a Dense before the layer under test so its input gradient is checked too (through
 * that Dense's weight gradient).
 */
public class GradientCheckTest {
    public static Stream<Arguments> networks() {
        List<Arguments> cases = new ArrayList<>();
        for (Activation a : Activation.values()) {
            if (a == Activation.STEP || a == Activation.SIGN) {
                continue; // straight-through by design: no finite-difference gradient exists
            }
            cases.add(Arguments.of("Dense+" + a.key(), chain("in", "Input", Map.of("shape", List.of(5)),
                    "d1", "Dense", Map.of("units", 4, "activation", a.key()),
                    "d2", "Dense", Map.of("units", 3, "activation", "tanh"))));
            cases.add(Arguments.of("Activation " + a.key(), chain("in", "Input", Map.of("shape", List.of(5)),
                    "d1", "Dense", Map.of("units", 6),
                    "act", "Activation", Map.of("activation", a.key()))));
        }
        for (String slopes : List.of("per_value", "per_channel", "per_feature", "single")) {
            cases.add(Arguments.of("PReLU " + slopes, chain("in", "Input", Map.of("shape", List.of(12)),
                    "d1", "Dense", Map.of("units", 24),
                    "r", "Reshape", Map.of("target_shape", List.of(2, 3, 4)),
                    "p", "PReLU", Map.of("slopes", slopes, "alpha_initializer", "glorot_uniform"),
                    "f", "Flatten", Map.of(),
                    "d2", "Dense", Map.of("units", 2))));
        }
        cases.add(Arguments.of("Dense without bias", chain("in", "Input", Map.of("shape", List.of(3)),
                "d1", "Dense", Map.of("units", 4, "use_bias", false, "activation", "sigmoid"),
                "d2", "Dense", Map.of("units", 2, "use_bias", false))));
        cases.add(Arguments.of("Dropout", chain("in", "Input", Map.of("shape", List.of(5)),
                "d1", "Dense", Map.of("units", 40),
                "drop", "Dropout", Map.of("rate", 0.4),
                "d2", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("GaussianNoise", chain("in", "Input", Map.of("shape", List.of(5)),
                "d1", "Dense", Map.of("units", 6, "activation", "tanh"),
                "noise", "GaussianNoise", Map.of("stddev", 0.5),
                "d2", "Dense", Map.of("units", 2, "activation", "tanh"))));
        cases.add(Arguments.of("Reshape+Flatten", chain("in", "Input", Map.of("shape", List.of(6)),
                "d1", "Dense", Map.of("units", 6),
                "r", "Reshape", Map.of("target_shape", List.of(2, 3)),
                "act", "Activation", Map.of("activation", "softmax"),
                "f", "Flatten", Map.of(),
                "d2", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Conv2D same + MaxPooling2D", chain("in", "Input", Map.of("shape", List.of(2, 6, 6)),
                "c", "Conv2D", Map.of("filters", 3, "kernel_size", 3, "padding", "same", "activation", "tanh"),
                "p", "MaxPooling2D", Map.of("pool_size", 2),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Conv2D strided valid + AveragePooling2D", chain("in", "Input", Map.of("shape", List.of(1, 9, 7)),
                "c1", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "strides", 2),
                "c2", "Conv2D", Map.of("filters", 2, "kernel_size", 2, "padding", 1, "activation", "sigmoid", "use_bias", false),
                "p", "AveragePooling2D", Map.of("pool_size", 2, "strides", 1),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Conv2D 3×2 strides 2×1, dilated Conv2D, pools same and 2×1", chain("in", "Input", Map.of("shape", List.of(2, 9, 8)),
                "c1", "Conv2D", Map.of("filters", 2, "kernel_size", List.of(3, 2), "strides", List.of(2, 1), "padding", "same", "activation", "tanh"),
                "c2", "Conv2D", Map.of("filters", 3, "kernel_size", 2, "dilation_rate", List.of(2, 3), "padding", 1),
                "p1", "MaxPooling2D", Map.of("pool_size", 3, "strides", 2, "padding", "same"),
                "p2", "AveragePooling2D", Map.of("pool_size", List.of(2, 1), "padding", "same"),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Conv2DTranspose same stride 2, valid 3×2 strides 2×1 with output_padding", chain("in", "Input", Map.of("shape", List.of(2, 3, 4)),
                "t1", "Conv2DTranspose", Map.of("filters", 3, "kernel_size", 3, "strides", 2, "padding", "same", "activation", "tanh"),
                "t2", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", List.of(3, 2), "strides", List.of(2, 1), "output_padding", List.of(1, 0)),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Conv2DTranspose padding 1 without bias, first layer", chain("in", "Input", Map.of("shape", List.of(1, 3, 3)),
                "t", "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 4, "strides", 2, "padding", 1, "use_bias", false, "activation", "sigmoid"),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("ZeroPadding2D on every side, rows only, then Cropping2D by sides and by rows/columns", chain("in", "Input", Map.of("shape", List.of(2, 3, 4)),
                "c", "Conv2D", Map.of("filters", 2, "kernel_size", 1, "activation", "tanh"),
                "p1", "ZeroPadding2D", Map.of("padding", List.of(1, 0, 2, 1)),
                "p2", "ZeroPadding2D", Map.of("padding", List.of(1, 0)),
                "k1", "Cropping2D", Map.of("cropping", List.of(0, 2, 1, 0)),
                "k2", "Cropping2D", Map.of("cropping", List.of(1, 1)),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("UpSampling2D 2, 2×3 and 1×2", chain("in", "Input", Map.of("shape", List.of(1, 2, 3)),
                "c", "Conv2D", Map.of("filters", 2, "kernel_size", 1, "activation", "tanh"),
                "u1", "UpSampling2D", Map.of(),
                "u2", "UpSampling2D", Map.of("size", List.of(2, 3)),
                "u3", "UpSampling2D", Map.of("size", List.of(1, 2)),
                "p", "MaxPooling2D", Map.of("pool_size", 3),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Conv2D groups 2, then depthwise (groups = channels, 2 filters each)", chain("in", "Input", Map.of("shape", List.of(4, 6, 5)),
                "g", "Conv2D", Map.of("filters", 6, "kernel_size", List.of(3, 2), "groups", 2, "padding", "same", "activation", "tanh"),
                "dw", "Conv2D", Map.of("filters", 12, "kernel_size", 3, "groups", 6, "strides", 2, "use_bias", false, "activation", "relu"),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Embedding of a sequence, then a GRU", chain("in", "Input", Map.of("shape", List.of(4)),
                "emb", "Embedding", Map.of("input_dim", 5, "output_dim", 3),
                "g", "GRU", Map.of("units", 2),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Pools padded by pixels: max 3 stride 2 pad 1, average 2×3 pad 1", chain("in", "Input", Map.of("shape", List.of(1, 7, 6)),
                "c", "Conv2D", Map.of("filters", 2, "kernel_size", 1, "activation", "tanh"),
                "m", "MaxPooling2D", Map.of("pool_size", 3, "strides", 2, "padding", 1),
                "a", "AveragePooling2D", Map.of("pool_size", List.of(2, 3), "strides", 1, "padding", 1),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("UpSampling2D bilinear 2 and 3×2", chain("in", "Input", Map.of("shape", List.of(1, 2, 3)),
                "c", "Conv2D", Map.of("filters", 2, "kernel_size", 1, "activation", "tanh"),
                "u1", "UpSampling2D", Map.of("interpolation", "bilinear"),
                "u2", "UpSampling2D", Map.of("size", List.of(3, 2), "interpolation", "bilinear"),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("Conv1D same, strided, dilated, then 1-D pools", chain("in", "Input", Map.of("shape", List.of(9, 3)),
                "c1", "Conv1D", Map.of("filters", 4, "kernel_size", 3, "padding", "same", "activation", "tanh"),
                "c2", "Conv1D", Map.of("filters", 3, "kernel_size", 2, "strides", 2, "dilation_rate", 2, "activation", "softmax"),
                "p1", "MaxPooling1D", Map.of("pool_size", 2, "strides", 1, "padding", "same"),
                "p2", "AveragePooling1D", Map.of("pool_size", 2),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        for (String pool : List.of("GlobalAveragePooling1D", "GlobalMaxPooling1D")) {
            cases.add(Arguments.of("Conv1D + " + pool, chain("in", "Input", Map.of("shape", List.of(6, 2)),
                    "c", "Conv1D", Map.of("filters", 3, "kernel_size", 2, "use_bias", false, "activation", "relu"),
                    "p", pool, Map.of(),
                    "d", "Dense", Map.of("units", 2))));
        }
        cases.add(Arguments.of("Permute [2,1] of a sequence, [3,1,2] and [1,3,2] of images", chain("in", "Input", Map.of("shape", List.of(2, 3, 4)),
                "c", "Conv2D", Map.of("filters", 2, "kernel_size", 1, "activation", "tanh"),
                "p1", "Permute", Map.of("dims", List.of(3, 1, 2)),
                "p2", "Permute", Map.of("dims", List.of(1, 3, 2)),
                "r", "Reshape", Map.of("target_shape", List.of(6, 4)),
                "p3", "Permute", Map.of("dims", List.of(2, 1)),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2))));
        for (String pool : List.of("GlobalAveragePooling2D", "GlobalMaxPooling2D")) {
            cases.add(Arguments.of("Conv2D + " + pool, chain("in", "Input", Map.of("shape", List.of(2, 5, 6)),
                    "c", "Conv2D", Map.of("filters", 3, "kernel_size", 2, "activation", "tanh"),
                    "p", pool, Map.of(),
                    "d", "Dense", Map.of("units", 2))));
        }
        cases.add(Arguments.of("BatchNormalization of vectors", chain("in", "Input", Map.of("shape", List.of(4)),
                "d1", "Dense", Map.of("units", 5),
                "bn", "BatchNormalization", Map.of(),
                "act", "Activation", Map.of("activation", "tanh"),
                "d2", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("BatchNormalization of image channels", chain("in", "Input", Map.of("shape", List.of(1, 4, 4)),
                "c", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "padding", "same"),
                "bn", "BatchNormalization", Map.of("momentum", 0.9),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2, "activation", "sigmoid"))));
        cases.add(Arguments.of("SimpleRNN, last state", chain("in", "Input", Map.of("shape", List.of(12)),
                "d0", "Dense", Map.of("units", 12),
                "seq", "Reshape", Map.of("target_shape", List.of(4, 3)),
                "rnn", "SimpleRNN", Map.of("units", 5),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("SimpleRNN sequences into SimpleRNN", chain("in", "Input", Map.of("shape", List.of(3, 2)),
                "r1", "SimpleRNN", Map.of("units", 4, "return_sequences", true, "activation", "relu"),
                "r2", "SimpleRNN", Map.of("units", 3),
                "d", "Dense", Map.of("units", 1))));
        cases.add(Arguments.of("LSTM, last state", chain("in", "Input", Map.of("shape", List.of(12)),
                "d0", "Dense", Map.of("units", 12),
                "seq", "Reshape", Map.of("target_shape", List.of(4, 3)),
                "lstm", "LSTM", Map.of("units", 3),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("LSTM sequences into LSTM", chain("in", "Input", Map.of("shape", List.of(3, 2)),
                "l1", "LSTM", Map.of("units", 2, "return_sequences", true),
                "l2", "LSTM", Map.of("units", 3),
                "d", "Dense", Map.of("units", 1))));
        cases.add(Arguments.of("GRU, last state", chain("in", "Input", Map.of("shape", List.of(12)),
                "d0", "Dense", Map.of("units", 12),
                "seq", "Reshape", Map.of("target_shape", List.of(4, 3)),
                "gru", "GRU", Map.of("units", 3),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("GRU sequences into GRU, relu", chain("in", "Input", Map.of("shape", List.of(3, 2)),
                "g1", "GRU", Map.of("units", 2, "return_sequences", true, "activation", "relu"),
                "g2", "GRU", Map.of("units", 3),
                "d", "Dense", Map.of("units", 1))));
        for (String merge : List.of("concat", "sum", "mul", "ave")) {
            cases.add(Arguments.of("Bidirectional LSTM sequences, " + merge + ", into a Bidirectional GRU", chain("in", "Input", Map.of("shape", List.of(3, 2)),
                    "b1", "Bidirectional", Map.of("units", 2, "return_sequences", true, "merge_mode", merge),
                    "b2", "Bidirectional", Map.of("layer", "GRU", "units", 2, "merge_mode", merge),
                    "d", "Dense", Map.of("units", 1))));
        }
        cases.add(Arguments.of("Bidirectional SimpleRNN relu, last states", chain("in", "Input", Map.of("shape", List.of(4, 3)),
                "b", "Bidirectional", Map.of("layer", "SimpleRNN", "units", 3, "activation", "relu"),
                "d", "Dense", Map.of("units", 2))));
        cases.add(Arguments.of("RepeatVector into a GRU (a sequence decoder)", chain("in", "Input", Map.of("shape", List.of(3)),
                "code", "Dense", Map.of("units", 2, "activation", "tanh"),
                "steps", "RepeatVector", Map.of("n", 4),
                "g", "GRU", Map.of("units", 2, "return_sequences", true),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 1))));
        cases.add(Arguments.of("GRU of one step", chain("in", "Input", Map.of("shape", List.of(1, 3)),
                "g", "GRU", Map.of("units", 2),
                "d", "Dense", Map.of("units", 1))));
        cases.add(Arguments.of("Sampling with its KL term", new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(4))),
                new Node("h", "Dense", Map.of("units", 5, "activation", "tanh")),
                new Node("mu", "Dense", Map.of("units", 2)),
                new Node("logvar", "Dense", Map.of("units", 2)),
                new Node("z", "Sampling", Map.of("kl_weight", 0.7)),
                new Node("out", "Dense", Map.of("units", 3, "activation", "sigmoid"))),
                List.of(new Edge("in", "h"), new Edge("h", "mu"), new Edge("h", "logvar"), new Edge("mu", "z", 0), new Edge("logvar", "z", 1),
                        new Edge("z", "out")))));
        // fan-out: d1 feeds two branches whose gradients the plan must sum
        cases.add(Arguments.of("Add of two branches (fan-out)", new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(4))),
                new Node("d1", "Dense", Map.of("units", 5, "activation", "tanh")),
                new Node("a", "Dense", Map.of("units", 3, "activation", "sigmoid")),
                new Node("b", "Dense", Map.of("units", 3)),
                new Node("sum", "Add", Map.of()),
                new Node("out", "Dense", Map.of("units", 2))),
                List.of(new Edge("in", "d1"), new Edge("d1", "a"), new Edge("d1", "b"), new Edge("a", "sum", 0), new Edge("b", "sum", 1),
                        new Edge("sum", "out")))));
        for (String merge : List.of("Subtract", "Multiply", "Average", "Maximum", "Minimum")) {
            boolean two = merge.equals("Subtract");
            List<Node> nodes = new ArrayList<>(List.of(new Node("in", "Input", Map.of("shape", List.of(4))),
                    new Node("a", "Dense", Map.of("units", 3, "activation", "tanh")), new Node("b", "Dense", Map.of("units", 3)),
                    new Node("c", "Dense", Map.of("units", 3, "activation", "sigmoid")), new Node("m", merge, Map.of()),
                    new Node("out", "Dense", Map.of("units", 2))));
            List<Edge> edges = new ArrayList<>(List.of(new Edge("in", "a"), new Edge("in", "b"), new Edge("in", "c"), new Edge("a", "m", 0),
                    new Edge("b", "m", 1), new Edge("m", "out")));
            if (!two) {
                edges.add(new Edge("c", "m", 2));
            } else {
                nodes.removeIf(n -> n.id().equals("c"));
                edges.removeIf(e -> e.to().equals("c"));
            }
            cases.add(Arguments.of(merge + " of " + (two ? "two" : "three") + " branches", new Network("main", nodes, edges)));
        }
        cases.add(Arguments.of("Concatenate channels of two convolutions", new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(1, 4, 4))),
                new Node("c1", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "padding", "same")),
                new Node("c2", "Conv2D", Map.of("filters", 1, "kernel_size", 1, "activation", "tanh")),
                new Node("cat", "Concatenate", Map.of("axis", 0)),
                new Node("f", "Flatten", Map.of()),
                new Node("out", "Dense", Map.of("units", 2))),
                List.of(new Edge("in", "c1"), new Edge("in", "c2"), new Edge("c1", "cat", 0), new Edge("c2", "cat", 1),
                        new Edge("cat", "f"), new Edge("f", "out")))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void analyticGradientsMatchFiniteDifferences(String name, Network net) {
        ReferenceBackend b = new ReferenceBackend();
        int batch = 3;
        Plan plan = new Compiler(LayerRegistry.standard()).compile(net, b, batch);
        plan.initialize(7);
        Random random = new Random(99);
        double[] x = inputs(net, random, batch * plan.inputShape().size());
        double[] r = randoms(random, batch * plan.outputShape().size());
        b.writeDouble(plan.input(), x);
        long seed = 12345;
        plan.forward(batch, true, seed);
        b.writeDouble(plan.outputGrad(), r);
        plan.backward(batch);
        for (Parameter p : plan.parameters()) {
            if (p.grad() == null) {
                continue; // state such as running statistics: not trained
            }
            double[] analytic = b.readDouble(p.grad());
            double[] values = b.readDouble(p.value());
            for (int i = 0; i < values.length; i++) {
                double h = 1e-6, saved = values[i];
                values[i] = saved + h;
                double up = objective(b, plan, p.value(), values, batch, seed, r);
                values[i] = saved - h;
                double down = objective(b, plan, p.value(), values, batch, seed, r);
                values[i] = saved;
                b.writeDouble(p.value(), values);
                double numeric = (up - down) / (2 * h);
                assertThat(Math.abs(analytic[i] - numeric))
                        .as("%s d/d %s[%d]: analytic %s numeric %s", name, p.qualifiedName(), i, analytic[i], numeric)
                        .isLessThanOrEqualTo(1e-6 * Math.max(1, Math.abs(numeric)));
            }
        }
    }

    private static double objective(ReferenceBackend b, Plan plan, Tensor param, double[] values, int batch, long seed, double[] r) {
        b.writeDouble(param, values);
        plan.forward(batch, true, seed);
        double[] out = b.readDouble(plan.output());
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += r[i] * out[i];
        }
        // layers' own loss terms (the VAE's KL) enter the loss as their batch mean
        for (org.layercanvas.engine.spi.Tensor aux : plan.auxiliaryLosses()) {
            double[] rows = b.readDouble(aux);
            for (int i = 0; i < batch; i++) {
                s += rows[i] / batch;
            }
        }
        return s;
    }

    /** Gaussian values (net null: any), or for a network with an Embedding its indices: whole numbers below input_dim. */
    static double[] inputs(Network net, Random random, int n) {
        Node embedding = net == null ? null : net.nodes().stream().filter(node -> node.type().equals("Embedding")).findFirst().orElse(null);
        if (embedding == null) {
            return randoms(random, n);
        }
        int tableRows = (Integer) embedding.params().get("input_dim");
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(tableRows);
        }
        return v;
    }

    private static double[] randoms(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }
}
