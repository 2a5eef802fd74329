package org.layercanvas.engine.insight;

import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.train.Generation;
import org.layercanvas.engine.train.Metrics;
import org.layercanvas.engine.train.Trainer;

/**
 * Computes the dashboard's figures for one network and its data: which ones apply is decided once
 * (classifier? one output? two inputs? images?), then each epoch turns held-out outputs into
 * {@link Diagnostics}. Runs on the training thread.
 */
final class Figures {
    static final int GRID = 48, POINTS = 400, OVERTRAINING_ROWS = 2000, SAMPLE_RUN = 100, IMAGES = 8, OVERTRAINING_BINS = 40;
    /** Rows read at a time when a figure passes over all the training data. */
    private static final int PASS_ROWS = 4096;

    private final Plan plan;
    private final TrainingConfig config;
    private final boolean gan, classifier, binary, logitOutput;
    private final int in, out;
    private final int[] image;
    /**
     * A fixed spread of training rows, for the overtraining check and the boundary's points: runs of
     * consecutive rows spread over the data, so that streamed data is read in a few pieces, not row by row.
     */
    private final float[] trainSampleX, trainSampleY;
    private final int trainSampleRows;
    private final double[] range;

    /** @param trainRows how many of {@code train}'s first rows are trained on (the rest is validation data) */
    Figures(Plan plan, TrainingConfig config, Samples train, int trainRows) {
        this.plan = plan;
        this.config = config;
        this.gan = config.scheme().equals(TrainingConfig.GAN);
        boolean autoencoder = config.scheme().equals(TrainingConfig.AUTOENCODER);
        this.in = plan.inputShape().size();
        this.out = plan.outputShape().size();
        this.classifier = !gan && !autoencoder && isClassifier(config) && classLike(train);
        this.binary = classifier && out == 1;
        this.logitOutput = config.fromLogits() && out == 1;
        this.image = gan || autoencoder ? ImageSet.layout(plan.outputShape()) : null;
        int rows = Math.min(OVERTRAINING_ROWS, trainRows);
        this.trainSampleRows = rows;
        this.trainSampleX = new float[rows * train.featureShape().size()];
        this.trainSampleY = new float[rows * train.targetShape().size()];
        int fx = train.featureShape().size(), fy = train.targetShape().size(), runs = (rows + SAMPLE_RUN - 1) / SAMPLE_RUN;
        for (int k = 0; k < runs; k++) {
            int from = (int) ((long) k * rows / runs), to = (int) ((long) (k + 1) * rows / runs);
            train.copy((int) ((long) k * trainRows / runs), to - from, trainSampleX, from * fx, trainSampleY, from * fy);
        }
        this.range = classifier && in == 2 ? range(train, trainRows) : null;
    }

    private static boolean isClassifier(TrainingConfig c) {
        return c.loss().equals(LossKind.BINARY_CROSSENTROPY.key()) || c.loss().equals(LossKind.CATEGORICAL_CROSSENTROPY.key())
                || c.metrics().contains("accuracy");
    }

    /** Targets that are labels: 0/1 (one-hot or binary) or ±1 (the perceptron's). */
    private static boolean classLike(Samples d) {
        int rows = Math.min(d.count(), 10_000), n = rows * d.targetShape().size();
        float[] targets = new float[n];
        d.copy(0, rows, null, 0, targets, 0);
        for (int i = 0; i < n; i++) {
            float t = targets[i];
            if (t != 0f && t != 1f && t != -1f) {
                return false;
            }
        }
        return n > 0;
    }

