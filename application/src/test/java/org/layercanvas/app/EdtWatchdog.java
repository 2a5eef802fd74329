package org.layercanvas.app;

import java.awt.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches the event dispatch thread while a GUI test runs: every 20 ms it posts a probe to the event
 * queue and times how long the probe waits to run. A wait over the limit is a stall; the EDT's stack
 * is taken when the limit passes, so the stall names the code that held the thread.
 * {@link #assertResponsive} fails a test with every stall and its stack.
 */
final class EdtWatchdog implements AutoCloseable {
    /** What a person notices as the interface freezing. */
    static final long LIMIT_MS = 200;
    private static final long PERIOD_MS = 20;

    /** One stall: how long the EDT did not answer, and where it was when the limit passed. */
    record Stall(long millis, StackTraceElement[] stack) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("EDT stalled for " + millis + " ms at:");
            for (StackTraceElement e : stack) {
                b.append("\n\tat ").append(e);
            }
            return b.toString();
        }
    }

    private final String phase;
    private final Thread watcher;
    private final List<Stall> stalls = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long maxMillis;

    private EdtWatchdog(String phase) {
        this.phase = phase;
        this.watcher = new Thread(this::watch, "EDT watchdog (" + phase + ")");
        watcher.setDaemon(true);
    }

    /** Starts watching; {@code phase} names what the test does meanwhile, for messages. */
    static EdtWatchdog start(String phase) {
        EdtWatchdog w = new EdtWatchdog(phase);
        w.watcher.start();
        return w;
    }

    private void watch() {
        try {
            while (running) {
                CountDownLatch ran = new CountDownLatch(1);
                long posted = System.nanoTime();
                EventQueue.invokeLater(ran::countDown);
                StackTraceElement[] stack = null;
                if (!ran.await(LIMIT_MS, TimeUnit.MILLISECONDS)) {
                    stack = dispatchThread().getStackTrace();
                    ran.await();
                }
                long millis = (System.nanoTime() - posted) / 1_000_000;
                synchronized (stalls) {
                    maxMillis = Math.max(maxMillis, millis);
                    if (stack != null && millis > LIMIT_MS) {
                        stalls.add(new Stall(millis, stack));
                    }
                }
                Thread.sleep(PERIOD_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The thread dispatching events now (the platform may replace it after an exception). */
    private static Thread dispatchThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("AWT-EventQueue-")) {
                return t;
            }
        }
        throw new IllegalStateException("no AWT-EventQueue thread");
    }

    /** The longest a probe waited so far. */
    long maxMillis() {
        return maxMillis;
    }

    List<Stall> stalls() {
        synchronized (stalls) {
            return List.copyOf(stalls);
        }
    }

    /** Stops watching and fails with every stall over {@link #LIMIT_MS}, each with the EDT's stack. */
    void assertResponsive() throws InterruptedException {
        close();
        System.out.println("EDT watchdog, " + phase + ": longest wait " + maxMillis + " ms, " + stalls.size() + " stalls over " + LIMIT_MS + " ms");
        List<Stall> found = stalls();
        if (!found.isEmpty()) {
            StringBuilder b = new StringBuilder("the EDT stalled " + found.size() + " times while " + phase + ":");
            found.forEach(s -> b.append('\n').append(s));
            throw new AssertionError(b.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        watcher.join(10_000);
    }
}
