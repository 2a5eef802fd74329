package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
    @Test
    void argmaxClassesWithTheFirstMaximumWinning() {
        float[] targets = {
            1, 0, 0,
            1, 0, 0,
            0, 1, 0,
            0, 0.2f, 0.8f, // a probability target: class 2
        };
        float[] predictions = {
            0.7f, 0.2f, 0.1f, // 0
            0.4f, 0.4f, 0.2f, // tie between 0 and 1: first wins, 0
            0.5f, 0.1f, 0.5f, // tie between 0 and 2: 0
            0.1f, 0.1f, 0.8f, // 2
        };
        ConfusionMatrix m = ConfusionMatrix.of(predictions, targets, 4, 3);
        assertThat(m.classes()).isEqualTo(3);
        assertThat(m.total()).isEqualTo(4);
        assertThat(m.count(0, 0)).isEqualTo(2);
        assertThat(m.count(1, 0)).isEqualTo(1);
        assertThat(m.count(2, 2)).isEqualTo(1);
        assertThat(m.count(1, 1)).isZero();
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.recall(0)).isEqualTo(1);
        assertThat(m.recall(1)).isZero();
        assertThat(m.precision(0)).isCloseTo(2 / 3.0, offset(1e-12));
        assertThat(m.precision(1)).isNaN(); // class 1 is never predicted
        assertThat(m.rowNormalized()[0]).containsExactly(1, 0, 0);
        assertThat(m.rowNormalized()[1]).containsExactly(1, 0, 0);
        assertThat(m.rowNormalized()[2]).containsExactly(0, 0, 1);
    }

    @Test
    void oneOutputIsTwoClassesSplitAboveHalf() {
        // probabilities against 0/1: true 1 → 0.9 (1), 0.5 (0, not above 0.5); true 0 → 0.2 (0), 0.6 (1)
        ConfusionMatrix p = ConfusionMatrix.of(new float[] {0.9f, 0.5f, 0.2f, 0.6f}, new float[] {1, 1, 0, 0}, 4, 1);
        assertThat(p.classes()).isEqualTo(2);
        assertThat(p.count(1, 1)).isEqualTo(1);
        assertThat(p.count(1, 0)).isEqualTo(1);
        assertThat(p.count(0, 0)).isEqualTo(1);
        assertThat(p.count(0, 1)).isEqualTo(1);
        assertThat(p.accuracy()).isEqualTo(0.5);

        // ±1 sign outputs against ±1 targets: -1 is class 0
        ConfusionMatrix s = ConfusionMatrix.of(new float[] {1, -1, 1}, new float[] {1, -1, -1}, 3, 1);
        assertThat(s.count(1, 1)).isEqualTo(1);
        assertThat(s.count(0, 0)).isEqualTo(1);
        assertThat(s.count(0, 1)).isEqualTo(1);
        assertThat(s.accuracy()).isCloseTo(2 / 3.0, offset(1e-12));
        assertThat(s.precision(1)).isEqualTo(0.5);
        assertThat(s.recall(0)).isEqualTo(0.5);
    }

    @Test
    void emptyRowsAreNaN() {
        ConfusionMatrix m = ConfusionMatrix.of(new float[] {0.9f}, new float[] {1}, 1, 1);
        assertThat(m.recall(0)).isNaN();
        assertThat(m.rowNormalized()[0]).containsExactly(Double.NaN, Double.NaN);
        assertThat(m.rowNormalized()[1]).containsExactly(0, 1);
        assertThat(ConfusionMatrix.of(new float[0], new float[0], 0, 3).accuracy()).isNaN();
    }
}
