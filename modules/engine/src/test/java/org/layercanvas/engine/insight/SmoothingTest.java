package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class SmoothingTest {
    @Test
    void debiasedAverageIsTheNormalisedGeometricWeighting() {
        // weight 0.5: 1; (0.5·1 + 2)/1.5 = 5/3; (0.25·1 + 0.5·2 + 3)/1.75 = 17/7
        assertThat(Smoothing.debiasedEma(new double[] {1, 2, 3}, 0.5))
                .containsExactly(new double[] {1, 5 / 3.0, 17 / 7.0}, offset(1e-12));
    }

    @Test
    void nonFiniteValuesStayInPlaceAndAreSkippedByTheAverage() {
        double[] out = Smoothing.debiasedEma(new double[] {1, Double.NaN, 2, Double.POSITIVE_INFINITY, 3}, 0.5);
        assertThat(out[1]).isNaN();
        assertThat(out[3]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(new double[] {out[0], out[2], out[4]}).containsExactly(new double[] {1, 5 / 3.0, 17 / 7.0}, offset(1e-12));
    }

    @Test
    void weightZeroIsACopyAndAConstantStaysConstant() {
        double[] v = {4, -1, 7};
        double[] out = Smoothing.debiasedEma(v, 0);
        assertThat(out).containsExactly(4, -1, 7).isNotSameAs(v);
        assertThat(Smoothing.debiasedEma(new double[] {2, 2, 2, 2}, 0.9)).containsExactly(new double[] {2, 2, 2, 2}, offset(1e-12));
    }

    @Test
    void rejectsWeightsOutsideTheUnitInterval() {
        assertThatThrownBy(() -> Smoothing.debiasedEma(new double[1], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Smoothing.debiasedEma(new double[1], -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Smoothing.debiasedEma(new double[1], Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
