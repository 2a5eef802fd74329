package org.layercanvas.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time the JVM's just-in-time compiler threads have used so far, read from Linux's /proc: whether the JIT is
 * still compiling, which the JVM's own counters cannot say (they count a compilation when it ends, and C2 spends up to a
 * second on one method). Where there is no /proc, {@link #cpuNanos()} stays 0: the JIT then always looks quiet.
 */
final class CompilerActivity {
    /** The kernel's names of HotSpot's compiler threads ("C2 CompilerThread0" cut to 15 characters). */
    private static final String C1 = "C1 CompilerThre", C2 = "C2 CompilerThre";
    /** Linux's clock ticks a second, in which /proc gives CPU times (USER_HZ, 100 on every architecture Java runs on). */
    private static final long TICK_NANOS = 10_000_000L;
    private final Path tasks;

    CompilerActivity(Path tasks) {
        this.tasks = tasks;
    }

    /** This process' compiler threads. */
    static CompilerActivity ofThisProcess() {
        return new CompilerActivity(Path.of("/proc/self/task"));
    }

    /** The user and system CPU time of every compiler thread alive, in nanoseconds (10 ms steps); 0 where unreadable. */
    long cpuNanos() {
        long ticks = 0;
        try (Stream<Path> all = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) all::iterator) {
                ticks += compilerTicks(task);
            }
        } catch (IOException | RuntimeException e) {
            return 0; // no /proc, or the listing failed: the JIT looks quiet, as the class says
        }
        return ticks * TICK_NANOS;
    }

    /** utime + stime of a compiler thread, 0 for any other thread or one that ended meanwhile. */
    private static long compilerTicks(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('('), close = stat.lastIndexOf(')'); // the name may hold spaces and parentheses
            String name = stat.substring(open + 1, close);
            if (!name.startsWith(C1) && !name.startsWith(C2)) {
                return 0;
            }
            // after the name: state (field 3) ... utime (14), stime (15)
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
