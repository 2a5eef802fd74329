package org.layercanvas.app.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records an archive the way the application does on exit, in a JVM started as the launcher starts
 * it (-XX:+RecordDynamicDumpInfo), then starts a JVM that must map it (-Xshare:on refuses to start
 * otherwise) and loads this class from it. The JVMs run from a jar: class data sharing refuses
 * class folders, and the application's classes all come from jars.
 */
class ClassArchiveTest {
    /** Run in the child JVMs: records the archive named by the first argument, if there is one. */
    public static void main(String[] args) {
        if (args.length > 0) {
            ClassArchive.record(Path.of(args[0]));
        }
    }

    @TempDir
    Path dir;

    @Test
    void anExitRecordsAnArchiveTheNextStartMaps() throws Exception {
        Path archive = dir.resolve("cache/classes-1.jsa");
        assertThat(java(List.of("-XX:+RecordDynamicDumpInfo"), archive.toString())).isZero();
        assertThat(archive).isRegularFile();
        assertThat(Files.list(archive.getParent()).map(p -> p.getFileName().toString())).containsExactly("classes-1.jsa");

        Path loaded = dir.resolve("loaded.txt");
        assertThat(java(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-Xlog:class+load=info:file=" + loaded))).isZero();
        assertThat(Files.readAllLines(loaded)).anyMatch(l -> l.contains(ClassArchiveTest.class.getName() + " source: shared objects file"));
    }

    @Test
    void withoutRecordingInfoNothingIsWrittenAndTheExitGoesOn() throws Exception {
        Path archive = dir.resolve("cache/classes-1.jsa");
        assertThat(java(List.of(), archive.toString())).isZero();
        assertThat(Files.list(archive.getParent())).isEmpty();
    }

    /** A jar of ClassArchive and this test, made once per test. */
    private Path jar() throws IOException {
        Path jar = dir.resolve("app.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> c : List.of(ClassArchive.class, ClassArchiveTest.class)) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new java.util.jar.JarEntry(entry));
                try (java.io.InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
            }
        }
        return jar;
    }

    private int java(List<String> options, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", jar().toString(), ClassArchiveTest.class.getName()));
        cmd.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "java", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the JVM did not finish within 120 s: " + cmd);
        }
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", cmd) + "\n" + Files.readString(output));
        }
        Files.delete(output);
        return p.exitValue();
    }
}
