package org.layercanvas.engine.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.Tensor;

/**
 * Every layer type trained for a step on a backend against the Java reference: the networks of {@link GradientCheckTest}
 * (each layer type, with its options), the same weights and batch, then the output, the input's gradient and every
 * parameter's gradient compared. Layers compose backend ops, so this checks the compositions (block copies, broadcasts,
 * per-group scratch) on each backend, where {@code BackendConformanceTest} checks the ops one by one. A backend's test
 * extends this class.
 */
public abstract class NetworkConformanceTest {
    protected abstract Backend createBackend();

    /** |backend − reference| ≤ tolerance · (1 + |reference|): float through a few layers against double. */
    protected double tolerance() {
        return 2e-4;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.layercanvas.engine.compile.GradientCheckTest#networks")
    void aTrainingStepGivesTheReferencesValues(String name, Network net) {
        int batch = 3;
        Compiler compiler = new Compiler(LayerRegistry.standard());
        try (Plan ref = compiler.compile(net, new ReferenceBackend(), batch); Plan test = compiler.compile(net, createBackend(), batch)) {
            ref.initialize(7);
            test.initialize(7);
            Random random = new Random(99);
            float[] x = floats(GradientCheckTest.inputs(net, random, batch * ref.inputShape().size())), r = floats(GradientCheckTest.inputs(null, random,
                    batch * ref.outputShape().size()));
            long seed = 12345;
            for (Plan p : new Plan[] {ref, test}) {
                p.backend().write(p.input(), x, 0, x.length);
                p.forward(batch, true, seed);
                p.backend().write(p.outputGrad(), r, 0, r.length);
                p.backward(batch);
            }
            assertClose(name + ": output", ref, ref.output(), test, test.output(), r.length);
            if (ref.inputGrad() != null) {
                assertClose(name + ": input gradient", ref, ref.inputGrad(), test, test.inputGrad(), x.length);
            }
            for (int i = 0; i < ref.parameters().size(); i++) {
                Parameter p = ref.parameters().get(i), q = test.parameters().get(i);
                if (p.grad() != null) {
                    assertClose(name + ": d/d " + p.qualifiedName(), ref, p.grad(), test, q.grad(), p.size());
                } else {
                    assertClose(name + ": " + p.qualifiedName() + " (state)", ref, p.value(), test, q.value(), p.size());
                }
            }
        }
    }

    private void assertClose(String what, Plan ref, Tensor expected, Plan test, Tensor actual, int n) {
        float[] e = new float[n], a = new float[n];
        ref.backend().read(expected, e, 0, n);
        test.backend().read(actual, a, 0, n);
        for (int i = 0; i < n; i++) {
            assertThat((double) Math.abs(a[i] - e[i])).as("%s [%d]: %s, the reference %s", what, i, a[i], e[i])
                    .isLessThanOrEqualTo(tolerance() * (1 + Math.abs(e[i])));
        }
    }

    private static float[] floats(double[] values) {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values[i];
        }
        return v;
    }
}
