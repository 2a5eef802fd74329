package org.layercanvas.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.train.BatchGradients.BatchAt;
import org.layercanvas.engine.train.BatchSlices;
import org.layercanvas.engine.train.Trainer;
import org.layercanvas.workbench.ProjectSession;

/**
 * An executor's side of data-parallel training: the project opened once per executor JVM, its data read there from the
 * path every executor sees (nothing large comes from the driver), and for each step the slice of the batch a task asks
 * for run forward and backward from the weights the driver broadcast. A task is a pure function of its arguments (the
 * weights, the batch's place, the rows, the seed), so Spark may run it again elsewhere after a lost executor.
 */
final class SliceWorker implements AutoCloseable {
    /** One per project (file, network, backend) in this JVM; tasks of one executor run one at a time on each. */
    private static final Map<Job, SliceWorker> OPEN = new ConcurrentHashMap<>();
    private final ProjectSession session;
    private final Trainer trainer;
    private final BatchSlices slices;
    private final int inSize, outSize;

    /** What identifies a training job on an executor. */
    record Job(String projectFile, String network, String backend) implements java.io.Serializable {
    }

    private SliceWorker(Job job) throws IOException {
        session = ProjectSession.open(Path.of(job.projectFile()), job.backend(), job.network());
        trainer = new Trainer(session.plan(), session.project().training());
        slices = new BatchSlices(session.train(), session.project().training());
        inSize = session.plan().inputShape().size();
        outSize = session.plan().outputShape().size();
    }

    static SliceWorker of(Job job) {
        return OPEN.computeIfAbsent(job, j -> {
            try {
                return new SliceWorker(j);
            } catch (IOException e) {
                throw new UncheckedIOException(j.projectFile() + ": " + e.getMessage(), e);
            }
        });
    }

    /** Rows {@code from} to {@code to} of batch {@code at}, run from {@code weights} (every parameter, flat). */
    synchronized SliceResult run(float[] weights, BatchAt at, int from, int to, long seed) {
        Plan plan = session.plan();
        Flat.write(plan, weights);
        int rows = to - from;
        float[] xs = new float[rows * inSize], ys = new float[rows * outSize], rowLoss = new float[rows], outputs = new float[rows * outSize];
        slices.read(at, from, to, xs, ys);
        trainer.runSlice(rows, xs, ys, seed, rowLoss);
        plan.backend().read(plan.output(), outputs, 0, rows * outSize);
        return new SliceResult(Flat.gradients(plan), rowLoss, outputs);
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

        static float[] weights(Plan plan) {
            int n = 0;
            for (Parameter p : plan.parameters()) {
                n += p.size();
            }
            float[] all = new float[n];
            int at = 0;
            for (Parameter p : plan.parameters()) {
                plan.backend().read(p.value(), all, at, p.size());
                at += p.size();
            }
            return all;
        }

        static void write(Plan plan, float[] weights) {
            int at = 0;
            for (Parameter p : plan.parameters()) {
                plan.backend().write(p.value(), weights, at, p.size());
                at += p.size();
            }
        }

        static float[] gradients(Plan plan) {
            float[] all = new float[gradientSize(plan)];
            int at = 0;
            for (Parameter p : plan.parameters()) {
                if (p.grad() != null) {
                    plan.backend().read(p.grad(), all, at, p.size());
                    at += p.size();
                }
            }
            return all;
        }

        static int gradientSize(Plan plan) {
            int n = 0;
            for (Parameter p : plan.parameters()) {
                n += p.grad() == null ? 0 : p.size();
            }
            return n;
        }

        static void writeGradients(Plan plan, float[] gradients) {
            int at = 0;
            for (Parameter p : plan.parameters()) {
                if (p.grad() != null) {
                    plan.backend().write(p.grad(), gradients, at, p.size());
                    at += p.size();
                }
            }
        }
    }
}
