package org.layercanvas.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The backend's threads for one op at a time: the caller runs task 0, a worker each of the others. A worker waits for
 * its next task spinning for {@link #SPIN_NANOS} before it parks, so the ops of a training step, which follow each other
 * within microseconds, find it awake: handing a task to a parked thread pool worker and joining it took 32–48 µs on the
 * 2-core VM, as long as a whole 128×128×256 product on one core, so products that size ran on one thread. Once the
 * spin has run out (between epochs, after training) the worker parks and costs nothing.
 *
 * <p>One op at a time: a call from a task of the op (on a worker or the caller), from a second thread while an op runs,
 * or after {@link #close}, runs its tasks one after the other on the calling thread. Every split of work here gives the
 * same result on any number of threads, so that changes the time only.
 */
final class Team implements AutoCloseable {
    /** About the longest gap between two ops of a step (an optimizer step over a layer, a loss). */
    private static final long SPIN_NANOS = 100_000;
    private final Worker[] workers;
    /** Whether an op holds the workers; not re-entrant, as a task of that op calling in must not post to them. */
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean closed;
    /** Whether every op runs all its tasks on the calling thread, leaving the workers idle (see {@link #callerOnly}). */
    private volatile boolean callerOnly;

    /** @param threads the caller and {@code threads − 1} workers */
    Team(int threads) {
        workers = new Worker[Math.max(0, threads - 1)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
            Thread t = new Thread(workers[i], "layercanvas-cpu-" + (i + 1));
            t.setDaemon(true);
            workers[i].thread = t;
            t.start();
        }
    }

    /** Threads one op may use: the caller's and the workers'. */
    int threads() {
        return workers.length + 1;
    }

    /**
     * While on, each op runs all its tasks, one after the other, on the calling thread: the same tasks as with the workers,
     * so the same code and the same results. The trainer's warm-up steps run so, leaving the other cores to the JIT's
     * compiler threads that the warm-up waits for.
     */
    void callerOnly(boolean on) {
        callerOnly = on;
    }

    /** Runs tasks 0 to {@code tasks − 1} (at most {@link #threads()}), task 0 on the calling thread, and returns when all are done. */
    void run(int tasks, IntConsumer task) {
        if (tasks == 1 || callerOnly || closed || !busy.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
            return;
        }
        try {
            for (int t = 1; t < tasks; t++) {
                workers[t - 1].post(task, t);
            }
            Throwable failure = null;
            try {
                task.accept(0);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (int t = 1; t < tasks; t++) {
                Throwable e = workers[t - 1].await();
                if (failure == null) {
                    failure = e;
                } else if (e != null) {
                    failure.addSuppressed(e);
                }
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            } else if (failure instanceof Error e) {
                throw e;
            }
        } finally {
            busy.set(false);
        }
    }

    /** Ends the workers (they are daemon threads: a backend never closed leaves them parked, not the JVM running). */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            w.closed = true;
            LockSupport.unpark(w.thread);
        }
    }

    private static final class Worker implements Runnable {
        Thread thread;
        private IntConsumer task;
        private int id;
        private Throwable failure;
        /** Tasks posted and finished; the volatile writes publish the task to the worker and its results to the caller. */
        private volatile long posted, done;
        private volatile boolean parked, closed;

        void post(IntConsumer task, int id) {
            this.task = task;
            this.id = id;
            this.failure = null;
            posted = posted + 1;
            if (parked) { // read after the write of posted: the worker either sees the task or is unparked
                LockSupport.unpark(thread);
            }
        }

        /** Waits for the posted task; its failure, if any. */
        Throwable await() {
            long spins = 0;
            while (done != posted) {
                if (++spins < 100_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the worker was descheduled: let it have this core
                }
            }
            return failure;
        }

        @Override
        public void run() {
            long seen = 0;
            while (!closed) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (posted == seen && !closed) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == seen && !closed) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        spinUntil = System.nanoTime() + SPIN_NANOS;
                    }
                }
                if (closed) {
                    return;
                }
                seen = posted;
                try {
                    task.accept(id);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                task = null;
                done = seen;
            }
        }
    }
}
