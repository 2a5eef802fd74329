package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void handComputedStatistics() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population variance 32/8 = 4, Σx² = 232
        Summary s = Summary.of(new float[] {2, 4, 4, 4, 5, 5, 7, 9}, 0, 8);
        assertThat(s.count()).isEqualTo(8);
        assertThat(s.mean()).isEqualTo(5);
        assertThat(s.std()).isCloseTo(2, offset(1e-12));
        assertThat(s.min()).isEqualTo(2);
        assertThat(s.max()).isEqualTo(9);
        assertThat(s.l2Norm()).isCloseTo(Math.sqrt(232), offset(1e-12));
        assertThat(s.zeroFraction()).isZero();
        assertThat(s.nonFiniteFraction()).isZero();
    }

    @Test
    void nonFiniteValuesAreReportedButLeftOutOfTheMoments() {
        // slice {0, NaN, 3, -0.0, +Inf}: finite 0, 3, -0 → mean 1, variance (1 + 4 + 1)/3 = 2
        Summary s = Summary.of(new float[] {42, 0, Float.NaN, 3, -0.0f, Float.POSITIVE_INFINITY}, 1, 5);
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.mean()).isCloseTo(1, offset(1e-12));
        assertThat(s.std()).isCloseTo(Math.sqrt(2), offset(1e-12));
        assertThat(s.min()).isEqualTo(0);
        assertThat(s.max()).isEqualTo(3);
        assertThat(s.l2Norm()).isEqualTo(3);
        assertThat(s.zeroFraction()).isEqualTo(0.4);
        assertThat(s.nonFiniteFraction()).isEqualTo(0.4);
    }

    @Test
    void noFiniteValueGivesNaNMomentsAndNoValueNaNFractions() {
        Summary s = Summary.of(new float[] {Float.NaN}, 0, 1);
        assertThat(s.mean()).isNaN();
        assertThat(s.std()).isNaN();
        assertThat(s.min()).isNaN();
        assertThat(s.max()).isNaN();
        assertThat(s.l2Norm()).isZero();
        assertThat(s.nonFiniteFraction()).isEqualTo(1);

        Summary none = Summary.of(new float[0], 0, 0);
        assertThat(none.count()).isZero();
        assertThat(none.zeroFraction()).isNaN();
    }

    @Test
    void theMeanDoesNotCancelForALargeOffset() {
        // float sums of 1e7 + {0, 1} would lose the spread; exact answer mean 1e7 + 0.5, std 0.5
        Summary s = Summary.of(new float[] {1e7f, 1e7f + 1, 1e7f, 1e7f + 1}, 0, 4);
        assertThat(s.mean()).isCloseTo(1e7 + 0.5, offset(1e-9));
        assertThat(s.std()).isCloseTo(0.5, offset(1e-9));
    }

    @Test
    void l2DistanceOfAnUpdate() {
        float[] before = {9, 1, 2, 3}, after = {-9, 4, 6, 3};
        // over indices 1..3: (3, 4, 0) → 5
        assertThat(Summary.l2Distance(after, before, 1, 3)).isEqualTo(5);
    }
}
