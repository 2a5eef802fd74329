package org.layercanvas.engine.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.CounterRandom;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.Tensor;

/**
 * The {@code gan} scheme: a generator G (noise z ~ N(0, 1) → sample) against a discriminator D
 * (sample → P(real)), each with its own optimizer of the project's type, alternating per batch:
 * <ol>
 * <li>D step: one batch of real samples labelled 1 and G(z) labelled 0, binary cross-entropy;</li>
 * <li>G step: D(G(z)) labelled 1 — the non-saturating form of the lecture's min-max objective
 * (maximise log D(G(z)) instead of minimising log(1 − D(G(z))), which gives G useful gradients
 * early on) — back-propagated through D, whose weights are left unchanged, into G.</li>
 * </ol>
 * D must be compiled with input gradients and for twice the batch size.
 */
public final class GanTrainer {
    private final Plan generator, discriminator;
    private final TrainingConfig config;
    private final Optimizer gOptimizer, dOptimizer;
    private final Tensor target, lossPerRow;
    /** D's gradients of its own step, kept while the G step back-propagates through D (see {@link #fit}). */
    private final List<Tensor> dGrads = new ArrayList<>();
    private final int latent, sample;
    private int step;

    public GanTrainer(Plan generator, Plan discriminator, TrainingConfig config) {
        this.generator = generator;
        this.discriminator = discriminator;
        this.config = config;
        this.gOptimizer = Optimizers.create(config.optimizer());
        this.dOptimizer = Optimizers.create(config.optimizer());
        this.latent = generator.inputShape().size();
        this.sample = generator.outputShape().size();
        if (discriminator.inputShape().size() != sample) {
            throw new IllegalArgumentException("the generator makes " + generator.outputShape() + " but the discriminator reads "
                    + discriminator.inputShape());
        }
        if (discriminator.outputShape().size() != 1) {
            throw new IllegalArgumentException("the discriminator must output one probability, not " + discriminator.outputShape());
        }
        if (discriminator.inputGrad() == null || discriminator.maxBatch() < 2 * config.batchSize() || generator.maxBatch() < config.batchSize()) {
            throw new IllegalStateException("compile the discriminator with input gradients for 2·batch_size rows");
        }
        Backend b = discriminator.backend();
        target = b.allocate(discriminator.maxBatch());
        lossPerRow = b.allocate(discriminator.maxBatch());
        for (var p : discriminator.parameters()) {
            if (p.grad() != null) {
                dGrads.add(b.allocate(p.size()));
            }
        }
    }

    /** Copies D's parameter gradients into {@link #dGrads} (save) or back (restore). */
    private void keepDiscriminatorGradients(Backend b, boolean save) {
        int i = 0;
        for (var p : discriminator.parameters()) {
            if (p.grad() != null) {
                Tensor kept = dGrads.get(i++);
                if (save) {
                    b.copy(p.grad(), kept, p.size());
                } else {
                    b.copy(kept, p.grad(), p.size());
                }
            }
        }
    }

    /** Both networks' optimizers use the project's learning rate. */
    public float learningRate() {
        return gOptimizer.learningRate();
    }

    public History fit(Dataset real, TrainingListener listener) {
        if (real.featureShape().size() != sample) {
            throw new IllegalArgumentException("the generator makes " + generator.outputShape() + " but the data holds " + real.featureShape());
        }
        int batch = config.batchSize(), batches = real.count() / batch;
        if (batches == 0) {
            throw new IllegalArgumentException("a GAN needs at least batch_size (" + batch + ") training samples, not " + real.count());
        }
        listener.started(config.epochs(), batches);
        Backend b = discriminator.backend();
        Random random = new Random(config.seed());
        float[] xs = new float[batch * sample], z = new float[batch * latent], labels = new float[2 * batch], rows = new float[2 * batch];
        List<EpochResult> epochs = new ArrayList<>();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = Trainer.permutation(real.count(), random);
            double dLoss = 0, gLoss = 0;
            for (int bi = 0; bi < batches; bi++) {
                if (listener.stopRequested()) {
                    return new History(epochs, true);
                }
                step++;
                for (int r = 0; r < batch; r++) {
                    System.arraycopy(real.features(), order[bi * batch + r] * sample, xs, r * sample, sample);
                }
                // D step on [real; G(z)] with labels [1; 0]
                generate(b, random, z, batch);
                b.write(discriminator.input(), xs, 0, batch * sample);
                b.copyStrided(generator.output(), sample, 0, discriminator.input(), sample, batch * sample, batch, sample);
                java.util.Arrays.fill(labels, 0, batch, 1f);
                java.util.Arrays.fill(labels, batch, 2 * batch, 0f);
                dLoss += stepD(b, labels, rows, 2 * batch);
                dOptimizer.step(b, discriminator.parameters(), step, 2 * batch);
                keepDiscriminatorGradients(b, true);
                // G step: D(G(z)) labelled 1, gradients through D into G
                generate(b, random, z, batch);
                b.copy(generator.output(), discriminator.input(), batch * sample);
                java.util.Arrays.fill(labels, 0, batch, 1f);
                double batchGLoss = stepD(b, labels, rows, batch);
                gLoss += batchGLoss;
                b.copy(discriminator.inputGrad(), generator.outputGrad(), batch * sample);
                generator.backward(batch);
                gOptimizer.step(b, generator.parameters(), step, batch);
                // the G step overwrote D's gradients; put back those D's own update used, so anyone
                // looking at D between batches sees the gradients of its last step
                keepDiscriminatorGradients(b, false);
                listener.batchEnd(epoch, bi, batchGLoss); // the generator's loss on this batch
            }
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("d_loss", dLoss / batches);
            values.put("g_loss", gLoss / batches);
            EpochResult result = new EpochResult(epoch, values, (System.nanoTime() - start) / 1e9);
            epochs.add(result);
            listener.epochEnd(result);
        }
        return new History(epochs, false);
    }

    /** G(z) for fresh noise; the generator's output holds the samples afterwards. */
    private void generate(Backend b, Random random, float[] z, int batch) {
        for (int i = 0; i < batch * latent; i++) {
            z[i] = (float) random.nextGaussian();
        }
        b.write(generator.input(), z, 0, batch * latent);
        generator.forward(batch, true, CounterRandom.hash(config.seed(), step) ^ ((long) step << 32));
    }

    /** Forward and backward of D on {@code rows} rows against {@code labels}; returns the mean loss. */
    private double stepD(Backend b, float[] labels, float[] rowLoss, int rows) {
        b.write(target, labels, 0, rows);
        discriminator.forward(rows, true, CounterRandom.hash(config.seed() + 1, step) ^ ((long) step << 32));
        b.loss(LossKind.BINARY_CROSSENTROPY, config.fromLogits(), discriminator.output(), target, discriminator.outputGrad(), lossPerRow, rows, 1);
        discriminator.backward(rows);
        b.read(lossPerRow, rowLoss, 0, rows);
        double s = 0;
        for (int r = 0; r < rows; r++) {
            s += rowLoss[r];
        }
        return s / rows;
    }

    /** {@code count} samples of a generator for fresh N(0, 1) noise drawn with {@code seed}, in inference mode. */
    public static float[] samples(Plan generator, int count, long seed) {
        Random random = new Random(seed);
        float[] z = new float[count * generator.inputShape().size()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return generator.predict(z, count);
    }
}
