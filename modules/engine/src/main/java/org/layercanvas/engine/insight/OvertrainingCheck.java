package org.layercanvas.engine.insight;

import java.util.Arrays;

/**
 * TMVA's overtraining check for a binary classifier: the output distributions of signal (target &gt; 0.5)
 * and background on the training and on the held-out test sample, histogrammed over one common range
 * (min to max of all finite outputs, see {@link Histogram#of(float[], int, int, int)} for degenerate ranges)
 * so they overlay bin for bin, and an unbinned Kolmogorov–Smirnov test of train against test per class.
 * A KS probability near 0 means the network scores its training rows differently from unseen ones.
 * A class missing from either sample has NaN KS fields (see {@link KolmogorovSmirnov}).
 */
public record OvertrainingCheck(Histogram signalTrain, Histogram backgroundTrain, Histogram signalTest,
                                Histogram backgroundTest, KolmogorovSmirnov.Result signalKs,
                                KolmogorovSmirnov.Result backgroundKs) {

    public static OvertrainingCheck of(float[] trainScores, float[] trainTargets, int nTrain,
                                       float[] testScores, float[] testTargets, int nTest, int bins) {
        float[][] train = split(trainScores, trainTargets, nTrain), test = split(testScores, testTargets, nTest);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (float[] scores : new float[][] {train[0], train[1], test[0], test[1]}) {
            for (float v : scores) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double[] range = Histogram.autoRange(min, max);
        return new OvertrainingCheck(hist(train[1], range, bins), hist(train[0], range, bins),
                hist(test[1], range, bins), hist(test[0], range, bins),
                KolmogorovSmirnov.test(train[1], train[1].length, test[1], test[1].length),
                KolmogorovSmirnov.test(train[0], train[0].length, test[0], test[0].length));
    }

    /** {background scores, signal scores} of the first n rows. */
    private static float[][] split(float[] scores, float[] targets, int n) {
        float[] signal = new float[n], background = new float[n];
        int s = 0, b = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] > 0.5f) {
                signal[s++] = scores[i];
            } else {
                background[b++] = scores[i];
            }
        }
        return new float[][] {Arrays.copyOf(background, b), Arrays.copyOf(signal, s)};
    }

    private static Histogram hist(float[] values, double[] range, int bins) {
        return Histogram.of(values, 0, values.length, range[0], range[1], bins);
    }
}
