package org.layercanvas.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.data.Preprocessing;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.project.TrainingConfig;
import org.layercanvas.engine.train.BatchGradients.BatchAt;
import org.layercanvas.engine.train.BatchSlices;
import org.layercanvas.engine.train.GanTrainer;
import org.layercanvas.engine.train.Optimizer;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.workbench.ProjectSession;

/**
 * An executor's side of data-parallel training: the project opened once per executor JVM, its data read there from the
 * path every executor sees (nothing large comes from the driver); for each synchronous step the slice of the batch a task
 * asks for run forward and backward from the weights the driver broadcast, and for each round of parameter averaging
 * its slices of the round's batches trained on from the broadcast weights and optimizer state; for a GAN's two steps
 * the slice of the real rows and noise run through both networks. A task is a pure function of its arguments (the
 * weights, the batch's place, the rows, the seed), so Spark may run it again elsewhere after a lost executor.
 */
final class SliceWorker implements AutoCloseable {
    /** One per project (file, network, backend) in this JVM; tasks of one executor run one at a time on each. */
    private static final Map<Job, SliceWorker> OPEN = new ConcurrentHashMap<>();
    private final ProjectSession session;
    /** The supervised trainer, or null for a GAN. */
    private final Trainer trainer;
    /** The GAN's trainer (generator: the session's plan), or null. */
    private final GanTrainer gan;
    private final BatchSlices slices;
    private final int inSize, outSize;

    /**
     * What identifies a training job on an executor.
     *
     * @param project     the project file to train as (a resumed run's snapshot of it, or the project itself)
     * @param projectFile the project's own file, which its data paths are relative to
     * @param statistics  the driver's standardization of the training data, which executors use rather than each reading all
     *                    of it again to fit the same numbers
     */
    record Job(String project, String projectFile, String network, String backend, Statistics statistics) implements java.io.Serializable {
    }

    /** Per-feature means and standard deviations (both null without standardize); equal by content, as Job is a map key. */
    record Statistics(float[] mean, float[] std) implements java.io.Serializable {
        static Statistics of(Preprocessing p) {
            return new Statistics(p.mean(), p.std());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Statistics s && java.util.Arrays.equals(mean, s.mean) && java.util.Arrays.equals(std, s.std);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(mean) + java.util.Arrays.hashCode(std);
        }
    }

    private SliceWorker(Job job) throws IOException {
        Project project = ProjectFiles.read(Path.of(job.project()));
        Preprocess spec = project.data() == null || project.data().preprocess() == null ? Preprocess.NONE : project.data().preprocess();
        session = ProjectSession.open(project, Path.of(job.projectFile()), job.backend(), job.network(),
                Preprocessing.fitted(spec, job.statistics().mean(), job.statistics().std()));
        TrainingConfig config = session.project().training();
        boolean isGan = session.discriminator() != null;
        trainer = isGan ? null : new Trainer(session.plan(), config);
        gan = isGan ? new GanTrainer(session.plan(), session.discriminator(), config) : null;
        slices = isGan ? BatchSlices.everyRow(session.train(), config.batchSize()) : new BatchSlices(session.train(), config);
        inSize = session.plan().inputShape().size();
        outSize = session.plan().outputShape().size();
    }

    static SliceWorker of(Job job) {
        return OPEN.computeIfAbsent(job, j -> {
            try {
                return new SliceWorker(j);
            } catch (IOException e) {
                throw new UncheckedIOException(j.project() + ": " + e.getMessage(), e);
            }
        });
    }

    /** Rows {@code from} to {@code to} of batch {@code at}, run from {@code weights} (every parameter, flat). */
    synchronized SliceResult run(float[] weights, BatchAt at, int from, int to, long seed) {
        Plan plan = session.plan();
        Flat.write(weights, plan);
        int rows = to - from;
        float[] xs = new float[rows * inSize], ys = new float[rows * outSize], rowLoss = new float[rows], outputs = new float[rows * outSize];
        slices.read(at, from, to, xs, ys);
        trainer.runSlice(rows, xs, ys, seed, rowLoss);
        plan.backend().read(plan.output(), outputs, 0, rows * outSize);
        return new SliceResult(Flat.gradients(plan), rowLoss, outputs, Flat.untrained(plan));
    }

    /**
     * A GAN's discriminator step on rows {@code from} to {@code to} of batch {@code at}, their noise rows of {@code z}, from
     * {@code weights} (the generator's, then the discriminator's): the discriminator's gradients of the slice's mean loss.
     */
    synchronized GanSliceResult discriminator(float[] weights, BatchAt at, int from, int to, float[] z, long gSeed, long dSeed) {
        Flat.write(weights, ganPlans());
        int rows = to - from;
        float[] real = new float[rows * outSize]; // samples of what the generator makes
        slices.read(at, from, to, real, null);
        double loss = gan.discriminatorGradients(rows, real, noise(z, from, to), gSeed, dSeed);
        return new GanSliceResult(rows, loss, Flat.gradients(session.discriminator()), Flat.untrained(ganPlans()));
    }

    /** A GAN's generator step on rows {@code from} to {@code to} of {@code z}: the generator's gradients of the slice's mean loss. */
    synchronized GanSliceResult generator(float[] weights, int from, int to, float[] z, long gSeed, long dSeed) {
        Flat.write(weights, ganPlans());
        int rows = to - from;
        double loss = gan.generatorGradients(rows, noise(z, from, to), gSeed, dSeed);
        return new GanSliceResult(rows, loss, Flat.gradients(session.plan()), Flat.untrained(ganPlans()));
    }

