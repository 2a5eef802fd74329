package org.layercanvas.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.awt.EventQueue;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.formats.runs.RunFolderReader;

/**
 * The dashboard on real runs of the bundled examples, rendered offscreen tab by tab: what it shows
 * live equals what it shows reopened from the run folder, and each figure has its data.
 */
class DashboardPanelTest {
    static final Path SHOTS = Path.of("target/dashboard-shots");

    @TempDir
    Path tmp;

    /** Draws view {@code view} (an index into every view) offscreen and saves it; null when its tab is hidden for this run. */
    static BufferedImage render(DashboardPanel panel, int view, String name) throws Exception {
        BufferedImage[] img = new BufferedImage[1];
        boolean[] shown = new boolean[1];
        EventQueue.invokeAndWait(() -> {
            panel.refresh();
            shown[0] = panel.select(panel.views.get(view));
            panel.refresh();
            panel.setSize(1300, 820);
            layout(panel);
            img[0] = new BufferedImage(1300, 820, BufferedImage.TYPE_INT_RGB);
            var g = img[0].createGraphics();
            panel.paint(g);
            g.dispose();
        });
        if (!shown[0]) {
            return null;
        }
        Files.createDirectories(SHOTS);
        ImageIO.write(img[0], "png", SHOTS.resolve(name + ".png").toFile());
        return img[0];
    }

    private static void layout(java.awt.Container c) {
        c.doLayout();
        for (java.awt.Component child : c.getComponents()) {
            if (child instanceof java.awt.Container cc) {
                layout(cc);
            }
        }
    }

    @Test
    void binaryClassifierShowsCurvesRocOvertrainingInsideAndBoundary() throws Exception {
        Path project = RealRuns.copyExample("blobs-logistic/blobs-logistic.lcproj.json", tmp);
        RealRuns.Trained run = RealRuns.train(project, 20);
        DashboardPanel live = new DashboardPanel(run.history(), run.directory(), null, d -> { });
        for (int tab = 0; tab < live.views.size(); tab++) {
            render(live, tab, "blobs-" + tab + "-" + live.views.get(tab).title().toLowerCase().replace(' ', '-'));
        }
        CurvesView curves = (CurvesView) live.views.get(0);
        assertThat(Charts.data(curves.loss).getSeries("batch loss").getItemCount()).isEqualTo(20 * 8);
        assertThat(Charts.data(curves.loss).getSeries("val_loss").getItemCount()).isEqualTo(20);
        assertThat(Charts.data(curves.metrics).getSeries("val_auc").getItemCount()).isEqualTo(20);
        assertEpochResultsAreDrawnOnTop(curves);
        ClassificationView cls = (ClassificationView) live.views.get(1);
        assertThat(cls.confusion.matrix().total()).isEqualTo(100); // the test data, after training
        assertThat(cls.roc.getTitle().getText()).contains("test").contains("AUC = 0.95");
        assertThat(cls.overtraining.getTitle().getText()).contains("KS probability");
        // TMVA's drawing: the training sample as bars, the other as points with Poisson error bars √n / (N·w)
        var points = (org.jfree.data.xy.YIntervalSeriesCollection) cls.overtraining.getXYPlot().getDataset(1);
        var check = run.history().latest(d -> d.overtraining() != null ? d : null);
        org.layercanvas.engine.insight.Histogram signal = check.overtraining().signalTest();
        long n = java.util.Arrays.stream(signal.counts()).sum();
        assertThat(points.getSeriesKey(0)).isEqualTo("signal (" + check.data() + ")");
        assertThat(points.getItemCount(0)).isEqualTo(java.util.Arrays.stream(signal.counts()).filter(c -> c > 0).count());
        for (int j = 0; j < points.getItemCount(0); j++) { // one point per non-empty bin
            int bin = (int) Math.round((points.getXValue(0, j) - signal.binCenter(0)) / signal.binWidth());
            double error = Math.sqrt(signal.counts()[bin]) / (n * signal.binWidth());
            assertThat(points.getEndYValue(0, j) - points.getYValue(0, j)).isCloseTo(error, offset(1e-12));
            assertThat(points.getYValue(0, j) - points.getStartYValue(0, j)).isCloseTo(error, offset(1e-12));
        }
        assertThat(Charts.data(cls.overtraining).getSeriesCount()).as("bars: the training sample's signal and background").isEqualTo(2);
        InsideView inside = (InsideView) live.views.get(2);
        assertThat(inside.param.getItemCount()).isEqualTo(2); // p/weight, p/bias
        assertThat(Charts.data(inside.updateRatio).getSeriesCount()).isEqualTo(2);
        BoundaryView boundary = (BoundaryView) live.views.get(3);
        assertThat(boundary.panel.boundary().labels()).hasSizeGreaterThan(100);
        assertThat(live.statusLine()).contains("epoch 20/20").contains("completed").contains("test accuracy");
        assertThat(live.tabs.getTabCount()).as("no Images tab for points in a plane").isEqualTo(5);
        assertThat(live.select(live.views.get(4))).isFalse();

        RunHistory reopened = RunFolderReader.read(run.directory());
        assertThat(reopened.batches()).isEqualTo(run.history().batches());
        assertThat(reopened.epochs()).hasSameSizeAs(run.history().epochs());
        assertThat(reopened.outcome().test()).isEqualTo(run.history().outcome().test());
        DashboardPanel past = new DashboardPanel(reopened, run.directory(), null, d -> { });
        render(past, 1, "blobs-reopened-classification");
        ClassificationView again = (ClassificationView) past.views.get(1);
        assertThat(again.roc.getTitle().getText()).isEqualTo(cls.roc.getTitle().getText());
        assertThat(again.confusion.matrix().count(1, 1)).isEqualTo(cls.confusion.matrix().count(1, 1));
    }

