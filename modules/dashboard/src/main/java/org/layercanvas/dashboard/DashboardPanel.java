package org.layercanvas.dashboard;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Container;
import java.awt.FlowLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTabbedPane;
import javax.swing.Timer;
import org.jfree.chart.ChartPanel;
import org.jfree.chart.ChartUtils;
import org.layercanvas.engine.insight.BatchRecord;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.engine.insight.RunInfo;
import org.layercanvas.engine.insight.RunOutcome;
import org.layercanvas.engine.insight.TrainingControl;
import org.layercanvas.formats.runs.RunCsv;

/**
 * A run's dashboard: the tabs, the controls (pause, resume, stop while it trains) and a status line
 * with progress and ETA. It redraws from the {@link RunHistory} on a timer, at most
 * {@value #REFRESHES_PER_SECOND} times per second and only when something changed, and only the
 * visible tab, so the batch rate never drives the drawing. Plain Swing, testable without the platform.
 */
public final class DashboardPanel extends JPanel {
    static final int REFRESHES_PER_SECOND = 2;
    private static final java.util.Set<String> RESUMABLE =
            java.util.Set.of(RunOutcome.STOPPED, RunOutcome.FAILED, RunOutcome.DIVERGED, RunOutcome.INTERRUPTED);

    private final RunHistory run;
    private final TrainingControl control;
    final JTabbedPane tabs = new JTabbedPane();
    final List<RunView> views = new ArrayList<>();
    /** The views whose tabs are shown, in the order of {@link #views}: those that apply to the run so far. */
    private final List<RunView> shown = new ArrayList<>();
    final JButton pause = new JButton("Pause"), resume = new JButton("Resume"), stop = new JButton("Stop");
    /** For a run that ended early (stopped, failed, diverged, interrupted): train on from its checkpoint. */
    final JButton carryOn = new JButton("Continue Training");
    private final Path runDirectory;
    private java.util.function.Consumer<Path> continuer;
    final JLabel status = new JLabel(" ");
    private final Timer timer;
    private long shownVersion = -1;
    private int shownTab = -1;
    private long redraws;
    private boolean refreshing;

    /**
     * @param runDirectory the run's folder (its parent lists the project's runs)
     * @param control      the live run's controls, or null for a finished run
     * @param opener       opens another run folder in a dashboard
     */
    public DashboardPanel(RunHistory run, Path runDirectory, TrainingControl control, java.util.function.Consumer<Path> opener) {
        super(new BorderLayout());
        this.run = run;
        this.control = control;
        this.runDirectory = runDirectory;
        views.add(new CurvesView());
        views.add(new ClassificationView());
        views.add(new InsideView());
        views.add(new BoundaryView());
        views.add(new ImagesView());
        views.add(new RunsView(runDirectory.toAbsolutePath().getParent(), opener));
        tabs.setName("dashboard.tabs");
        tabs.addChangeListener(e -> {
            if (!refreshing) {
                refresh();
            }
        });
        JPanel bar = new JPanel(new FlowLayout(FlowLayout.LEFT));
        pause.setName("dashboard.pause");
        resume.setName("dashboard.resume");
        stop.setName("dashboard.stop");
        carryOn.setName("dashboard.continue");
        carryOn.setToolTipText("Train this run on from its last checkpoint, in its own folder");
        status.setName("dashboard.status");
        bar.add(pause);
        bar.add(resume);
        bar.add(stop);
        bar.add(carryOn);
        bar.add(status);
        pause.addActionListener(e -> {
            control.pause();
            refresh();
        });
        resume.addActionListener(e -> {
            control.resume();
            refresh();
        });
        stop.addActionListener(e -> {
            control.stop();
            refresh();
        });
        carryOn.addActionListener(e -> continuer.accept(runDirectory));
        add(bar, BorderLayout.NORTH);
        add(tabs, BorderLayout.CENTER);
        timer = new Timer(1000 / REFRESHES_PER_SECOND, e -> refresh());
        timer.setRepeats(true);
        refresh();
    }

    /** Offers Continue Training for a run that ended early; {@code continuer} gets the run's folder. */
    public void continueWith(java.util.function.Consumer<Path> continuer) {
        this.continuer = continuer;
        refresh();
    }

    public RunHistory run() {
        return run;
    }

    public void start() {
        timer.start();
    }

    public void stopRefreshing() {
        timer.stop();
    }

    /** How often the visible tab was redrawn, for tests of the refresh rate. */
    long redraws() {
        return redraws;
    }

    /** Redraws the visible tab if the run changed since it was last drawn. */
    void refresh() {
        boolean live = control != null && run.outcome() == null;
        pause.setEnabled(live && !control.paused() && !control.stopped());
        resume.setEnabled(live && control.paused());
        stop.setEnabled(live && !control.stopped());
        carryOn.setVisible(continuer != null && control == null);
        carryOn.setEnabled(continuer != null && control == null && run.outcome() != null && RESUMABLE.contains(run.outcome().status()));
        status.setText(statusLine());
        long version = run.version();
        if (version != shownVersion) {
            showApplicableTabs();
        }
        int tab = tabs.getSelectedIndex();
        if (version == shownVersion && tab == shownTab) {
            return;
        }
        shownVersion = version;
        shownTab = tab;
        if (tab >= 0) {
            shown.get(tab).show(run);
            redraws++;
        }
    }