    /** The generator, then the discriminator: the order their weights travel in. */
    private Plan[] ganPlans() {
        return new Plan[] {session.plan(), session.discriminator()};
    }

    /** Rows {@code from} to {@code to} of the batch's noise. */
    private float[] noise(float[] z, int from, int to) {
        int latent = session.plan().inputShape().size();
        return java.util.Arrays.copyOfRange(z, from * latent, to * latent);
    }

    /**
     * One round of parameter averaging on this task's share: from {@code state} (every weight, then the optimizer's state),
     * slice {@code part} of {@code parts} of each of {@code count} batches from batch {@code firstBatch} of the epoch, one
     * optimizer step each, numbered from {@code firstStep}.
     *
     * @param rows each batch's rows
     */
    synchronized RoundResult train(float[] state, int epoch, int firstBatch, String shuffle, int[] rows, int part, int parts, int firstStep) {
        Plan plan = session.plan();
        Flat.writeState(plan, trainer.optimizer(), state);
        float[][] losses = new float[rows.length][], outputs = new float[rows.length][];
        int trained = 0;
        for (int i = 0; i < rows.length; i++) {
            int from = part * rows[i] / parts, to = (part + 1) * rows[i] / parts, n = to - from;
            float[] xs = new float[n * inSize], ys = new float[n * outSize];
            losses[i] = new float[n];
            outputs[i] = new float[n * outSize];
            if (n > 0) {
                slices.read(new BatchAt(epoch, firstBatch + i, shuffle), from, to, xs, ys);
                trainer.localStep(n, xs, ys, firstStep + i, losses[i]);
                plan.backend().read(plan.output(), outputs[i], 0, n * outSize);
                trained += n;
            }
        }
        return new RoundResult(Flat.state(plan, trainer.optimizer()), losses, outputs, trained);
    }

    /** The preprocessing this executor applies to its data: the driver's, as the job carried it. */
    Preprocessing preprocessing() {
        return session.preprocessing();
    }

    @Override
    public synchronized void close() {
        slices.close();
        session.close();
    }

    /** Closes this JVM's workers (a test's local executors between runs). */
    static void closeAll() {
        OPEN.values().forEach(SliceWorker::close);
        OPEN.clear();
    }

    /** Parameters as one array: every value for the weights sent out, the trainable ones' gradients for what comes back. */
    static final class Flat {
        private Flat() {
        }

        static float[] weights(Plan... plans) {
            return read(plans, p -> true, Parameter::value);
        }

        static void write(float[] weights, Plan... plans) {
            write(plans, p -> true, Parameter::value, weights);
        }

        static float[] gradients(Plan... plans) {
            return read(plans, p -> p.grad() != null, Parameter::grad);
        }

        static void writeGradients(float[] gradients, Plan... plans) {
            write(plans, p -> p.grad() != null, Parameter::grad, gradients);
        }

        /** The parameters without gradients (running statistics), one after the other. */
        static float[] untrained(Plan... plans) {
            return read(plans, p -> p.grad() == null, Parameter::value);
        }

        static void writeUntrained(float[] values, Plan... plans) {
            write(plans, p -> p.grad() == null, Parameter::value, values);
        }

        /** The {@code tensor} of each parameter {@code which} takes, one after the other in the plans' order and each plan's. */
        private static float[] read(Plan[] plans, java.util.function.Predicate<Parameter> which, java.util.function.Function<Parameter, Tensor> tensor) {
            int n = 0;
            for (Plan plan : plans) {
                for (Parameter p : plan.parameters()) {
                    n += which.test(p) ? p.size() : 0;
                }
            }
            float[] all = new float[n];
            int at = 0;
            for (Plan plan : plans) {
                for (Parameter p : plan.parameters()) {
                    if (which.test(p)) {
                        plan.backend().read(tensor.apply(p), all, at, p.size());
                        at += p.size();
                    }
                }
            }
            return all;
        }

        /** The inverse of {@link #read}: {@code values} from their start into those tensors. */
        private static void write(Plan[] plans, java.util.function.Predicate<Parameter> which, java.util.function.Function<Parameter, Tensor> tensor,
                                  float[] values) {
            int at = 0;
            for (Plan plan : plans) {
                for (Parameter p : plan.parameters()) {
                    if (which.test(p)) {
                        plan.backend().write(tensor.apply(p), values, at, p.size());
                        at += p.size();
                    }
                }
            }
        }

        /** Every weight, then the optimizer's state tensors, in its order. */
        static float[] state(Plan plan, Optimizer optimizer) {
            List<Optimizer.StateTensor> slots = optimizer.state(plan.backend(), plan.parameters());
            float[] weights = weights(plan);
            int n = weights.length;
            for (Optimizer.StateTensor t : slots) {
                n += t.parameter().size();
            }
            float[] all = java.util.Arrays.copyOf(weights, n);
            int at = weights.length;
            for (Optimizer.StateTensor t : slots) {
                plan.backend().read(t.tensor(), all, at, t.parameter().size());
                at += t.parameter().size();
            }
            return all;
        }

        static void writeState(Plan plan, Optimizer optimizer, float[] state) {
            write(state, plan);
            int at = 0;
            for (Parameter p : plan.parameters()) {
                at += p.size();
            }
            for (Optimizer.StateTensor t : optimizer.state(plan.backend(), plan.parameters())) {
                plan.backend().write(t.tensor(), state, at, t.parameter().size());
                at += t.parameter().size();
            }
        }

    }
}
