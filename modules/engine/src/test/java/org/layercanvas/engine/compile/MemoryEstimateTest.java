package org.layercanvas.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layercanvas.engine.Networks.chain;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.OptimizerConfig;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;
import org.layercanvas.engine.validate.Validator;

class MemoryEstimateTest {
    private static final Compiler COMPILER = new Compiler(LayerRegistry.standard());

    /** A backend that counts every value allocated through it, so the estimate is checked against real allocation. */
    private static Backend counting(Backend real, AtomicLong allocated) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (proxy, m, args) -> {
            if (m.getName().equals("allocate")) {
                allocated.addAndGet((int) args[0]);
            }
            try {
                return m.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** Every kind of tensor: convolution's unfolded patches, pooling's argmax, batch norm's state, dropout's mask, a fan-out. */
    private static Network everyKind() {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        Object[] spec = {
            "in", "Input", Map.of("shape", List.of(1, 8, 8)),
            "c", "Conv2D", Map.of("filters", 3, "kernel_size", 3, "padding", "same", "activation", "relu"),
            "bn", "BatchNormalization", Map.of(),
            "p", "MaxPooling2D", Map.of("pool_size", 2),
            "f", "Flatten", Map.of(),
            "drop", "Dropout", Map.of("rate", 0.2),
            "a", "Dense", Map.of("units", 5, "activation", "tanh"),
            "b", "Dense", Map.of("units", 5),
            "sum", "Add", Map.of(),
            "out", "Dense", Map.of("units", 3, "activation", "softmax")};
        for (int i = 0; i < spec.length; i += 3) {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) spec[i + 2];
            nodes.add(new Node((String) spec[i], (String) spec[i + 1], new LinkedHashMap<>(params)));
        }
        for (String[] e : new String[][]{{"in", "c"}, {"c", "bn"}, {"bn", "p"}, {"p", "f"}, {"f", "drop"}, {"drop", "a"},
            {"drop", "b"}, {"sum", "out"}}) {
            edges.add(new Edge(e[0], e[1]));
        }
        edges.add(new Edge("a", "sum", 0));
        edges.add(new Edge("b", "sum", 1));
        return new Network("main", nodes, edges);
    }

    @Test
    void estimateEqualsWhatCompilingAndTrainingAllocate() {
        for (OptimizerConfig optimizer : List.of(new OptimizerConfig("adam", Map.of()), new OptimizerConfig("sgd", Map.of("momentum", 0.9)),
                new OptimizerConfig("rmsprop", Map.of()), new OptimizerConfig("sgd", Map.of()))) {
            Network net = everyKind();
            int batch = 4;
            Compiler compiler = COMPILER.withOptimizer(optimizer);
            MemoryEstimate estimate = compiler.estimate(net, new Validator(LayerRegistry.standard()).validate(net), batch, false);
            AtomicLong allocated = new AtomicLong();
            Plan plan = compiler.compile(net, counting(new ReferenceBackend(), allocated), batch);
            plan.initialize(1);
            Trainer trainer = new Trainer(plan, new TrainingConfig("categorical_crossentropy", false, List.of(), optimizer, batch, 1, 1, 0, null));
            float[] x = new float[6 * 64], y = new float[6 * 3];
            for (int i = 0; i < 6; i++) {
                y[i * 3 + i % 3] = 1;
            }
            trainer.fit(new Dataset(x, Shape.of(1, 8, 8), y, Shape.of(3), 6), TrainingListener.NONE);
            assertThat(estimate.elements()).as(optimizer.toString()).isEqualTo(allocated.get());
            assertThat(estimate.optimizerState()).isEqualTo(MemoryEstimate.optimizerSlots(optimizer) * plan.validation().totalParameterCount());
        }
    }

    @Test
    void estimateMatchesTheHeapTheTensorsTake() {
        // about 100 MB in doubles: big enough that the heap's own noise is small against it
        Network net = chain("in", "Input", Map.of("shape", List.of(1000)), "h", "Dense", Map.of("units", 1000, "activation", "relu"),
                "out", "Dense", Map.of("units", 1000));
        Compiler compiler = COMPILER.withOptimizer(new OptimizerConfig("adam", Map.of()));
        MemoryEstimate estimate = compiler.estimate(net, new Validator(LayerRegistry.standard()).validate(net), 1000, false);
        // The Trainer's tensors (optimizer state, targets) are left out here: the plan alone is measured
        long planBytes = (estimate.elements() - estimate.optimizerState() - estimate.loss()) * Double.BYTES;
        long before = usedAfterGc();
        Plan plan = compiler.compile(net, new ReferenceBackend(), 1000);
        long measured = usedAfterGc() - before;
        System.out.printf("estimate %d bytes, heap grew by %d bytes%n", planBytes, measured);
        // G1 rounds each array over half a region up to whole regions: 8 MB arrays take 5% more than their bytes
        assertThat((double) measured).isCloseTo(planBytes, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(plan.maxBatch()).isEqualTo(1000); // keeps the plan reachable until measured
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void unitsOfTwoBillionNameTheNodeInsteadOfOverflowing() {
        Network wide = chain("in", "Input", Map.of("shape", List.of(784)), "d", "Dense", Map.of("units", 2_000_000_000));
        assertThatThrownBy(() -> COMPILER.compile(wide, new ReferenceBackend(), 32)).isInstanceOf(GraphException.class)
                .hasMessageContaining("Dense 'd'").hasMessageContaining("[2000000000,784] has 1568000000000 values, more than a Java array holds");
        // one input: the kernel fits an array, the batch of outputs does not
        Network narrow = chain("in", "Input", Map.of("shape", List.of(1)), "d", "Dense", Map.of("units", 2_000_000_000));
        assertThatThrownBy(() -> COMPILER.compile(narrow, new ReferenceBackend(), 32)).isInstanceOf(GraphException.class)
                .hasMessageContaining("Dense 'd' needs an output tensor of 32 × 2000000000 = 64000000000 values");
    }

    @Test
    void aMillionByAMillionDenseIsAValidationProblemOfItsNode() {
        Network net = chain("in", "Input", Map.of("shape", List.of(1_000_000)), "big", "Dense", Map.of("units", 1_000_000));
        var v = new Validator(LayerRegistry.standard()).validate(net);
        assertThat(v.problemsOf("big")).singleElement().extracting(p -> p.message()).asString()
                .contains("Dense 'big'").contains("1000000000000 values, more than a Java array holds (2147483639)");
    }

    @Test
    void aNetworkBeyondTheHeapIsRefusedWithItsFigureBeforeAllocating() {
        // Dense layers of 40000 × 40000 (6.4 GB each with gradient and Adam's moments), as many as outgrow this JVM
        long perLayer = 4L * 40_000 * 40_000 * Float.BYTES;
        int layers = (int) (Runtime.getRuntime().maxMemory() / perLayer) + 1;
        Object[] spec = new Object[3 * (layers + 1)];
        spec[0] = "in";
        spec[1] = "Input";
        spec[2] = Map.of("shape", List.of(40_000));
        for (int i = 1; i <= layers; i++) {
            spec[3 * i] = "d" + i;
            spec[3 * i + 1] = "Dense";
            spec[3 * i + 2] = Map.of("units", 40_000);
        }
        Network net = chain(spec);
        AtomicLong allocated = new AtomicLong();
        Backend backend = counting(new ReferenceBackend(), allocated);
        assertThatThrownBy(() -> COMPILER.withOptimizer(new OptimizerConfig("adam", Map.of())).compile(net, backend, 128))
                .isInstanceOf(MemoryLimitException.class)
                .hasMessageMatching("network 'main' needs [0-9.]+ GB for training at batch 128, the JVM may use [0-9.]+ [MG]B: "
                        + "lower the batch size or raise -Xmx \\(LAYERCANVAS_JAVA_OPTS\\)");
        assertThat(allocated.get()).isZero();
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertThat(MemoryEstimate.format(999)).isEqualTo("999 bytes");
        assertThat(MemoryEstimate.format(1_234_567)).isEqualTo("1.2 MB");
        assertThat(MemoryEstimate.format(3_865_470_566L)).isEqualTo("3.6 GB");
        assertThat(MemoryEstimate.format(536_870_912)).isEqualTo("512 MB");
    }
}
