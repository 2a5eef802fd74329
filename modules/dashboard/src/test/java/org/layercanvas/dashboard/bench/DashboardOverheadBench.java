package org.layercanvas.dashboard.bench;

import java.awt.EventQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.swing.JFrame;
import org.layercanvas.workbench.ProjectSession;
import org.layercanvas.workbench.TrainingRun;
import org.layercanvas.dashboard.DashboardPanel;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.engine.train.History;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.engine.train.TrainingListener;

/**
 * What watching costs (not a test): the reference MLP on Fashion-MNIST trained three ways, interleaved
 * round by round so machine noise hits all alike, reporting the median seconds per epoch:
 * <ol>
 * <li>bare: the trainer alone, nothing recorded (as before the dashboard existed);</li>
 * <li>headless: {@code layercanvas train}'s path, writing the full run folder;</li>
 * <li>dashboard: the same plus a live dashboard window redrawing its Curves tab.</li>
 * </ol>
 * Needs a display (Xvfb) and dataset-fashion-mnist. Run {@code bench/dashboard-overhead.sh [rounds] [epochs]}.
 */
public final class DashboardOverheadBench {
    private DashboardOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args.length > 0 ? args[0] : "examples/fashion-mlp/fashion-mlp.lcproj.json");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3, epochs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path out = Files.createTempDirectory("lc-bench");
        List<List<Double>> perEpoch = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String[] names = {"bare", "headless", "dashboard"};
        for (int round = 0; round <= rounds; round++) { // round 0 warms the JIT up and is not counted
            for (int mode = 0; mode < 3; mode++) {
                double s = secondsPerEpoch(project, epochs, mode, out.resolve(round + "-" + mode));
                if (round > 0) {
                    perEpoch.get(mode).add(s);
                }
                System.out.printf("round %d %-9s %.3f s/epoch%n", round, names[mode], s);
            }
        }
        double[] median = new double[3];
        for (int mode = 0; mode < 3; mode++) {
            double[] v = perEpoch.get(mode).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            median[mode] = v[v.length / 2];
            System.out.printf("median %-9s %.3f s/epoch %s%n", names[mode], median[mode], Arrays.toString(v));
        }
        System.out.printf("headless / bare = %.3f, dashboard / headless = %.3f%n", median[1] / median[0], median[2] / median[1]);
        System.exit(0);
    }

    private static double secondsPerEpoch(Path project, int epochs, int mode, Path dir) throws Exception {
        try (ProjectSession session = ProjectSession.open(project, "cpu")) {
            var config = session.project().training().withEpochs(epochs);
            History h;
            if (mode == 0) {
                h = new Trainer(session.plan(), config).fit(session.train(), TrainingListener.NONE);
            } else if (mode == 1) {
                h = TrainingRun.run(session, config, dir, TrainingListener.NONE).history();
            } else {
                RunHistory run = new RunHistory("bench");
                JFrame[] frame = new JFrame[1];
                DashboardPanel[] panel = new DashboardPanel[1];
                EventQueue.invokeAndWait(() -> {
                    panel[0] = new DashboardPanel(run, dir, new TrainingControl(), d -> { });
                    frame[0] = new JFrame("bench");
                    frame[0].add(panel[0]);
                    frame[0].setSize(1300, 850);
                    frame[0].setVisible(true);
                    panel[0].start();
                });
                long[] edt = new long[1];
                EventQueue.invokeAndWait(() -> edt[0] = Thread.currentThread().getId());
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = threads.getThreadCpuTime(edt[0]);
                h = TrainingRun.run(session, config, dir, TrainingListener.NONE, run, new TrainingControl()).history();
                double training = h.epochs().stream().mapToDouble(e -> e.seconds()).sum();
                System.out.printf("  dashboard drawing: %.3f s of CPU on the event thread in %.3f s of training%n",
                        (threads.getThreadCpuTime(edt[0]) - cpu0) / 1e9, training);
                EventQueue.invokeAndWait(() -> {
                    panel[0].stopRefreshing();
                    frame[0].dispose();
                });
            }
            return h.epochs().stream().mapToDouble(e -> e.seconds()).sum() / h.epochs().size();
        }
    }
}
