package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the trainer's warm-up reads to know whether the JIT is still compiling. */
class CompilerActivityTest {
    @Test
    void addsTheUserAndSystemTimeOfTheCompilerThreadsOnly(@TempDir Path tasks) throws IOException {
        task(tasks, "101", "C2 CompilerThre", 30, 5);
        task(tasks, "102", "C1 CompilerThre", 7, 0);
        task(tasks, "103", "main", 400, 50);
        task(tasks, "104", "odd) (C2 CompilerThre", 90, 9); // a thread's own name, parentheses and all, is no compiler
        Files.createDirectories(tasks.resolve("105")); // a thread that ended while the directory was listed
        assertThat(new CompilerActivity(tasks).cpuNanos()).isEqualTo((30 + 5 + 7) * 10_000_000L);
    }

    @Test
    void withoutProcTheCompilersLookQuiet(@TempDir Path dir) {
        assertThat(new CompilerActivity(dir.resolve("missing")).cpuNanos()).isZero();
    }

    @Test
    void thisJvmsCompilersHaveWorked() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc");
        // by the time a test runs, C1 and C2 have compiled the test framework for well over one clock tick
        assertThat(CompilerActivity.ofThisProcess().cpuNanos()).isPositive();
    }

    /** A /proc/PID/task/TID/stat line as Linux writes it: utime and stime are its 14th and 15th fields. */
    private static void task(Path tasks, String tid, String name, long utime, long stime) throws IOException {
        Path dir = Files.createDirectories(tasks.resolve(tid));
        Files.writeString(dir.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 4194368 120 0 0 0 " + utime + " " + stime
                + " 0 0 20 0 45 0 3528 11052941312 73421 18446744073709551615 1 1 0 0 0 0 4 0 16898 0 0 0 -1 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    }
}
