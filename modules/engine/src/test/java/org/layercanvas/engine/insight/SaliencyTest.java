package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

/** Saliency maps against finite differences of the same network's output, and the plain case of a linear layer. */
class SaliencyTest {
    private static final LayerRegistry LAYERS = LayerRegistry.standard();

    private static Network cnn() {
        return new Network("cnn", List.of(
                new Node("image", "Input", Map.of("shape", List.of(1, 6, 6))),
                new Node("c", "Conv2D", Map.of("filters", 2, "kernel_size", 3, "activation", "tanh")),
                new Node("p", "MaxPooling2D", Map.of("pool_size", 2)),
                new Node("f", "Flatten", Map.of()),
                new Node("class", "Dense", Map.of("units", 3, "activation", "softmax"))),
                List.of(new Edge("image", "c"), new Edge("c", "p"), new Edge("p", "f"), new Edge("f", "class")));
    }

    @Test
    void gradientOfAClassProbabilityEqualsFiniteDifferences() {
        ReferenceBackend b = new ReferenceBackend();
        try (Plan plan = new Compiler(LAYERS).compile(cnn(), b, 1)) {
            plan.initialize(3);
            float[] sample = new float[36];
            Random r = new Random(5);
            for (int i = 0; i < sample.length; i++) {
                sample[i] = (float) r.nextGaussian();
            }
            int k = 2;
            try (Saliency saliency = new Saliency(cnn(), LAYERS, plan.weights())) {
                Saliency.Result map = saliency.of(sample, k);
                double[] x = new double[36];
                for (int i = 0; i < 36; i++) {
                    x[i] = sample[i];
                }
                assertThat(map.outputs()[k]).isCloseTo((float) output(b, plan, x, k), org.assertj.core.data.Offset.offset(1e-6f));
                for (int i = 0; i < 36; i++) {
                    double h = 1e-6, saved = x[i];
                    x[i] = saved + h;
                    double up = output(b, plan, x, k);
                    x[i] = saved - h;
                    double down = output(b, plan, x, k);
                    x[i] = saved;
                    double numeric = (up - down) / (2 * h);
                    assertThat((double) map.gradient()[i]).as("d p[%d] / d x[%d]", k, i).isCloseTo(numeric,
                            org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(numeric))));
                }
            }
        }
    }

    private static double output(ReferenceBackend b, Plan plan, double[] x, int k) {
        b.writeDouble(plan.input(), x);
        plan.forward(1, false, 0);
        return b.readDouble(plan.output())[k];
    }

    @Test
    void aLinearLayersSaliencyIsTheClassRowOfItsWeights() {
        Network linear = new Network("lin", List.of(new Node("in", "Input", Map.of("shape", List.of(3))),
                new Node("out", "Dense", Map.of("units", 2))), List.of(new Edge("in", "out")));
        try (Plan plan = new Compiler(LAYERS).compile(linear, new ReferenceBackend(), 1);
             Saliency saliency = new Saliency(linear, LAYERS, initialized(plan))) {
            float[] w = plan.weights().stream().filter(t -> t.name().equals("out/weight")).findFirst().orElseThrow().values();
            assertThat(saliency.of(new float[] {0.3f, -1f, 2f}, 1).gradient()).containsExactly(w[3], w[4], w[5]); // [units, in]
            assertThatThrownBy(() -> saliency.of(new float[] {1, 2, 3}, 2)).hasMessage("output 2 does not exist: the network has outputs 0 to 1");
            assertThatThrownBy(() -> saliency.of(new float[] {1, 2}, 0)).hasMessage("a sample of 2 values; the network takes 3");
        }
    }

    private static List<org.layercanvas.engine.api.WeightTensor> initialized(Plan plan) {
        plan.initialize(11);
        return plan.weights();
    }
}
