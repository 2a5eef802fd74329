package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void aucMatchesAHandCountedCaseWithTies() {
        // positives score 0.9, 0.4, 0.6; negatives 0.1, 0.4, 0.8 → pairs won: 0.9 beats all 3, 0.6 beats 2,
        // 0.4 beats 0.1 and ties 0.4 (half) → (3 + 2 + 1.5) / 9
        float[] p = {0.9f, 0.1f, 0.4f, 0.4f, 0.6f, 0.8f};
        float[] t = {1, 0, 1, 0, 1, 0};
        assertThat(Metrics.compute("auc", p, t, 6, 1)).isCloseTo(6.5 / 9, offset(1e-12));
    }

    @Test
    void accuracyUsesArgmaxOrTheHalfThreshold() {
        assertThat(Metrics.compute("accuracy", new float[] {0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f}, new float[] {0, 1, 0, 0, 0, 1}, 2, 3))
                .isEqualTo(0.5);
        assertThat(Metrics.compute("accuracy", new float[] {1, -1, 1}, new float[] {1, -1, -1}, 3, 1)).isCloseTo(2 / 3.0, offset(1e-12));
        assertThat(Metrics.compute("mae", new float[] {1, 2}, new float[] {0, 4}, 2, 1)).isEqualTo(1.5);
        assertThat(Metrics.compute("mse", new float[] {1, 2}, new float[] {0, 4}, 2, 1)).isEqualTo(2.5);
    }
}
