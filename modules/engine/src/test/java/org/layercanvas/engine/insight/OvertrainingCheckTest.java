package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OvertrainingCheckTest {
    static final int N = 2000;

    /** Alternating signal/background rows; signal scores centred on 1 + signalShift, background on 0. */
    static float[][] sample(Random rnd, double signalShift) {
        float[] scores = new float[N], targets = new float[N];
        for (int i = 0; i < N; i++) {
            targets[i] = i % 2;
            scores[i] = (float) (rnd.nextGaussian() + (targets[i] == 1 ? 1 + signalShift : 0));
        }
        return new float[][] {scores, targets};
    }

    @Test
    void sameDistributionPassesAndHistogramsShareOneRange() {
        Random rnd = new Random(2024);
        float[][] train = sample(rnd, 0), test = sample(rnd, 0);
        OvertrainingCheck c = OvertrainingCheck.of(train[0], train[1], N, test[0], test[1], N, 40);
        assertThat(c.signalKs().probability()).isGreaterThan(0.01);
        assertThat(c.backgroundKs().probability()).isGreaterThan(0.01);

        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float[] s : new float[][] {train[0], test[0]}) {
            for (float v : s) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        for (Histogram h : new Histogram[] {c.signalTrain(), c.backgroundTrain(), c.signalTest(), c.backgroundTest()}) {
            assertThat(h.lo()).isEqualTo(min);
            assertThat(h.hi()).isEqualTo(max);
            assertThat(h.bins()).isEqualTo(40);
            assertThat(Arrays.stream(h.counts()).sum()).isEqualTo(N / 2); // every row in range, half per class
        }
    }

    @Test
    void aShiftedTestSampleFailsForThatClassOnly() {
        Random rnd = new Random(99);
        float[][] train = sample(rnd, 0), test = sample(rnd, 0.5);
        OvertrainingCheck c = OvertrainingCheck.of(train[0], train[1], N, test[0], test[1], N, 40);
        assertThat(c.signalKs().probability()).isLessThan(1e-6);
        assertThat(c.backgroundKs().probability()).isGreaterThan(0.01);
    }

    @Test
    void theClassesGoToTheirOwnHistograms() {
        // train: signal 0.9, background 0.1 and 0.2; test: signal 0.8 and 0.9, background 0.1 → range [0.1, 0.9]
        OvertrainingCheck c = OvertrainingCheck.of(new float[] {0.9f, 0.1f, 0.2f}, new float[] {1, 0, 0}, 3,
                new float[] {0.1f, 0.8f, 0.9f, 0.5f}, new float[] {0, 1, 1, 1}, 3, 2);
        assertThat(c.signalTrain().counts()).containsExactly(0, 1);
        assertThat(c.backgroundTrain().counts()).containsExactly(2, 0);
        assertThat(c.signalTest().counts()).containsExactly(0, 2);
        assertThat(c.backgroundTest().counts()).containsExactly(1, 0);
        assertThat(c.signalTest().lo()).isEqualTo(0.1f);
        assertThat(c.signalTest().hi()).isEqualTo(0.9f);
        assertThat(c.signalKs().statistic()).isEqualTo(0.5); // {0.9} vs {0.8, 0.9}
        assertThat(c.backgroundKs().statistic()).isEqualTo(0.5); // {0.1, 0.2} vs {0.1}
    }
}
