package org.layercanvas.dashboard;

import java.awt.Color;
import java.awt.GridLayout;
import javax.swing.JComponent;
import javax.swing.JPanel;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.layercanvas.engine.insight.Diagnostics;
import org.layercanvas.engine.insight.Histogram;
import org.layercanvas.engine.insight.OvertrainingCheck;
import org.layercanvas.engine.insight.RocCurve;
import org.layercanvas.engine.insight.RunHistory;

/**
 * A classifier's held-out figures from the latest epoch (the test data once training is over):
 * confusion matrix; for one-output classifiers the ROC curve with its AUC, the physicists' signal
 * efficiency against background rejection, and TMVA's overtraining check.
 */
final class ClassificationView implements RunView {
    private final JPanel root = new JPanel(new GridLayout(2, 2));
    final ConfusionMatrixPanel confusion = new ConfusionMatrixPanel();
    final JFreeChart roc = Charts.xy("ROC curve", "false positive rate", "true positive rate"),
            efficiency = Charts.xy("Signal efficiency vs background rejection", "signal efficiency", "background rejection"),
            overtraining = Charts.histogram("Overtraining check", "classifier output");

    ClassificationView() {
        root.add(confusion);
        root.add(Charts.panel(roc));
        root.add(Charts.panel(efficiency));
        root.add(Charts.panel(overtraining));
    }

    @Override
    public String title() {
        return "Classification";
    }

    @Override
    public JComponent component() {
        return root;
    }

    @Override
    public boolean applies(RunHistory run) {
        return run.latest(d -> d.confusion() != null || d.roc() != null ? d : null) != null; // a classifier's figures
    }

    @Override
    public void show(RunHistory run) {
        Diagnostics withConfusion = run.latest(d -> d.confusion() != null ? d : null);
        if (withConfusion != null) {
            confusion.show(withConfusion.confusion(), run.info() == null ? null : run.info().classNames(),
                    "Confusion matrix (" + withConfusion.data() + ")");
        }
        Diagnostics withRoc = run.latest(d -> d.roc() != null ? d : null);
        Charts.data(roc).removeAllSeries();
        Charts.data(efficiency).removeAllSeries();
        if (withRoc == null) {
            roc.setTitle("ROC curve: for classifiers with one output (signal against background)");
            efficiency.setTitle("Signal efficiency vs background rejection: for one-output classifiers");
        } else {
            RocCurve r = withRoc.roc();
            roc.setTitle(String.format("ROC curve (%s), AUC = %.4f", withRoc.data(), r.auc()));
            efficiency.setTitle("Signal efficiency vs background rejection (" + withRoc.data() + ")");
            XYSeries curve = Charts.series(roc, "classifier", Charts.TRAIN, false);
            XYSeries chance = Charts.series(roc, "chance", Color.LIGHT_GRAY, false);
            XYSeries eff = Charts.series(efficiency, "classifier", Charts.TRAIN, false);
            double[] fpr = r.falsePositiveRate(), tpr = r.truePositiveRate(), se = r.signalEfficiency(), br = r.backgroundRejection();
            for (int i = 0; i < fpr.length; i++) {
                curve.add(fpr[i], tpr[i], false); // one notice per series, not per point (see CurvesView.add)
                eff.add(se[i], br[i], false);
            }
            curve.fireSeriesChanged();
            eff.fireSeriesChanged();
            chance.add(0, 0);
            chance.add(1, 1);
        }
        Diagnostics withCheck = run.latest(d -> d.overtraining() != null ? d : null);
        if (withCheck == null) {
            overtraining.setTitle("Overtraining check: for one-output classifiers");
        } else {
            OvertrainingCheck c = withCheck.overtraining();
            overtraining.setTitle(String.format("Overtraining check: KS probability signal %.3f, background %.3f",
                    c.signalKs().probability(), c.backgroundKs().probability()));
            Color signal = new Color(0x1f77b4), background = new Color(0xd62728);
            Charts.setHistograms(overtraining, new String[] {"signal (train)", "background (train)"},
                    new Histogram[] {c.signalTrain(), c.backgroundTrain()}, new Color[] {signal, background}, true);
            // the other sample as points with error bars over the training bars, as TMVA draws it
            Charts.setDensityPoints(overtraining, new String[] {"signal (" + withCheck.data() + ")", "background (" + withCheck.data() + ")"},
                    new Histogram[] {c.signalTest(), c.backgroundTest()}, new Color[] {signal.darker(), background.darker()});
        }
    }
}
