package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocCurveTest {
    static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void handComputedCurve() {
        // by decreasing score: 0.8 signal, 0.4 background, 0.35 signal, 0.1 background (2 of each)
        RocCurve roc = RocCurve.of(new float[] {0.1f, 0.4f, 0.35f, 0.8f}, new float[] {0, 0, 1, 1}, 4);
        assertThat(roc.falsePositiveRate()).containsExactly(0, 0, 0.5, 0.5, 1);
        assertThat(roc.truePositiveRate()).containsExactly(0, 0.5, 0.5, 1, 1);
        assertThat(roc.thresholds()).containsExactly(INF, 0.8f, 0.4f, 0.35f, 0.1f);
        assertThat(roc.auc()).isEqualTo(0.75);
        assertThat(roc.signalEfficiency()).containsExactly(0, 0.5, 0.5, 1, 1);
        assertThat(roc.backgroundRejection()).containsExactly(1, 1, 0.5, 0.5, 0);
    }

    @Test
    void tiedScoresFormOnePointAndADiagonal() {
        // 0.9 signal; the 0.5 group holds 1 signal and 2 background; 0.1 background. P = 2, N = 3.
        // Mann–Whitney: 0.9 beats 3 backgrounds, the 0.5 signal ties 2 (half each) and beats 0.1 → 5/6
        RocCurve roc = RocCurve.of(new float[] {0.5f, 0.5f, 0.5f, 0.9f, 0.1f}, new float[] {1, 0, 0, 1, 0}, 5);
        assertThat(roc.falsePositiveRate()).containsExactly(new double[] {0, 0, 2 / 3.0, 1}, offset(1e-15));
        assertThat(roc.truePositiveRate()).containsExactly(0, 0.5, 1, 1);
        assertThat(roc.thresholds()).containsExactly(INF, 0.9f, 0.5f, 0.1f);
        assertThat(roc.auc()).isCloseTo(5 / 6.0, offset(1e-12));
    }

    @Test
    void perfectInvertedAndConstantClassifiers() {
        float[] t = {1, 1, 0, 0};
        RocCurve perfect = RocCurve.of(new float[] {0.9f, 0.8f, 0.2f, 0.1f}, t, 4);
        assertThat(perfect.falsePositiveRate()).containsExactly(0, 0, 0, 0.5, 1);
        assertThat(perfect.truePositiveRate()).containsExactly(0, 0.5, 1, 1, 1);
        assertThat(perfect.auc()).isEqualTo(1);
        assertThat(RocCurve.of(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, t, 4).auc()).isEqualTo(0);
        RocCurve constant = RocCurve.of(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, t, 4);
        assertThat(constant.falsePositiveRate()).containsExactly(0, 1);
        assertThat(constant.truePositiveRate()).containsExactly(0, 1);
        assertThat(constant.auc()).isEqualTo(0.5);
    }

    @Test
    void negativeScoresOrderBelowPositiveAndSignedZerosTie() {
        // -2 background, -0.0 signal and 0.0 background tie, 1 signal
        RocCurve roc = RocCurve.of(new float[] {-2, -0.0f, 0.0f, 1}, new float[] {0, 1, 0, 1}, 4);
        assertThat(roc.falsePositiveRate()).containsExactly(0, 0, 0.5, 1);
        assertThat(roc.truePositiveRate()).containsExactly(0, 0.5, 1, 1);
        assertThat(roc.auc()).isEqualTo(0.875);
    }

    @Test
    void nanScoresAreLeftOut() {
        RocCurve roc = RocCurve.of(new float[] {0.1f, Float.NaN, 0.8f, Float.NaN}, new float[] {0, 1, 1, 0}, 4);
        assertThat(roc.falsePositiveRate()).containsExactly(0, 0, 1);
        assertThat(roc.truePositiveRate()).containsExactly(0, 1, 1);
        assertThat(roc.auc()).isEqualTo(1);
    }

    @Test
    void aMissingClassGivesAnEmptyCurveAndNaNAuc() {
        RocCurve roc = RocCurve.of(new float[] {0.1f, 0.7f}, new float[] {1, 1}, 2);
        assertThat(roc.size()).isZero();
        assertThat(roc.falsePositiveRate()).isEmpty();
        assertThat(roc.auc()).isNaN();
        assertThat(roc.downsample(2).size()).isZero();
    }

    @Test
    void trapezoidAucEqualsMannWhitneyOnRandomTiedData() {
        Random rnd = new Random(7);
        int n = 300;
        float[] s = new float[n], t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = rnd.nextBoolean() ? 1 : 0;
            s[i] = Math.round((rnd.nextGaussian() + t[i]) * 4) / 4f; // coarse grid → many ties
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (t[i] == 1 && t[j] == 0) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(RocCurve.of(s, t, n).auc()).isCloseTo(wins / pairs, offset(1e-12));
    }

    @Test
    void downsampleKeepsTheEndsAndTheArea() {
        Random rnd = new Random(11);
        int n = 20000;
        float[] s = new float[n], t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = i % 2;
            s[i] = (float) (rnd.nextGaussian() + t[i]);
        }
        RocCurve full = RocCurve.of(s, t, n);
        RocCurve small = full.downsample(50);
        assertThat(full.size()).isGreaterThan(10000);
        assertThat(small.size()).isEqualTo(50);
        assertThat(small.auc()).isCloseTo(full.auc(), offset(1e-3));
        double[] f = small.falsePositiveRate(), p = small.truePositiveRate(), th = small.thresholds();
        assertThat(new double[] {f[0], p[0], f[49], p[49]}).containsExactly(0, 0, 1, 1);
        assertThat(th[0]).isEqualTo(INF);
        assertThat(th[49]).isEqualTo(full.thresholds()[full.size() - 1]);
        for (int i = 1; i < 50; i++) {
            assertThat(f[i]).isGreaterThanOrEqualTo(f[i - 1]);
            assertThat(p[i]).isGreaterThanOrEqualTo(p[i - 1]);
            assertThat(th[i]).isLessThan(th[i - 1]);
        }
        assertThat(full.downsample(full.size())).isSameAs(full);
    }

    @Test
    void downsampleDropsCollinearPointsFirst() {
        // the perfect curve's points (0,0.5) and (0.5,1) lie on its two straight edges
        RocCurve two = RocCurve.of(new float[] {0.9f, 0.8f, 0.2f, 0.1f}, new float[] {1, 1, 0, 0}, 4).downsample(3);
        assertThat(two.falsePositiveRate()).containsExactly(0, 0, 1);
        assertThat(two.truePositiveRate()).containsExactly(0, 1, 1);
        assertThat(two.thresholds()).containsExactly(INF, 0.8f, 0.1f);
        assertThat(two.auc()).isEqualTo(1);
        assertThatThrownBy(() -> two.downsample(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
