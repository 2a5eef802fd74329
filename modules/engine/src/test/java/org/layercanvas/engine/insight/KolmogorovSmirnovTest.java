package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {
    @Test
    void kolmogorovDistributionAtTabulatedPoints() {
        assertThat(KolmogorovSmirnov.kolmogorovProbability(1.0)).isCloseTo(0.26999967, offset(1e-8));
        assertThat(KolmogorovSmirnov.kolmogorovProbability(0.5)).isCloseTo(0.96394524, offset(1e-8));
        // the classic 5 % critical value 1.358: 2(e^-3.688 − e^-14.75) = 0.05005
        assertThat(KolmogorovSmirnov.kolmogorovProbability(1.358)).isCloseTo(0.0500, offset(1e-4));
        assertThat(KolmogorovSmirnov.kolmogorovProbability(0)).isEqualTo(1);
        assertThat(KolmogorovSmirnov.kolmogorovProbability(0.05)).isEqualTo(1);
        // at z = 3 only the first term matters: 2 e^-18 ≈ 3.05e-8
        assertThat(KolmogorovSmirnov.kolmogorovProbability(3)).isCloseTo(2 * Math.exp(-18), withPercentage(1e-4));
        assertThat(KolmogorovSmirnov.kolmogorovProbability(40)).isZero();
    }

    @Test
    void theSmallZBranchAgreesWithTheAlternatingSeries() {
        // at z = 0.9 the alternating series still converges: 2(e^-1.62 − e^-6.48 + e^-14.58 − e^-25.92)
        double direct = 2 * (Math.exp(-1.62) - Math.exp(-6.48) + Math.exp(-14.58) - Math.exp(-25.92));
        assertThat(KolmogorovSmirnov.kolmogorovProbability(0.9)).isCloseTo(direct, offset(1e-12));
        assertThat(KolmogorovSmirnov.kolmogorovProbability(Math.nextDown(1.0)))
                .isCloseTo(KolmogorovSmirnov.kolmogorovProbability(1.0), offset(1e-12));
    }

    @Test
    void statisticOfAHandWorkedPair() {
        // pooled order 1a 2a 2.5b 3a 3.5b 4a 5b: gaps .25 .5 .167 .417 .083 .333 → D = 0.5, z = 0.5·√(12/7)
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new float[] {4, 1, 3, 2}, 4, new float[] {5, 2.5f, 3.5f}, 3);
        assertThat(r.statistic()).isCloseTo(0.5, offset(1e-12));
        assertThat(r.z()).isCloseTo(0.5 * Math.sqrt(12 / 7.0), offset(1e-12));
        // z² = 3/7: the alternating series, slow here but still fine to six terms, gives ≈ 0.7848
        double q = 0;
        for (int k = 1; k <= 6; k++) {
            q += 2 * (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * 3 / 7);
        }
        assertThat(r.probability()).isCloseTo(q, offset(1e-9)).isCloseTo(0.7848, offset(1e-4));
    }

    @Test
    void tiesStepBothSamplesBeforeComparing() {
        // a = 1 2 2 3, b = 2 2 4 5: after 1 → .25; after both 2s → .75 vs .5; after 3 → 1 vs .5 → D = 0.5.
        // stepping a's 2s alone would open a false gap of .75 − 0.
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new float[] {2, 1, 3, 2}, 4, new float[] {4, 2, 5, 2}, 4);
        assertThat(r.statistic()).isEqualTo(0.5);
        assertThat(r.z()).isCloseTo(0.5 * Math.sqrt(2), offset(1e-12));
        // signed zeros are one value
        assertThat(KolmogorovSmirnov.test(new float[] {-0.0f}, 1, new float[] {0.0f}, 1).statistic()).isZero();
    }

    @Test
    void identicalAndDisjointSamples() {
        float[] a = {0.3f, 0.1f, 0.7f, 0.7f, 0.2f};
        KolmogorovSmirnov.Result same = KolmogorovSmirnov.test(a, 5, a.clone(), 5);
        assertThat(same.statistic()).isZero();
        assertThat(same.probability()).isEqualTo(1);

        KolmogorovSmirnov.Result apart = KolmogorovSmirnov.test(a, 5, new float[] {1, 2, 3}, 3);
        assertThat(apart.statistic()).isEqualTo(1);
        assertThat(apart.z()).isCloseTo(Math.sqrt(15 / 8.0), offset(1e-12));
    }

    @Test
    void onlyTheFirstNValuesCountAndNaNsAreLeftOut() {
        // a = {1, 2}, b = {1, 2} after dropping the NaN; the 99 lies beyond nb
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(new float[] {1, 2, 99}, 2, new float[] {2, Float.NaN, 1, 99}, 3);
        assertThat(r.statistic()).isZero();
        KolmogorovSmirnov.Result empty = KolmogorovSmirnov.test(new float[] {Float.NaN}, 1, new float[] {1}, 1);
        assertThat(empty.statistic()).isNaN();
        assertThat(empty.probability()).isNaN();
        assertThat(empty.z()).isNaN();
    }
}
