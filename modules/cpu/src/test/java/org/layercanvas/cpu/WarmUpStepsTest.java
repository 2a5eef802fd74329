package org.layercanvas.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;

/**
 * The CPU backend's warm-up steps before the first epoch leave no trace: a training run with them gives the very
 * weights, batch-norm statistics and losses of the same run on a backend that asks for none.
 */
class WarmUpStepsTest {
    @Test
    void warmUpStepsChangeNoWeightNoStatisticAndNoLoss() {
        CpuBackend warming = new CpuBackend(2);
        assertThat(warming.beginWarmUp()).isPositive();
        Run with = train(warming);
        Run without = train(withoutWarmUp(new CpuBackend(2)));
        assertThat(with.losses()).isEqualTo(without.losses());
        assertThat(with.weights()).hasSameSizeAs(without.weights());
        for (int i = 0; i < with.weights().size(); i++) {
            WeightTensor a = with.weights().get(i), b = without.weights().get(i);
            assertThat(a.name()).isEqualTo(b.name());
            assertThat(a.values()).as(a.name()).containsExactly(b.values());
        }
    }

    private record Run(List<Double> losses, List<WeightTensor> weights) {
    }

    /** Two epochs of a network with every kind of state a step changes: weights, Adam's moments, batch-norm statistics, dropout. */
    private static Run train(Backend backend) {
        List<Node> nodes = List.of(new Node("in", "Input", Map.of("shape", List.of(12))),
                new Node("h", "Dense", Map.of("units", 16, "activation", "relu")),
                new Node("bn", "BatchNormalization", Map.of()),
                new Node("drop", "Dropout", Map.of("rate", 0.3)),
                new Node("out", "Dense", Map.of("units", 3, "activation", "softmax")));
        List<Edge> edges = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            edges.add(new Edge(nodes.get(i - 1).id(), nodes.get(i).id()));
        }
        int count = 200;
        Random r = new Random(5);
        float[] x = new float[count * 12], y = new float[count * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < count; i++) {
            y[i * 3 + r.nextInt(3)] = 1;
        }
        TrainingConfig config = new TrainingConfig("categorical_crossentropy", false, List.of(),
                new OptimizerConfig("adam", Map.of("learning_rate", 0.01)), 32, 2, 42, 0, null);
        List<Double> losses = new ArrayList<>();
        try (Plan plan = new Compiler(LayerRegistry.standard()).compile(new Network("main", nodes, edges), backend, 32)) {
            plan.initialize(1);
            new Trainer(plan, config).fit(new Dataset(x, Shape.of(12), y, Shape.of(3), count), new TrainingListener() {
                @Override
                public void epochEnd(EpochResult e) {
                    losses.add(e.values().get("loss"));
                }
            });
            return new Run(losses, plan.weights());
        }
    }

    /** The backend, but asking the trainer for no warm-up steps. */
    private static Backend withoutWarmUp(Backend backend) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
            if (method.getName().equals("beginWarmUp")) {
                return 0;
            }
            try {
                return method.invoke(backend, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
