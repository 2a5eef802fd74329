package org.layercanvas.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/**
 * The fused ops give the values of the ops they replace: a product's bias and activation applied in its epilogue
 * ({@link Epilogue}) against gemm, addBias and activate run one after another on the same backend, and the same for
 * a convolution with addChannelBias. The same bits, except where the JDK's vector exp and tanh are involved: until C2
 * has compiled a caller they run as Math's functions lane by lane, so two calls may differ in the last bit or two.
 */
class EpilogueTest {
    private final CpuBackend cpu = new CpuBackend(2);
    private final Random random = new Random(7);

    @AfterEach
    void close() {
        cpu.close();
    }

    private Tensor random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        Tensor t = cpu.allocate(n);
        cpu.write(t, v, 0, n);
        return t;
    }

    private float[] read(Tensor t, int n) {
        float[] v = new float[n];
        cpu.read(t, v, 0, n);
        return v;
    }

    /** The MLP's layers on both threads, a ragged product, a sample at a time, and one split along k. */
    @ParameterizedTest
    @CsvSource({"128, 256, 784", "128, 10, 128", "37, 129, 65", "1, 257, 784", "6, 40, 8200"})
    void aProductsEpilogueGivesTheBitsOfTheSeparateOps(int m, int n, int k) {
        Tensor a = random(m * k), w = random(n * k), bias = random(n);
        for (Activation f : new Activation[] {Activation.RELU, Activation.SIGMOID, Activation.GELU, Activation.LINEAR}) {
            float alpha = (float) f.defaultAlpha();
            Tensor fusedPre = cpu.allocate(m * n), fusedY = cpu.allocate(m * n), pre = cpu.allocate(m * n), y = cpu.allocate(m * n);
            cpu.gemmBiasActivation(false, true, m, n, k, a, w, fusedPre, bias, f, alpha, fusedY);
            cpu.gemm(false, true, m, n, k, a, w, 0f, pre);
            cpu.addBias(pre, bias, m, n);
            cpu.activate(f, alpha, pre, y, m * n);
            assertThat(read(fusedPre, m * n)).as("%s: values before the activation", f).isEqualTo(read(pre, m * n));
            if (f != Activation.LINEAR) {
                assertSame(read(fusedY, m * n), read(y, m * n), f, f + ": activated values");
            }
        }
    }

    /** LeNet-5's two convolutions (stride 1, filters in the lanes or not) and a strided one, over a batch both threads share. */
    @Test
    void aConvolutionsEpilogueGivesTheBitsOfTheSeparateOps() {
        Window2D[] windows = {Window2D.of(1, 28, 28, 5, 5, 1, "same"), Window2D.of(6, 14, 14, 5, 5, 1, "valid"), Window2D.of(3, 9, 9, 3, 3, 2, "valid")};
        int batch = 19;
        for (Window2D g : windows) {
            for (int filters : new int[] {6, 16, 32}) {
                for (Activation f : new Activation[] {Activation.RELU, Activation.TANH}) {
                    convolutionsAgree(g, filters, batch, f);
                }
            }
        }
    }

    private void convolutionsAgree(Window2D g, int filters, int batch, Activation f) {
        int out = batch * filters * g.positions();
        Tensor x = random(batch * g.inSize()), weight = random(filters * g.patch()), bias = random(filters);
        Tensor cols = cpu.allocate(g.patch() * batch * g.positions()), byFilter = cpu.allocate(out);
        Tensor fusedPre = cpu.allocate(out), fusedY = cpu.allocate(out), pre = cpu.allocate(out), y = cpu.allocate(out);
        cpu.convolutionBiasActivation(x, weight, fusedPre, g, filters, batch, cols, byFilter, bias, f, 0f, fusedY);
        cpu.convolution(x, weight, pre, g, filters, batch, cols, byFilter);
        cpu.addChannelBias(pre, bias, batch, filters, g.positions());
        cpu.activate(f, 0f, pre, y, out);
        String what = g + ", " + filters + " filters, " + f;
        assertThat(read(fusedPre, out)).as("%s: values before the activation", what).isEqualTo(read(pre, out));
        assertSame(read(fusedY, out), read(y, out), f, what + ": activated values");
    }

    /** Equal bits, or within two units in the last place for the activations on the JDK's vector exp and tanh. */
    private static void assertSame(float[] got, float[] want, Activation f, String what) {
        if (f != Activation.SIGMOID && f != Activation.TANH) {
            assertThat(got).as(what).isEqualTo(want);
            return;
        }
        for (int i = 0; i < got.length; i++) {
            assertThat(Math.abs(got[i] - want[i])).as("%s [%d]: %s against %s", what, i, got[i], want[i]).isLessThanOrEqualTo(2 * Math.ulp(want[i]));
        }
    }
}