    /** Every epoch's val_loss marker shows in its own colour at its place: not under the batch dots or lines. */
    private static void assertEpochResultsAreDrawnOnTop(CurvesView curves) {
        var info = new org.jfree.chart.ChartRenderingInfo();
        BufferedImage img = curves.loss.createBufferedImage(900, 500, info);
        var plot = curves.loss.getXYPlot();
        var area = info.getPlotInfo().getDataArea();
        var val = Charts.data(curves.loss).getSeries("val_loss");
        for (int i = 0; i < val.getItemCount(); i++) {
            int x = (int) Math.round(plot.getDomainAxis().valueToJava2D(val.getX(i).doubleValue(), area, plot.getDomainAxisEdge()));
            int y = (int) Math.round(plot.getRangeAxis().valueToJava2D(val.getY(i).doubleValue(), area, plot.getRangeAxisEdge()));
            assertThat(img.getRGB(x, y) & 0xffffff).as("val_loss marker of epoch %s at (%d, %d)", val.getX(i), x, y)
                    .isEqualTo(Charts.VALIDATION.getRGB() & 0xffffff);
        }
    }

    /** A logistic regression and LDA on the same two classes: Compare selected draws both ROC curves, each named with its AUC. */
    @Test
    void comparedClassifiersShareOneRocPlot() throws Exception {
        Path logistic = RealRuns.copyExample("blobs-logistic/blobs-logistic.lcproj.json", tmp);
        Path lda = logistic.resolveSibling("lda.lcproj.json");
        RealRuns.Trained first = RealRuns.train(logistic, 5);
        RealRuns.Trained second = RealRuns.train(lda, null);
        DashboardPanel panel = new DashboardPanel(second.history(), second.directory(), null, d -> { });
        RunsView runs = (RunsView) panel.views.get(5);
        EventQueue.invokeAndWait(() -> {
            runs.refresh();
            runs.table.selectAll();
            runs.compareSelected();
        });
        var curves = Charts.data(runs.rocs);
        assertThat(curves.getSeriesCount()).isEqualTo(2);
        List<String> names = new java.util.ArrayList<>();
        for (int k = 0; k < curves.getSeriesCount(); k++) {
            names.add(String.valueOf(curves.getSeriesKey(k)));
            assertThat(curves.getSeries(k).getItemCount()).isGreaterThan(2);
        }
        assertThat(names).anyMatch(n -> n.startsWith(first.directory().getFileName() + " (test, AUC 0.9"))
                .anyMatch(n -> n.startsWith(second.directory().getFileName() + " (test, AUC 0.9"));
        render(panel, 5, "runs-roc-compared");
    }

