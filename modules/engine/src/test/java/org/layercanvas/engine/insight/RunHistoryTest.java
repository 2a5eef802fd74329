package org.layercanvas.engine.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.train.EpochResult;

class RunHistoryTest {
    static DecisionBoundary boundary(float value) {
        return new DecisionBoundary(0, 1, 0, 1, 1, 1, 2, new float[] {value}, new float[] {0.5f, 0.5f}, new int[] {1});
    }

    static LayerSnapshot snapshot(long step, int epoch, DecisionBoundary b) {
        return new LayerSnapshot(step, epoch, List.of(), List.of(), b);
    }

    static ConfusionMatrix confusion(long a) {
        return ConfusionMatrix.fromCounts(new long[][] {{a, 0}, {0, 1}});
    }

    static EpochRecord epoch(int n, Diagnostics d) {
        return new EpochRecord(new EpochResult(n, Map.of("loss", 1.0 / n), 0.1), d);
    }

    @Test
    void batchesBeyondTheLimitAreThinnedKeepingTheFirstHalfAndTheLast() {
        RunHistory h = new RunHistory("run");
        int n = RunHistory.MAX_BATCHES + 1;
        for (int i = 1; i <= n; i++) {
            h.batch(new BatchRecord(i, 1, i - 1, 1.0 / i, 0.01, 100, i));
        }
        var kept = h.batches();
        assertThat(kept).hasSize(n / 2 + 1);
        assertThat(kept.get(kept.size() - 1).step()).isEqualTo(n);
        assertThat(kept.get(0).step()).isEqualTo(1); // n is odd: steps 1, 3, 5, …, n
        assertThat(h.lastBatch().step()).isEqualTo(n);
    }

    @Test
    void onlyTheLatestEpochsKeepTheirPicturesInMemory() {
        RunHistory h = new RunHistory("run");
        ImageSet images = new ImageSet("x", 1, 1, 2, 2, 1, new float[4]);
        for (int e = 1; e <= RunHistory.EPOCHS_WITH_PICTURES + 3; e++) {
            h.epoch(epoch(e, new Diagnostics("validation", confusion(e), null, null, boundary(e), images)));
        }
        var epochs = h.epochs();
        for (int e = 0; e < 3; e++) {
            assertThat(epochs.get(e).diagnostics().images()).isNull();
            assertThat(epochs.get(e).diagnostics().boundary()).isNull();
            assertThat(epochs.get(e).diagnostics().confusion()).isNotNull(); // the small figures stay
        }
        assertThat(epochs.get(3).diagnostics().images()).isNotNull();
        assertThat(epochs.get(epochs.size() - 1).diagnostics().boundary()).isNotNull();
    }

