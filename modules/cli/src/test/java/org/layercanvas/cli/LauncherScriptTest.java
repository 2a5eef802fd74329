package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the command's script (src/main/sh/layercanvas, installed as bin/layercanvas) against a stand-in java on the PATH. */
class LauncherScriptTest {
    private static final String STAND_IN = String.join("\n",
            "#!/bin/sh",
            "dir=$(dirname \"$0\")/..",
            "printf '%s\\n' \"$LD_PRELOAD\" >\"$dir/preload\"",
            "printf '%s\\n' \"$@\" >\"$dir/arguments\"",
            "exit 3",
            "");

    @TempDir
    Path dir;

    @Test
    void javaRunsTheCommandWithTheJdksSignalChainingLibraryPreloaded() throws Exception {
        Path script = dir.resolve("layercanvas/bin/layercanvas");
        Files.createDirectories(script.getParent());
        Files.copy(Path.of("src/main/sh/layercanvas"), script);
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib"));
        Files.writeString(jdk.resolve("bin/java"), STAND_IN);
        Files.createSymbolicLink(jdk.resolve("lib/libjsig.so"), Path.of(System.getProperty("java.home"), "lib/libjsig.so"));
        ProcessBuilder pb = new ProcessBuilder("sh", script.toString(), "train", "my project.lcproj.json").inheritIO();
        pb.environment().put("PATH", jdk.resolve("bin") + ":/usr/bin:/bin");
        pb.environment().remove("LD_PRELOAD"); // the build's own, for this test's JVM
        assertThat(jdk.resolve("bin/java").toFile().setExecutable(true)).isTrue();
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as("the exit status of java").isEqualTo(3);
        assertThat(Files.readAllLines(jdk.resolve("preload"))).containsExactly(jdk.resolve("lib/libjsig.so").toString());
        List<String> arguments = Files.readAllLines(jdk.resolve("arguments"));
        assertThat(arguments).contains("--add-modules=jdk.incubator.vector", "-Xmx8g", dir.resolve("layercanvas/lib/*").toString());
        assertThat(arguments.subList(arguments.indexOf(Main.class.getName()), arguments.size()))
                .containsExactly(Main.class.getName(), "train", "my project.lcproj.json");
    }
}