    @Test
    void multiClassRunsCompareAndExport() throws Exception {
        Path project = RealRuns.copyExample("iris-mlp/iris-mlp.lcproj.json", tmp);
        RealRuns.Trained first = RealRuns.train(project, 5);
        RealRuns.Trained second = RealRuns.train(project, 10);
        DashboardPanel panel = new DashboardPanel(second.history(), second.directory(), null, d -> { });
        render(panel, 1, "iris-classification");
        ClassificationView cls = (ClassificationView) panel.views.get(1);
        assertThat(cls.confusion.matrix().classes()).isEqualTo(3);
        assertThat(cls.confusion.classNames()).containsExactly("virginica", "setosa", "versicolor"); // in order of first appearance in iris-train.csv
        assertThat(RunFolderReader.read(second.directory()).info().classNames()).containsExactly("virginica", "setosa", "versicolor");
        RunsView runs = (RunsView) panel.views.get(5);
        EventQueue.invokeAndWait(runs::refresh); // nothing selected yet: the listed runs are plotted
        assertThat(runs.runs.getRowCount()).isEqualTo(2);
        assertThat(runs.compared).hasSize(2);
        assertThat(runs.designChanges.getText()).isEqualTo("From " + first.directory().getFileName() + " to "
                + second.directory().getFileName() + ":\ntraining.epochs 5 -> 10\n");
        assertThat(Charts.data(runs.overlay).getSeries(first.directory().getFileName().toString()).getItemCount()).isEqualTo(5);
        assertThat(Charts.data(runs.overlay).getSeries(second.directory().getFileName().toString()).getItemCount()).isEqualTo(10);
        List<String> rowNames = new java.util.ArrayList<>();
        for (int r = 0; r < runs.comparison.getRowCount(); r++) {
            rowNames.add((String) runs.comparison.getValueAt(r, 0));
        }
        assertThat(rowNames).contains("optimizer", "epochs", "final val_loss", "final test_accuracy");
        // the runs sort by a final metric's value, and each is a point of the final metric against a hyperparameter
        int valLoss = runs.runs.findColumn("val_loss");
        EventQueue.invokeAndWait(() -> runs.table.getRowSorter().toggleSortOrder(valLoss));
        double top = (Double) runs.table.getValueAt(0, valLoss), next = (Double) runs.table.getValueAt(1, valLoss);
        assertThat(top).isLessThanOrEqualTo(next);
        EventQueue.invokeAndWait(() -> runs.hyperparameter.setSelectedItem("epochs"));
        assertThat(runs.finalMetric.getSelectedItem()).isEqualTo("val_loss");
        org.jfree.data.xy.XYSeries points = Charts.data(runs.scatter).getSeries(0);
        assertThat(points.getItemCount()).isEqualTo(2);
        assertThat(List.of(points.getX(0).doubleValue(), points.getX(1).doubleValue())).containsExactlyInAnyOrder(5.0, 10.0);
        render(panel, 5, "iris-runs");
        List<Path> files = panel.exportTo(tmp.resolve("export"));
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("epochs.csv", "batches.csv", "curves-1.png",
                "classification-1.png", "runs-1.png");
        List<String> csv = Files.readAllLines(tmp.resolve("export/epochs.csv"));
        assertThat(csv).hasSize(11);
        assertThat(csv.get(0)).startsWith("epoch,loss,accuracy,val_loss,val_accuracy");
        assertThat(ImageIO.read(tmp.resolve("export/curves-1.png").toFile()).getWidth()).isGreaterThanOrEqualTo(640);
    }

    /** The reference MLP on Fashion-MNIST, one epoch of 422 batches: every layer's statistics, ten classes. */
    @Test
    void referenceMlpShowsEveryLayerInsideAndTenClasses() throws Exception {
        Path project = RealRuns.copyExample("fashion-mlp/fashion-mlp.lcproj.json", tmp);
        RealRuns.Trained run = RealRuns.train(project, 1);
        DashboardPanel panel = new DashboardPanel(run.history(), run.directory(), null, d -> { });
        render(panel, 0, "mlp-curves");
        render(panel, 1, "mlp-classification");
        render(panel, 2, "mlp-inside");
        CurvesView curves = (CurvesView) panel.views.get(0);
        assertThat(Charts.data(curves.loss).getSeries("batch loss").getItemCount()).isEqualTo(422);
        InsideView inside = (InsideView) panel.views.get(2);
        assertThat(inside.param.getItemCount()).isEqualTo(6); // weight and bias of three Dense layers
        assertThat(inside.layer.getItemCount()).isEqualTo(run.history().lastSnapshot().activations().size()).isGreaterThanOrEqualTo(4);
        assertThat(run.history().snapshots()).hasSizeGreaterThanOrEqualTo(1);
        assertThat(((ClassificationView) panel.views.get(1)).confusion.matrix().classes()).isEqualTo(10);
        assertThat(((ClassificationView) panel.views.get(1)).confusion.matrix().total()).isEqualTo(10_000);
    }

    /** Fashion-MNIST from Debian's dataset-fashion-mnist, one epoch. */
    @Test
    void variationalAutoencoderShowsInputsReconstructionsAndSamples() throws Exception {
        Path project = RealRuns.copyExample("vae-fashion/vae-fashion.lcproj.json", tmp);
        RealRuns.Trained run = RealRuns.train(project, 1);
        DashboardPanel panel = new DashboardPanel(run.history(), run.directory(), null, d -> { });
        render(panel, 4, "vae-images");
        ImagesView images = (ImagesView) panel.views.get(4);
        // three rows of eight 28 × 28 images with 2-pixel gaps
        assertThat(images.image().getWidth()).isEqualTo(8 * 30 + 2);
        assertThat(images.image().getHeight()).isEqualTo(3 * 30 + 2);
        assertThat(run.directory().resolve("images/epoch-0001.png")).exists();
        assertThat(run.history().epochs().get(0).diagnostics().images().caption()).contains("reconstructions").contains("samples");
        assertThat(run.history().epochs().get(0).diagnostics().confusion()).isNull();
        // tabs that do not apply to an autoencoder are hidden
        List<String> titles = new java.util.ArrayList<>();
        EventQueue.invokeAndWait(() -> {
            for (int i = 0; i < panel.tabs.getTabCount(); i++) {
                titles.add(panel.tabs.getTitleAt(i));
            }
        });
        assertThat(titles).containsExactly("Curves", "Inside", "Images", "Runs");
    }
}
