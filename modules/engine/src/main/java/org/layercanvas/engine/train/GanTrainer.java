package org.layercanvas.engine.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.spi.Backend;
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
    /** Each step's labels and the rows' losses read back, 2·batch_size long. */
    private final float[] labels, rowLoss;
    /** Where fit gets each step's gradients: here, unless {@link #gradientsFrom} says otherwise. */
    private GanGradients gradients = new GanGradients() {
        @Override
        public double discriminator(BatchGradients.BatchAt at, int rows, float[] real, float[] z, long gSeed, long dSeed) {
            return discriminatorGradients(rows, real, z, gSeed, dSeed);
        }

        @Override
        public double generator(int rows, float[] z, long gSeed, long dSeed) {
            return generatorGradients(rows, z, gSeed, dSeed);
        }
    };
    /** D's gradients of its own step, kept while the G step back-propagates through D (see {@link #fit}). */
    private final List<Tensor> dGrads = new ArrayList<>();
    private final int latent, sample;
    private int step;
    /** Name prefixes of the two networks' tensors in a checkpoint. */
    static final String GENERATOR = "generator/", DISCRIMINATOR = "discriminator/";

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
        labels = new float[discriminator.maxBatch()];
        rowLoss = new float[discriminator.maxBatch()];
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

    /** Takes each step's gradients from {@code source} (data-parallel training); the optimizer steps stay here. */
    public GanTrainer gradientsFrom(GanGradients source) {
        this.gradients = source;
        return this;
    }

    /** Both networks' optimizers use the project's learning rate. */
    public float learningRate() {
        return gOptimizer.learningRate();
    }

    public History fit(Samples real, TrainingListener listener) {
        return fit(real, listener, null, null);
    }

    /**
     * Trains, keeping checkpoints and continuing from one, as {@link Trainer#fit(Samples, TrainingListener,
     * Consumer, Checkpoint)} does.
     *
     * @throws TrainingDiverged when a loss is not finite and {@code on_non_finite} is "stop"
     */
    public History fit(Samples samples, TrainingListener listener, Consumer<Checkpoint> saver, Checkpoint from) {
        Samples real = ShuffledEpoch.keptWhenBuffered(samples);
        if (real.featureShape().size() != sample) {
            throw new IllegalArgumentException("the generator makes " + generator.outputShape() + " but the data holds " + real.featureShape());
        }
        int batch = config.batchSize(), batches = real.count() / batch;
        if (batches == 0) {
            throw new IllegalArgumentException("a GAN needs at least batch_size (" + batch + ") training samples, not " + real.count());
        }
        listener.started(config.epochs(), batches);
        Backend b = discriminator.backend();
        ResumableRandom random = new ResumableRandom(config.seed());
        int firstEpoch = 1, firstBatch = 0;
        if (from != null) {
            from.checkSeed(config.seed());
            from.restore(GENERATOR, generator, gOptimizer);
            from.restore(DISCRIMINATOR, discriminator, dOptimizer);
            step = from.integer(Checkpoint.STEP);
            firstEpoch = from.integer(Checkpoint.EPOCH);
            firstBatch = from.integer(Checkpoint.BATCH);
            random = ResumableRandom.fromState(from.text(Checkpoint.RANDOM_AT_EPOCH_START));
        }
        float[] xs = new float[batch * sample], z = new float[batch * latent];
        List<EpochResult> epochs = new ArrayList<>();
        long intervalNanos = (long) (config.checkpointMinutes() * 60e9), lastCheckpoint = System.nanoTime();
        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            String randomAtEpochStart = random.state();
            ShuffledEpoch epochSamples = new ShuffledEpoch(real, random);
            double dLoss = 0, gLoss = 0;
            int bi = 0;
            if (epoch == firstEpoch && firstBatch > 0) { // continuing within the epoch: its noise stream and sums so far
                bi = firstBatch;
                random = ResumableRandom.fromState(from.text(Checkpoint.RANDOM_NOW));
                dLoss = from.number(Checkpoint.LOSS_SUM);
                gLoss = from.number(Checkpoint.G_LOSS_SUM);
                epochSamples.skip(bi * batch, null);
            }
            for (; bi < batches; bi++) {
                if (listener.stopRequested()) {
                    epochSamples.close();
                    save(saver, epoch, bi, randomAtEpochStart, random, dLoss, gLoss);
                    return new History(epochs, true);
                }
                step++;
                epochSamples.next(batch, xs, null);
                long gSeed = Trainer.stepSeed(config.seed(), step), dSeed = Trainer.stepSeed(config.seed() + 1, step);
                // D step on [real; G(z)] with labels [1; 0]
                drawNoise(random, z);
                double batchDLoss = gradients.discriminator(new BatchGradients.BatchAt(epoch, bi, randomAtEpochStart), batch, xs, z, gSeed, dSeed);
                checkFinite(batchDLoss, "the discriminator's loss", epoch, bi, 2 * batch);
                dLoss += batchDLoss;
                dOptimizer.step(b, discriminator.parameters(), step, 2 * batch);
                keepDiscriminatorGradients(b, true);
                // G step: D(G(z)) labelled 1, gradients through D into G
                drawNoise(random, z);
                double batchGLoss = gradients.generator(batch, z, gSeed, dSeed);
                checkFinite(batchGLoss, "the generator's loss", epoch, bi, batch);
                gLoss += batchGLoss;
                gOptimizer.step(b, generator.parameters(), step, batch);
                // the G step overwrote D's gradients; put back those D's own update used, so anyone
                // looking at D between batches sees the gradients of its last step
                keepDiscriminatorGradients(b, false);
                listener.batchEnd(epoch, bi, batchGLoss); // the generator's loss on this batch
                if (saver != null && bi + 1 < batches && System.nanoTime() - lastCheckpoint >= intervalNanos) {
                    save(saver, epoch, bi + 1, randomAtEpochStart, random, dLoss, gLoss);
                    lastCheckpoint = System.nanoTime();
                }
            }
            epochSamples.close(); // the rows past the last whole batch are not trained on this epoch
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("d_loss", dLoss / batches);
            values.put("g_loss", gLoss / batches);
            EpochResult result = new EpochResult(epoch, values, (System.nanoTime() - start) / 1e9);
            epochs.add(result);
            listener.epochEnd(result);
            save(saver, epoch + 1, 0, random.state(), random, 0, 0);
            lastCheckpoint = System.nanoTime();
        }
        return new History(epochs, false);
    }

    /** The guard: the forward pass of this loss is still in the buffers, generator's then discriminator's. */
    private void checkFinite(double loss, String what, int epoch, int batch, int dRows) {
        if (!Divergence.finite(loss) && config.onNonFinite().equals(TrainingConfig.STOP)) {
            throw Divergence.diverged(List.of(generator, discriminator), List.of(GENERATOR, DISCRIMINATOR),
                    new int[] {config.batchSize(), dRows}, epoch, batch, what, loss);
        }
    }

    private void save(Consumer<Checkpoint> saver, int epoch, int batch, String randomAtEpochStart, ResumableRandom random, double dLoss,
                      double gLoss) {
        if (saver == null) {
            return;
        }
        List<Checkpoint.Values> tensors = new ArrayList<>();
        Checkpoint.capture(tensors, GENERATOR, generator, gOptimizer);
        Checkpoint.capture(tensors, DISCRIMINATOR, discriminator, dOptimizer);
        Map<String, String> m = Checkpoint.metadata(config.seed(), epoch, batch, step);
        m.put(Checkpoint.RANDOM_AT_EPOCH_START, randomAtEpochStart);
        m.put(Checkpoint.RANDOM_NOW, random.state());
        m.put(Checkpoint.LOSS_SUM, String.valueOf(dLoss));
        m.put(Checkpoint.G_LOSS_SUM, String.valueOf(gLoss));
        saver.accept(new Checkpoint(tensors, m));
    }

    private void drawNoise(Random random, float[] z) {
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
    }

    /**
     * The discriminator's step on this machine: its gradients of the mean loss over {@code rows} real samples labelled 1
     * and G(z) labelled 0 ({@link GanGradients#discriminator}); a machine of a data-parallel run calls it on its slice.
     */
    public double discriminatorGradients(int rows, float[] real, float[] z, long gSeed, long dSeed) {
        Backend b = discriminator.backend();
        generate(b, z, rows, gSeed);
        b.write(discriminator.input(), real, 0, rows * sample);
        b.copyStrided(generator.output(), sample, 0, discriminator.input(), sample, rows * sample, rows, sample);
        java.util.Arrays.fill(labels, 0, rows, 1f);
        java.util.Arrays.fill(labels, rows, 2 * rows, 0f);
        return stepD(b, 2 * rows, dSeed);
    }

    /** The generator's step on this machine ({@link GanGradients#generator}); it overwrites the discriminator's gradients. */
    public double generatorGradients(int rows, float[] z, long gSeed, long dSeed) {
        Backend b = discriminator.backend();
        generate(b, z, rows, gSeed);
        b.copy(generator.output(), discriminator.input(), rows * sample);
        java.util.Arrays.fill(labels, 0, rows, 1f);
        double loss = stepD(b, rows, dSeed);
        b.copy(discriminator.inputGrad(), generator.outputGrad(), rows * sample);
        generator.backward(rows);
        return loss;
    }

    /** G(z) for {@code rows} rows of noise; the generator's output holds the samples afterwards. */
    private void generate(Backend b, float[] z, int rows, long seed) {
        b.write(generator.input(), z, 0, rows * latent);
        generator.forward(rows, true, seed);
    }

    /** Forward and backward of D on {@code rows} rows against {@link #labels}; returns the mean loss. */
    private double stepD(Backend b, int rows, long seed) {
        b.write(target, labels, 0, rows);
        discriminator.forward(rows, true, seed);
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