    /** Shows the tabs of the views that apply to the run as it stands (data arrives as it trains), keeping the selected one. */
    private void showApplicableTabs() {
        List<RunView> applicable = views.stream().filter(v -> v.applies(run)).toList();
        if (applicable.equals(shown)) {
            return;
        }
        RunView selected = tabs.getSelectedIndex() >= 0 ? shown.get(tabs.getSelectedIndex()) : null;
        refreshing = true; // adding tabs selects one, which calls refresh
        try {
            tabs.removeAll();
            shown.clear();
            shown.addAll(applicable);
            shown.forEach(v -> tabs.addTab(v.title(), v.component()));
            tabs.setSelectedIndex(Math.max(0, shown.indexOf(selected)));
        } finally {
            refreshing = false;
        }
    }

    /** Whether the view's tab is shown, and then selects it (tests). */
    boolean select(RunView view) {
        int i = shown.indexOf(view);
        if (i >= 0) {
            tabs.setSelectedIndex(i);
        }
        return i >= 0;
    }

    /** "epoch 2/5, batch 120/422, loss 0.4312, 51 300 samples/s, ETA 0:07" and how the run ended. */
    String statusLine() {
        RunInfo info = run.info();
        // whether training holds is read before the last batch: once it holds, its last batch is recorded, so the
        // line never shows "paused" beside a batch that is about to be replaced
        boolean holding = control != null && control.holding();
        BatchRecord b = run.lastBatch();
        RunOutcome outcome = run.outcome();
        StringBuilder s = new StringBuilder(run.name()).append(": ");
        if (info != null && b != null) {
            long total = (long) info.epochs() * info.batchesPerEpoch();
            s.append(String.format("epoch %d/%d, batch %d/%d, loss %.4f, %.0f samples/s", b.epoch(), info.epochs(), b.batch() + 1,
                    info.batchesPerEpoch(), b.loss(), b.samplesPerSecond()));
            if (outcome == null && total > 0 && b.step() > 0) {
                double eta = b.seconds() / b.step() * Math.max(0, total - b.step());
                s.append(String.format(", ETA %d:%02d", (long) eta / 60, (long) eta % 60));
            }
        }
        if (outcome != null) {
            s.append(info == null || b == null ? "" : " — ").append(outcome.status());
            if (outcome.message() != null) {
                s.append(": ").append(outcome.message());
            }
            if (outcome.test() != null) {
                outcome.test().forEach((k, v) -> s.append(String.format(", test %s %.4f", k, v)));
            }
        } else if (control != null && control.paused()) {
            s.append(holding ? " — paused" : " — pausing after this batch");
        } else if (control != null && control.stopped()) {
            s.append(" — stopping");
        }
        return s.toString();
    }

    /**
     * Writes the run's metrics as {@code epochs.csv} and {@code batches.csv}, and every chart and figure
     * of every tab as a PNG, into {@code dir}; returns the files written.
     */
    public List<Path> exportTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        RunCsv.write(RunCsv.epochs(run), dir.resolve("epochs.csv"));
        RunCsv.write(RunCsv.batches(run), dir.resolve("batches.csv"));
        written.add(dir.resolve("epochs.csv"));
        written.add(dir.resolve("batches.csv"));
        for (RunView v : views) {
            if (!v.applies(run)) {
                continue;
            }
            v.show(run);
            int k = 0;
            for (JComponent c : figures(v.component())) {
                Path png = dir.resolve(slug(v.title()) + "-" + (++k) + ".png");
                int w = Math.max(640, c.getWidth()), h = Math.max(420, c.getHeight());
                if (c instanceof ChartPanel chart) {
                    ChartUtils.saveChartAsPNG(png.toFile(), chart.getChart(), w, h);
                } else {
                    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                    java.awt.Dimension onScreen = c.getSize();
                    c.setSize(w, h);
                    c.doLayout();
                    java.awt.Graphics2D g = img.createGraphics();
                    c.paint(g);
                    g.dispose();
                    c.setSize(onScreen); // as it was on screen
                    ImageIO.write(img, "png", png.toFile());
                }
                written.add(png);
            }
        }
        return written;
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /** The charts and drawn figures inside a view, in layout order. */
    private static List<JComponent> figures(Component c) {
        List<JComponent> out = new ArrayList<>();
        if (c instanceof ChartPanel || c instanceof ConfusionMatrixPanel || c instanceof BoundaryPanel) {
            out.add((JComponent) c);
        } else if (c instanceof Container container) {
            for (Component child : container.getComponents()) {
                out.addAll(figures(child));
            }
        }
        return out;
    }
}
