package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void automaticRangeSpansTheFiniteValuesWithTheMaximumInTheLastBin() {
        // [0, 4] in 4 bins of width 1: 0 | 1 | 2 | 3 and 4 (4 == hi joins the last bin); NaN outside
        Histogram h = Histogram.of(new float[] {3, 0, 1, 2, 4, Float.NaN}, 0, 6, 4);
        assertThat(h.lo()).isEqualTo(0);
        assertThat(h.hi()).isEqualTo(4);
        assertThat(h.counts()).containsExactly(1, 1, 1, 2);
        assertThat(h.nonFinite()).isEqualTo(1);
        assertThat(h.underflow()).isZero();
        assertThat(h.overflow()).isZero();
        assertThat(h.total()).isEqualTo(6);
        assertThat(h.binWidth()).isEqualTo(1);
        assertThat(h.binCenter(0)).isEqualTo(0.5);
        assertThat(h.binCenter(3)).isEqualTo(3.5);
    }

    @Test
    void fixedRangeCountsUnderflowOverflowAndNonFiniteApart() {
        float[] v = {-1, 0, 0.5f, 1, 2, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        Histogram h = Histogram.of(v, 0, v.length, 0, 1, 2);
        assertThat(h.counts()).containsExactly(1, 2); // 0 | 0.5 and 1
        assertThat(h.underflow()).isEqualTo(1);
        assertThat(h.overflow()).isEqualTo(1);
        assertThat(h.nonFinite()).isEqualTo(3);
        assertThat(h.total()).isEqualTo(8);
        // 3 in-range values, width 0.5: heights 1/1.5 and 2/1.5, area 1
        assertThat(h.density()).containsExactly(new double[] {1 / 1.5, 2 / 1.5}, offset(1e-12));
    }

    @Test
    void onlyTheSliceIsCounted() {
        Histogram h = Histogram.of(new float[] {100, 1, 2, -100}, 1, 2, 2);
        assertThat(h.lo()).isEqualTo(1);
        assertThat(h.hi()).isEqualTo(2);
        assertThat(h.counts()).containsExactly(1, 1);
        assertThat(h.total()).isEqualTo(2);
    }

    @Test
    void aSingleValueGetsAUnitWideRangeAndNoValueGetsZeroToOne() {
        Histogram h = Histogram.of(new float[] {3, 3, 3}, 0, 3, 2);
        assertThat(h.lo()).isEqualTo(2.5);
        assertThat(h.hi()).isEqualTo(3.5);
        assertThat(h.counts()).containsExactly(0, 3); // 3 is the lower edge of the second bin

        Histogram empty = Histogram.of(new float[] {Float.NaN}, 0, 1, 3);
        assertThat(empty.lo()).isEqualTo(0);
        assertThat(empty.hi()).isEqualTo(1);
        assertThat(empty.counts()).containsExactly(0, 0, 0);
        assertThat(empty.density()).containsExactly(0, 0, 0);
        assertThat(empty.nonFinite()).isEqualTo(1);
    }

    @Test
    void countsAreACopy() {
        Histogram h = Histogram.of(new float[] {0, 1}, 0, 2, 1);
        h.counts()[0] = 99;
        assertThat(h.counts()).containsExactly(2);
    }

    @Test
    void rejectsAnEmptyRangeOrNoBins() {
        assertThatThrownBy(() -> Histogram.of(new float[1], 0, 1, 1, 1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Histogram.of(new float[1], 0, 1, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
