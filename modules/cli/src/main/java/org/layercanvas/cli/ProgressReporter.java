package org.layercanvas.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.layercanvas.engine.train.EpochResult;
import org.layercanvas.engine.train.TrainingListener;

/** A terminal progress bar with ETA per epoch, and one summary line per finished epoch. */
public final class ProgressReporter implements TrainingListener {
    private final PrintStream out;
    /** A bar only makes sense on a terminal; logs and CI get the per-epoch lines alone. */
    private final boolean interactive = System.console() != null;
    private int epochs, batches;
    private ProgressBar bar;

    public ProgressReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(int epochCount, int batchesPerEpoch) {
        this.epochs = epochCount;
        this.batches = batchesPerEpoch;
    }

    @Override
    public void batchEnd(int epoch, int batch, double loss) {
        if (!interactive) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        }
        bar.stepTo(batch + 1);
        bar.setExtraMessage(String.format(" loss %.4f", loss));
    }

    @Override
    public void epochEnd(EpochResult r) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        // a network of closed-form layers only (LDA, QDA) is fitted without planned epochs
        out.println("epoch " + r.epoch() + (epochs > 0 ? "/" + epochs : "") + ": " + describe(r.values()) + String.format(" (%.2f s)", r.seconds()));
    }

    public static String describe(Map<String, Double> values) {
        return values.entrySet().stream().map(e -> e.getKey() + " " + String.format("%.4f", e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
