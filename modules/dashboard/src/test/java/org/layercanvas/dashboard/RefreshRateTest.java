package org.layercanvas.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.EventQueue;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.insight.BatchRecord;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.RunInfo;
import org.layercanvas.engine.insight.TrainingControl;

/** Whatever the batch rate, the dashboard redraws at most {@value DashboardPanel#REFRESHES_PER_SECOND} times per second. */
class RefreshRateTest {
    @Test
    void fiftyThousandBatchesASecondRedrawAFewTimes() throws Exception {
        RunHistory run = new RunHistory("fast");
        run.started(new RunInfo("p", "supervised", "cpu", "cpu", 1, 1000, 50_000, 1, Map.of(), "now"));
        DashboardPanel[] panel = new DashboardPanel[1];
        EventQueue.invokeAndWait(() -> {
            panel[0] = new DashboardPanel(run, Path.of("runs/fast"), new TrainingControl(), d -> { });
            panel[0].start();
        });
        long before = panel[0].redraws(), start = System.nanoTime();
        long step = 0;
        while (System.nanoTime() - start < 2_000_000_000L) {
            step++;
            run.batch(new BatchRecord(step, 1, (int) (step % 50_000), 1.0 / step, 0.001, 1000, (System.nanoTime() - start) / 1e9));
            if (step % 1000 == 0) {
                Thread.sleep(1); // about as fast as a tiny network trains
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EventQueue.invokeAndWait(() -> panel[0].stopRefreshing());
        long redraws = panel[0].redraws() - before;
        assertThat(step).as("batches reported").isGreaterThan(10_000);
        assertThat(redraws).as("redraws in %.1f s", seconds).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(
                (long) Math.ceil(seconds * DashboardPanel.REFRESHES_PER_SECOND) + 1);
    }
}
