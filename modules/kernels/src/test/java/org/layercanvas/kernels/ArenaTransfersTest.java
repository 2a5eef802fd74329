package org.layercanvas.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layercanvas.engine.spi.Tensor;

/**
 * Guards the transfer bookkeeping: values survive the switch from host to device truth and an
 * arena growth, host writes between launches reach the next launch, and fresh tensors are zero.
 */
class ArenaTransfersTest {
    @ParameterizedTest
    @ValueSource(strings = {"opencl", "jtp"})
    void hostWritesAndArenaGrowthKeepEveryValue(String kind) {
        assumeTrue(kind.equals("jtp") || !Devices.openCl().isEmpty(), "no OpenCL device");
        try (AparapiBackend b = kind.equals("jtp") ? AparapiBackend.threadPool() : (AparapiBackend) new OpenClBackendProvider().create()) {
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
            assertThat(b.launches()).isGreaterThanOrEqualTo(4);
        }
    }
}
