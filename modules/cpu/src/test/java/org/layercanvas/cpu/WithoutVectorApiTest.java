package org.layercanvas.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} (spark-submit without the documented option, a plain
 * {@code java -cp}) cannot load the backend's classes: the provider then offers no device, "auto" passes it over, and
 * asking for it by name says what to add, instead of a NoClassDefFoundError.
 */
class WithoutVectorApiTest {
    @Test
    void theProviderStepsAsideWithAMessage() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Probe.class.getName()).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("devices: []", "create: the cpu backend needs the Java Vector API: start Java with --add-modules=jdk.incubator.vector");
        assertThat(child.exitValue()).as(out).isZero();
    }

    /** Runs in the child JVM. */
    public static final class Probe {
        public static void main(String[] args) {
            CpuBackendProvider cpu = new CpuBackendProvider();
            System.out.println("devices: " + cpu.devices());
            try {
                cpu.create();
                System.out.println("create: made a backend");
            } catch (IllegalStateException e) {
                System.out.println("create: " + e.getMessage());
            }
        }
    }
}
