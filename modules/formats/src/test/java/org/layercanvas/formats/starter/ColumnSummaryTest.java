package org.layercanvas.formats.starter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnSummaryTest {
    @Test
    void rangeAndMeanLeaveNonFiniteValuesOutAndCountThem() {
        ColumnSummary s = ColumnSummary.ofNumbers("x", new float[] {9, 1, Float.NaN, 3, Float.NEGATIVE_INFINITY, 5, 9}, 1, 5);
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.nonFinite()).isEqualTo(2);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.mean()).isEqualTo(3);
        assertThat(s.max()).isEqualTo(5);
        assertThat(s.classes()).as("a column with NaN is no class index column").isZero();
    }

    @Test
    void onlyNonFiniteValuesHaveNoRange() {
        ColumnSummary s = ColumnSummary.ofNumbers("x", new float[] {Float.NaN}, 0, 1);
        assertThat(s.min()).isNaN();
        assertThat(s.mean()).isNaN();
        assertThat(s.nonFinite()).isEqualTo(1);
    }
}