    /** The data's extent in both inputs, with a margin, as {xLo, xHi, yLo, yHi}. */
    private static double[] range(Samples d, int rows) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        float[] x = new float[2 * Math.min(rows, PASS_ROWS)];
        for (int from = 0; from < rows; from += PASS_ROWS) {
            int n = Math.min(PASS_ROWS, rows - from);
            d.copy(from, n, x, 0, null, 0);
            for (int i = 0; i < n; i++) {
                r[0] = Math.min(r[0], x[2 * i]);
                r[1] = Math.max(r[1], x[2 * i]);
                r[2] = Math.min(r[2], x[2 * i + 1]);
                r[3] = Math.max(r[3], x[2 * i + 1]);
            }
        }
        double mx = Math.max(1e-6, (r[1] - r[0]) * 0.1), my = Math.max(1e-6, (r[3] - r[2]) * 0.1);
        return new double[] {r[0] - mx, r[1] + mx, r[2] - my, r[3] + my};
    }

    boolean hasBoundary() {
        return range != null;
    }

    /**
     * The figures for one epoch (or the final test).
     *
     * @param evaluation the network's outputs on {@code data} (probabilities where the loss takes logits) and the targets;
     *                   null with {@code data} for a GAN's samples
     */
    Diagnostics compute(String dataName, Samples data, Trainer.Evaluation evaluation) {
        float[] outputs = evaluation == null ? null : evaluation.outputs(), targets = evaluation == null ? null : evaluation.targets();
        ConfusionMatrix confusion = null;
        RocCurve roc = null;
        OvertrainingCheck overtraining = null;
        if (classifier) {
            confusion = ConfusionMatrix.of(outputs, targets, data.count(), out);
            if (binary) {
                roc = RocCurve.of(outputs, targets, data.count()).downsample(200);
                float[] trainOut = predict(trainSampleX, trainSampleRows);
                overtraining = OvertrainingCheck.of(trainOut, trainSampleY, trainSampleRows, outputs, targets, data.count(),
                        OVERTRAINING_BINS);
            }
        }
        return new Diagnostics(dataName, confusion, roc, overtraining, boundary(), images(data, outputs));
    }

    /** The classifier over a grid spanning the training data, with a sample of the data on top; null without two inputs. */
    DecisionBoundary boundary() {
        if (range == null) {
            return null;
        }
        float[] grid = new float[GRID * GRID * 2];
        for (int iy = 0; iy < GRID; iy++) {
            for (int ix = 0; ix < GRID; ix++) {
                grid[2 * (iy * GRID + ix)] = (float) (range[0] + (range[1] - range[0]) * (ix + 0.5) / GRID);
                grid[2 * (iy * GRID + ix) + 1] = (float) (range[2] + (range[3] - range[2]) * (iy + 0.5) / GRID);
            }
        }
        float[] p = predict(grid, GRID * GRID);
        float[] values = new float[GRID * GRID];
        for (int i = 0; i < values.length; i++) {
            values[i] = out == 1 ? p[i] : Metrics.argmax(p, i * out, out);
        }
        int n = Math.min(POINTS, trainSampleRows);
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            int r = (int) ((long) k * trainSampleRows / n);
            points[2 * k] = trainSampleX[2 * r];
            points[2 * k + 1] = trainSampleX[2 * r + 1];
            labels[k] = out == 1 ? (trainSampleY[r] > 0.5f ? 1 : 0) : Metrics.argmax(trainSampleY, r * out, out);
        }
        return new DecisionBoundary(range[0], range[1], range[2], range[3], GRID, GRID, Math.max(2, out), values, points, labels);
    }

    /** Autoencoders: inputs over reconstructions (and a VAE's new samples); GANs: new samples. Null otherwise. */
    private ImageSet images(Samples data, float[] outputs) {
        if (image == null) {
            return null;
        }
        int size = image[0] * image[1] * image[2];
        boolean vae = !gan && Generation.samplingNode(plan) != null;
        if (gan) {
            float[] samples = Generation.draw(plan, true, 2 * IMAGES, config.seed() + 7);
            return new ImageSet("samples from fixed noise", 2 * IMAGES, image[0], image[1], image[2], IMAGES, samples);
        }
        int n = Math.min(IMAGES, data.count());
        int rows = vae ? 3 : 2;
        float[] pixels = new float[rows * IMAGES * size];
        data.copy(0, n, pixels, 0, null, 0);
        System.arraycopy(outputs, 0, pixels, IMAGES * size, n * size);
        if (vae) {
            System.arraycopy(Generation.draw(plan, false, IMAGES, config.seed() + 7), 0, pixels, 2 * IMAGES * size, IMAGES * size);
        }
        return new ImageSet(vae ? "inputs, reconstructions, samples from N(0, 1)" : "inputs, reconstructions",
                rows * IMAGES, image[0], image[1], image[2], IMAGES, pixels);
    }

    /** The network's outputs in inference mode, as probabilities where the loss takes logits. */
    float[] predict(float[] x, int rows) {
        float[] p = plan.predict(x, rows);
        if (logitOutput) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (1 / (1 + Math.exp(-p[i])));
            }
        }
        return p;
    }
}
