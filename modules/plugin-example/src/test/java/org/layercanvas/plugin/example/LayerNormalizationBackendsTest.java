package org.layercanvas.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.layercanvas.engine.Networks.chain;

import com.aparapi.device.OpenCLDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.cpu.CpuBackend;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.kernels.AparapiBackend;
import org.layercanvas.kernels.Devices;

/**
 * The same networks with LayerNormalization, weights, batch and output gradient, forward (training and
 * inference) and backward on every production backend against the reference backend: the layer is
 * made of Backend ops only, so it must run unchanged on each. A batch smaller than the plan's maximum
 * checks that only the batch's rows are used. OpenCL (PoCL in CI) is required as in modules/kernels'
 * OpenClRequirement: without a device the test fails, unless -Dlayercanvas.requireOpenCL=false makes it a skip.
 */
class LayerNormalizationBackendsTest {
    private static final int MAX_BATCH = 8, BATCH = 5;
    private static final double TOLERANCE = 1e-4;

    static Stream<Arguments> cases() {
        Network vectors = chain("in", "Input", Map.of("shape", List.of(7)),
                "d1", "Dense", Map.of("units", 12),
                "ln", "LayerNormalization", Map.of(),
                "act", "Activation", Map.of("activation", "tanh"),
                "d2", "Dense", Map.of("units", 3));
        Network sequences = chain("in", "Input", Map.of("shape", List.of(4, 9)),
                "ln", "LayerNormalization", Map.of("epsilon", 1e-5),
                "f", "Flatten", Map.of(),
                "d", "Dense", Map.of("units", 2));
        List<Arguments> out = new ArrayList<>();
        for (String backend : List.of("cpu", "jtp", "opencl")) {
            out.add(Arguments.of(backend, "Dense → LayerNormalization of vectors", vectors));
            out.add(Arguments.of(backend, "LayerNormalization of [4,9] sequences", sequences));
        }
        return out.stream();
    }

    private static Backend create(String name) {
        return switch (name) {
            case "cpu" -> new CpuBackend(2);
            case "jtp" -> AparapiBackend.threadPool();
            default -> AparapiBackend.openCl(firstOpenClDevice());
        };
    }

    private static OpenCLDevice firstOpenClDevice() {
        List<OpenCLDevice> devices = Devices.openCl();
        if (devices.isEmpty()) {
            assumeTrue(!"true".equals(System.getProperty("layercanvas.requireOpenCL", "true")), "no OpenCL device and layercanvas.requireOpenCL=false");
            throw new AssertionError("no OpenCL device found (" + String.join("; ", Devices.report())
                    + "): install pocl-opencl-icd, or run with -Dlayercanvas.requireOpenCL=false");
        }
        return devices.get(0);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void forwardAndBackwardMatchTheReference(String backendName, String what, Network net) {
        Compiler compiler = new Compiler(LayerRegistry.standard());
        try (Plan ref = compiler.compile(net, new ReferenceBackend(), MAX_BATCH, true);
             Plan test = compiler.compile(net, create(backendName), MAX_BATCH, true)) {
            assertThat(test.backend().name()).isEqualTo(backendName);
            Random random = new Random(what.hashCode());
            List<WeightTensor> weights = new ArrayList<>();
            for (WeightTensor w : ref.weights()) {
                weights.add(new WeightTensor(w.name(), w.shape(), randoms(random, w.values().length)));
            }
            ref.loadWeights(weights);
            test.loadWeights(weights);
            float[] x = randoms(random, BATCH * ref.inputShape().size()), dy = randoms(random, BATCH * ref.outputShape().size());
            double worst = 0;
            for (boolean training : new boolean[] {false, true}) {
                for (Plan p : List.of(ref, test)) {
                    p.backend().write(p.input(), x, 0, x.length);
                    p.forward(BATCH, training, 3);
                }
                worst = Math.max(worst, compare(ref, test, ref.output(), test.output(), dy.length, "output, training=" + training));
            }
            for (Plan p : List.of(ref, test)) {
                p.backend().write(p.outputGrad(), dy, 0, dy.length);
                p.backward(BATCH);
            }
            worst = Math.max(worst, compare(ref, test, ref.inputGrad(), test.inputGrad(), x.length, "input gradient"));
            for (int i = 0; i < ref.parameters().size(); i++) {
                Parameter r = ref.parameters().get(i), t = test.parameters().get(i);
                worst = Math.max(worst, compare(ref, test, r.grad(), t.grad(), r.size(), "gradient of " + r.qualifiedName()));
            }
            if (test.backend() instanceof AparapiBackend aparapi) {
                assertThat(aparapi.lastRanOnOpenCl()).as("last launch ran on OpenCL").isEqualTo(backendName.equals("opencl"));
            }
            System.out.printf("LayerNormalization on %s, %s: max |difference| from the reference %.3g%n", backendName, what, worst);
        }
    }

    /** Checks the first {@code n} values with a relative tolerance (as BackendConformanceTest does); returns the largest absolute difference. */
    private static double compare(Plan ref, Plan test, Tensor want, Tensor got, int n, String what) {
        double[] w = ((ReferenceBackend) ref.backend()).readDouble(want);
        float[] g = new float[n];
        test.backend().read(got, g, 0, n);
        double scale = 0, worst = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(w[i]));
        }
        for (int i = 0; i < n; i++) {
            double err = Math.abs(g[i] - w[i]);
            worst = Math.max(worst, err);
            assertThat(err).as("%s[%d]: got %s, want %s", what, i, g[i], w[i])
                    .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.max(Math.abs(w[i]), 0.1 * scale)));
        }
        return worst;
    }

    private static float[] randoms(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
