package org.layercanvas.engine.insight;

/**
 * Pause, resume and stop for a run, from any thread. The training thread calls {@link #checkpoint}
 * between batches; it blocks there while paused. Stopping also ends a pause.
 */
public final class TrainingControl {
    private boolean paused, stopped, holding;
    private long pausedNanos;

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    public synchronized boolean paused() {
        return paused && !stopped;
    }

    /** Whether the training thread is waiting in {@link #checkpoint} now (a pause asked for takes effect after the current batch). */
    public synchronized boolean holding() {
        return holding;
    }

    /** All the time the training thread has waited in {@link #checkpoint}, for speed and ETA figures. */
    public synchronized long pausedNanos() {
        return pausedNanos;
    }

    public synchronized boolean stopped() {
        return stopped;
    }

    /** Waits while paused; returns the nanoseconds spent waiting, so speed figures can leave them out. */
    public synchronized long checkpoint() {
        long start = System.nanoTime();
        while (paused && !stopped) {
            holding = true;
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
        holding = false;
        long waited = System.nanoTime() - start;
        pausedNanos += waited;
        return waited;
    }
}
