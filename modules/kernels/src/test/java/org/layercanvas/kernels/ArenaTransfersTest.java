package org.layercanvas.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Tensor;

/**
 * Guards the transfer bookkeeping: values survive the switch from host to device truth and an
 * arena growth, host writes between launches reach the next launch, state stays on the device
 * across steps, and a device copy rebuilt from the stale host array is detected.
 */
class ArenaTransfersTest {
    private static AparapiBackend open(String kind) {
        return kind.equals("jtp") ? AparapiBackend.threadPool() : AparapiBackend.openCl(OpenClRequirement.firstDevice());
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencl", "jtp"})
    void hostWritesAndArenaGrowthKeepEveryValue(String kind) {
        try (AparapiBackend b = open(kind)) {
            Tensor x = b.allocate(5), y = b.allocate(5), sum = b.allocate(5);
            b.write(x, new float[] {1, 2, 3, 4, 5}, 0, 5);
            b.write(y, new float[] {9, 9, 10, 20, 30, 40, 50}, 2, 5);
            b.add(x, y, sum, 5);                       // first launch: the device becomes the truth
            Tensor big = b.allocate(100_000);          // grows the arena
            float[] out = new float[5];
            b.read(sum, out, 0, 5);
            assertThat(out).containsExactly(11, 22, 33, 44, 55);
            float[] fresh = new float[3];
            b.read(big, fresh, 0, 3);
            assertThat(fresh).containsExactly(0, 0, 0);
            b.write(x, new float[] {-1, -1, -1, -1, -1}, 0, 5);
            b.add(x, sum, sum, 5);
            b.read(sum, out, 0, 5);
            assertThat(out).containsExactly(10, 21, 32, 43, 54);
            b.write(x, new float[] {100, 100, 100, 100, 100}, 0, 5); // a host write straight after a read
            b.mul(x, sum, sum, 5);
            b.read(sum, out, 0, 5);
            assertThat(out).containsExactly(1000, 2100, 3200, 4300, 5400);
            assertThat(b.launches()).isGreaterThanOrEqualTo(6);
        }
    }

    /** A training loop's pattern: new gradients written from the host, parameters and moments never read until the end. */
    @ParameterizedTest
    @ValueSource(strings = {"opencl", "jtp"})
    void optimizerStateStaysOnTheDeviceAcrossSteps(String kind) {
        int n = 1000;
        Random random = new Random(7);
        float[] p0 = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i] = (float) random.nextGaussian();
        }
        ReferenceBackend ref = new ReferenceBackend();
        try (AparapiBackend b = open(kind)) {
            Backend[] backends = {b, ref};
            Tensor[][] t = new Tensor[2][];
            for (int k = 0; k < 2; k++) {
                Backend be = backends[k];
                t[k] = new Tensor[] {be.allocate(n), be.allocate(n), be.allocate(n), be.allocate(n)};
                be.write(t[k][0], p0, 0, n);
            }
            for (int step = 1; step <= 3; step++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) random.nextGaussian();
                }
                for (int k = 0; k < 2; k++) {
                    backends[k].write(t[k][1], g, 0, n);
                    backends[k].adamStep(t[k][0], t[k][1], t[k][2], t[k][3], n, 0.01f, 0.9f, 0.999f, 1e-7f, step);
                }
            }
            float[] got = new float[n];
            b.read(t[0][0], got, 0, n);
            double[] want = ref.readDouble(t[1][0]);
            for (int i = 0; i < n; i++) {
                assertThat((double) got[i]).as("p[%d]", i).isCloseTo(want[i], within(2e-5 * Math.max(1, Math.abs(want[i]))));
            }
            assertThat(b.opsRun()).contains("adam", "copyIn", "copyOut");
        }
    }

    /** Garbage and explicit GCs between launches must not lose device state (Aparapi re-creates buffers of moved arrays). */
    @ParameterizedTest
    @ValueSource(strings = {"opencl", "jtp"})
    void deviceStateSurvivesGarbageCollections(String kind) {
        try (AparapiBackend b = open(kind)) {
            Tensor x = b.allocate(64);
            b.fill(x, 3f, 64);
            for (int round = 0; round < 3; round++) {
                byte[][] garbage = new byte[200][];
                for (int i = 0; i < garbage.length; i++) {
                    garbage[i] = new byte[10_000];
                }
                System.gc();
                b.add(x, x, x, 64);
            }
            float[] out = new float[64];
            b.read(x, out, 0, 64);
            assertThat(out).containsOnly(24f);
        }
    }

    /** Simulates what Aparapi does after the JVM moved the arena: the device copy is rebuilt from the stale host array. */
    @ParameterizedTest
    @ValueSource(strings = {"opencl", "jtp"})
    void aDeviceCopyRebuiltFromTheHostIsDetected(String kind) {
        try (AparapiBackend b = open(kind)) {
            Tensor x = b.allocate(8);
            b.fill(x, 2f, 8);
            DeviceKernel k = b.kernel();
            k.mem[0] = 0f;      // the host copy's canary
            k.put(k.mem);       // upload the stale host array over the device's
            assertThatThrownBy(() -> b.read(x, new float[8], 0, 8))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("device memory lost");
        }
    }

    @Test
    void devicesReportWhatWasFound() {
        assertThat(Devices.report()).isNotEmpty().first().asString().startsWith("OpenCL:");
        assertThat(Devices.report()).last().asString().startsWith("Aparapi would use:");
        System.out.println("devices: " + String.join(" | ", Devices.report()));
    }
}
