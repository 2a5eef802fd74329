package org.layercanvas.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Tensor;

/**
 * PoCL installs its own SIGFPE handler when it opens a device, and the LLVM inside it installs handlers for
 * SIGSEGV, SIGBUS, SIGILL, SIGUSR2 and more (reset after one signal) when it compiles a kernel. The JVM answers
 * those signals itself: SIGFPE is how code from its C1 compiler learns of an integer division by zero, SIGSEGV
 * how every thread stops at a safepoint. With PoCL's handler in front, such a division was skipped without an
 * ArithmeticException (about 20,000 of 100,000 in one run), and two threads taking SIGSEGV at one safepoint could
 * kill the process ("Segmentation fault", no hs_err file: CI lost the command line's tests to it once).
 * <p>The JDK's answer is its signal-chaining library: with lib/libjsig.so preloaded, the JVM's handlers stay
 * installed and hand on what is not theirs. Both launchers preload it, and so does the build's surefire
 * configuration for every test JVM; this test fails where the preload is missing.
 */
class JvmSignalHandlersTest {
    @Test
    void integerDivisionByZeroStillThrowsAfterPoclCompiledAKernel() {
        try (Backend backend = AparapiBackend.openCl(OpenClRequirement.firstDevice())) {
            Tensor a = backend.allocate(64), b = backend.allocate(64), sum = backend.allocate(64);
            backend.fill(a, 1f, 64);
            backend.fill(b, 2f, 64);
            backend.add(a, b, sum, 64);
            float[] out = new float[64];
            backend.read(sum, out, 0, 64);
            assertThat(out[63]).isEqualTo(3f);
        }
        // enough calls for C1 to compile divide() (after 200) and run it until C2 replaces it
        int divisions = 100_000, thrown = 0;
        for (int i = 0; i < divisions; i++) {
            try {
                divide(i, 0);
            } catch (ArithmeticException expected) {
                thrown++;
            }
        }
        assertThat(thrown).as("divisions by zero that threw ArithmeticException").isEqualTo(divisions);
    }

    private static int divide(int a, int b) {
        return a / b;
    }
}