    @Test
    void thinningKeepsTheLastSnapshotAndTheWholeRun() {
        RunHistory h = new RunHistory("run");
        int n = 5000;
        for (int s = 1; s <= n; s++) {
            h.layers(snapshot(s, 1, null));
            assertThat(h.snapshots().size()).isLessThanOrEqualTo(RunHistory.MAX_SNAPSHOTS);
            assertThat(h.lastSnapshot().step()).isEqualTo(s);
        }
        List<LayerSnapshot> kept = h.snapshots();
        // steps 1..5000 halved whenever there are 2001: far more than half the limit kept, the first and last among them
        assertThat(kept.size()).isGreaterThan(RunHistory.MAX_SNAPSHOTS / 2);
        assertThat(kept.get(0).step()).isEqualTo(1);
        assertThat(kept.get(kept.size() - 1).step()).isEqualTo(n);
        long largestGap = 0;
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i).step()).isGreaterThan(kept.get(i - 1).step());
            largestGap = Math.max(largestGap, kept.get(i).step() - kept.get(i - 1).step());
        }
        // halvings at steps 2001, 3001 and 4001 (2001 kept each time): the oldest part is every 8th step
        assertThat(largestGap).isEqualTo(8);
        assertThat(kept.size()).isEqualTo(1001 + (n - 4001));
    }

    @Test
    void exactlyAtTheLimitNothingIsDroppedAndOneMoreHalves() {
        RunHistory h = new RunHistory("run");
        for (int s = 1; s <= RunHistory.MAX_SNAPSHOTS; s++) {
            h.layers(snapshot(s, 1, null));
        }
        assertThat(h.snapshots()).hasSize(RunHistory.MAX_SNAPSHOTS);
        h.layers(snapshot(RunHistory.MAX_SNAPSHOTS + 1, 1, null));
        // 2001 snapshots: every other one from the second-to-last down goes, leaving steps 1, 3, …, 2001
        assertThat(h.snapshots()).hasSize(RunHistory.MAX_SNAPSHOTS / 2 + 1);
        assertThat(h.snapshots().get(1).step()).isEqualTo(3);
        assertThat(h.lastSnapshot().step()).isEqualTo(RunHistory.MAX_SNAPSHOTS + 1);
    }

    @Test
    void onlyTheLatestSnapshotKeepsItsDecisionBoundary() {
        RunHistory h = new RunHistory("run");
        h.layers(snapshot(1, 1, boundary(0.1f)));
        assertThat(h.lastSnapshot().boundary().values()).containsExactly(0.1f);
        h.layers(snapshot(2, 1, boundary(0.2f)));
        h.layers(snapshot(3, 2, boundary(0.3f)));
        List<LayerSnapshot> s = h.snapshots();
        assertThat(s).extracting(LayerSnapshot::step).containsExactly(1L, 2L, 3L);
        assertThat(s.get(0).boundary()).isNull();
        assertThat(s.get(1).boundary()).isNull();
        assertThat(s.get(2).boundary().values()).containsExactly(0.3f);
        // the rest of an older snapshot stays
        assertThat(s.get(1).epoch()).isEqualTo(1);
    }

    @Test
    void versionGrowsWithEveryEvent() {
        RunHistory h = new RunHistory("run");
        long v0 = h.version();
        h.started(new RunInfo("p", "supervised", "cpu", "reference", 1, 2, 3, 4, Map.of(), "2024-01-01T00:00"));
        long v1 = h.version();
        h.batch(new BatchRecord(1, 1, 0, 0.5, 0.1, 100, 0.01));
        long v2 = h.version();
        h.layers(snapshot(1, 1, null));
        long v3 = h.version();
        h.epoch(epoch(1, Diagnostics.NONE));
        long v4 = h.version();
        h.finished(new RunOutcome(RunOutcome.COMPLETED, null, null, null, 1));
        long v5 = h.version();
        assertThat(List.of(v0, v1, v2, v3, v4, v5)).isSorted().doesNotHaveDuplicates();
        assertThat(h.name()).isEqualTo("run");
        assertThat(h.info().project()).isEqualTo("p");
        assertThat(h.batches()).hasSize(1);
        assertThat(h.epochs()).hasSize(1);
        assertThat(h.outcome().status()).isEqualTo(RunOutcome.COMPLETED);
    }

    @Test
    void latestPrefersTestDiagnosticsOnceFinishedElseTheLatestEpochThatHasThePart() {
        RunHistory h = new RunHistory("run");
        assertThat(h.latest(Diagnostics::confusion)).isNull();
        ConfusionMatrix c1 = confusion(1), c2 = confusion(2), test = confusion(7);
        RocCurve roc = RocCurve.of(new float[] {0.2f, 0.8f}, new float[] {0, 1}, 2);
        h.epoch(epoch(1, new Diagnostics("validation", c1, roc, null, null, null)));
        h.epoch(epoch(2, new Diagnostics("validation", c2, null, null, null, null)));
        h.epoch(epoch(3, Diagnostics.NONE));
        assertThat(h.latest(Diagnostics::confusion)).isSameAs(c2);
        assertThat(h.latest(Diagnostics::roc)).isSameAs(roc); // epoch 2 has none
        assertThat(h.latest(Diagnostics::images)).isNull();
        h.finished(new RunOutcome(RunOutcome.COMPLETED, null, Map.of("loss", 0.3), new Diagnostics("test", test, null, null, null, null), 2));
        assertThat(h.latest(Diagnostics::confusion)).isSameAs(test);
        assertThat(h.latest(Diagnostics::roc)).isSameAs(roc); // the test figures lack it
        RunHistory noTest = new RunHistory("other");
        noTest.epoch(epoch(1, new Diagnostics("validation", c1, null, null, null, null)));
        noTest.finished(new RunOutcome(RunOutcome.STOPPED, null, null, null, 1));
        assertThat(noTest.latest(Diagnostics::confusion)).isSameAs(c1);
    }
}
