package org.layercanvas.app;

import java.awt.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches the event dispatch thread while a GUI test runs: every 20 ms it posts a probe to the event
 * queue and times how long the probe waits to run. A wait over the limit is a stall; the EDT's stack
 * is taken when the limit passes and every 100 ms after, a profile of the code that held the thread.
 * {@link #assertResponsive} fails a test with every stall and its stacks.
 *
 * <p>A wait is the EDT's fault when the EDT itself computed for longer than the limit (its CPU time
 * over the wait), or was blocked or waiting on something. A wait while the EDT was runnable but got
 * little CPU is the machine's: on 2 cores shared with other builds the scheduler alone can hold any
 * thread for half a second. Those are counted and reported, not failed; so are waits in which the
 * EDT, when it was not running, was inside the event {@code Robot.waitForIdle} posts (SunToolkit.realSync):
 * the test's robot, not the application, made the EDT wait for the X toolkit thread, which a busy machine
 * may not schedule for a while. The EDT blocked or waiting anywhere else, or computing over the limit, fails.
 */
final class EdtWatchdog implements AutoCloseable {
    /** What a person notices as the interface freezing. */
    static final long LIMIT_MS = 200;
    private static final long PERIOD_MS = 20;

    private static final long SAMPLE_MS = 100;
    /** Frames shown per sample from the top; then the application's own frames, wherever they are. */
    private static final int TOP_FRAMES = 6, OWN_FRAMES = 8;

    /** One stall: how long the EDT did not answer, its CPU time meanwhile, and its stacks from when the limit passed, 100 ms apart. */
    record Stall(long millis, long cpuMillis, List<StackTraceElement[]> samples) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("EDT stalled for " + millis + " ms (" + cpuMillis + " ms of its own CPU):");
            for (int i = 0; i < samples.size(); i++) {
                b.append("\n  at " + (LIMIT_MS + i * SAMPLE_MS) + " ms:");
                StackTraceElement[] stack = samples.get(i);
                int own = 0;
                for (int f = 0; f < stack.length && own < OWN_FRAMES; f++) {
                    boolean ours = stack[f].getClassName().startsWith("org.layercanvas.");
                    if (f < TOP_FRAMES || ours) {
                        b.append(f == TOP_FRAMES && !ours ? "\n\t..." : "").append("\n\tat ").append(stack[f]);
                        own += ours ? 1 : 0;
                    }
                }
            }
            return b.toString();
        }
    }

    private final String phase;
    private final Thread watcher;
    private final List<Stall> stalls = new ArrayList<>();
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    private volatile boolean running = true;
    private volatile long maxMillis, maxCpuMillis;
    private volatile Thread edt;
    private int starved, robotWaits;

    private EdtWatchdog(String phase) {
        this.phase = phase;
        this.watcher = new Thread(this::watch, "EDT watchdog (" + phase + ")");
        watcher.setDaemon(true);
    }

    /**
     * Waits until the event queue answers within 50 ms five times in a row: what an earlier step left
     * queued (a window's first layout) is not blamed on the phase watched next.
     */
    static void waitUntilIdle() throws InterruptedException {
        long end = System.nanoTime() + 30_000_000_000L;
        for (int quick = 0; quick < 5 && System.nanoTime() < end; ) {
            CountDownLatch ran = new CountDownLatch(1);
            EventQueue.invokeLater(ran::countDown);
            quick = ran.await(50, TimeUnit.MILLISECONDS) ? quick + 1 : 0;
            ran.await();
            Thread.sleep(PERIOD_MS);
        }
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
                Thread dispatcher = edt != null ? edt : dispatchThread();
                long cpu = threads.getThreadCpuTime(dispatcher.getId());
                long posted = System.nanoTime();
                EventQueue.invokeLater(() -> {
                    edt = Thread.currentThread();
                    ran.countDown();
                });
                List<StackTraceElement[]> samples = new ArrayList<>();
                boolean held = false, robot = false;
                if (!ran.await(LIMIT_MS, TimeUnit.MILLISECONDS)) {
                    do {
                        // state and stack from one snapshot: read apart, a WAITING state could pair with the stack of the
                        // moment after, when the EDT had left the robot's sync (CI failed a test on such a pair)
                        java.lang.management.ThreadInfo info = threads.getThreadInfo(dispatcher.getId(), Integer.MAX_VALUE);
                        if (info == null) { // the dispatch thread ended (replaced after an exception): nothing to sample
                            continue;
                        }
                        Thread.State state = info.getThreadState();
                        StackTraceElement[] stack = info.getStackTrace();
                        boolean inRobotSync = java.util.Arrays.stream(stack).anyMatch(EdtWatchdog::isRobotSync);
                        // waiting inside the robot's sync is the test's doing; waiting anywhere else is the application's
                        held |= !inRobotSync && (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING);
                        robot |= inRobotSync;
                        samples.add(stack);
                    } while (!ran.await(SAMPLE_MS, TimeUnit.MILLISECONDS));
                }
                long millis = (System.nanoTime() - posted) / 1_000_000;
                long cpuMillis = (threads.getThreadCpuTime(dispatcher.getId()) - cpu) / 1_000_000;
                synchronized (stalls) {
                    maxMillis = Math.max(maxMillis, millis);
                    if (!samples.isEmpty() && millis > LIMIT_MS) {
                        maxCpuMillis = Math.max(maxCpuMillis, cpuMillis);
                        if (cpuMillis > LIMIT_MS || held) {
                            stalls.add(new Stall(millis, cpuMillis, samples));
                        } else if (robot) {
                            robotWaits++;
                        } else {
                            starved++;
                        }
                    }
                }
                Thread.sleep(PERIOD_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The event SunToolkit.realSync posts for Robot.waitForIdle, which waits for the X toolkit thread. */
    private static boolean isRobotSync(StackTraceElement frame) {
        return frame.getClassName().startsWith("sun.awt.SunToolkit$") && frame.getMethodName().equals("dispatch");
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
        System.out.println("EDT watchdog, " + phase + ": longest wait " + maxMillis + " ms (most EDT CPU in one wait " + maxCpuMillis
                + " ms), " + stalls.size() + " stalls over " + LIMIT_MS + " ms, " + starved + " waits over it with the EDT runnable but starved of CPU, "
                + robotWaits + " in the robot's waitForIdle");
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
