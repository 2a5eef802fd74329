package org.layercanvas.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The in-register 16×16 transpose against the definition, on random values at odd offsets and strides. */
class Transpose16Test {
    @Test
    void transposesABlockBetweenStrides() {
        Assumptions.assumeTrue(Transpose16.AVAILABLE, "16-lane vectors (AVX-512) only");
        Random random = new Random(5);
        for (int[] layout : new int[][] {{0, 16, 0, 16}, {3, 37, 5, 32}, {11, 784, 7, 19}}) {
            int src = layout[0], lds = layout[1], dst = layout[2], ldd = layout[3];
            float[] in = new float[src + 15 * lds + 16], out = new float[dst + 15 * ldd + 16];
            for (int i = 0; i < in.length; i++) {
                in[i] = random.nextFloat();
            }
            float[] before = out.clone();
            Transpose16.block(in, src, lds, out, dst, ldd);
            for (int q = 0; q < 16; q++) {
                for (int r = 0; r < 16; r++) {
                    assertThat(out[dst + q * ldd + r]).as("row %d lane %d, layout %s", q, r, java.util.Arrays.toString(layout))
                            .isEqualTo(in[src + r * lds + q]);
                    before[dst + q * ldd + r] = out[dst + q * ldd + r];
                }
            }
            assertThat(out).as("nothing written outside the block").containsExactly(before);
        }
    }
}
