package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the malformed-input corpus (src/test/resources/malformed, listed in its cases.tsv) is refused
 * as a user would meet it: the command runs in a JVM of its own with a small heap (so a file that claims
 * gigabytes must not be believed), exits with 2 within a time bound, and prints one short message that
 * names the file and shows no stack trace.
 */
class MalformedInputTest {
    private static final Path CORPUS = resource("malformed");
    private static final long SECONDS = 20;
    private static final int MAX_LINES = 3;

    @TempDir
    static Path work;

    record Case(String name, List<String> args, List<String> named) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        return Files.readAllLines(CORPUS.resolve("cases.tsv")).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> {
            String[] f = l.split("\t");
            return new Case(f[0], List.of(f[1].split(" ")), List.of(f[2].split("\\|")));
        });
    }

    /** A copy of the corpus to run in (some cases write), with the cases too big to commit. */
    @BeforeAll
    static void copyCorpus() throws IOException {
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path p : files.toList()) {
                Path to = work.resolve(CORPUS.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path generated = Files.createDirectories(work.resolve("generated"));
        // a 5 MB cell: the message may quote only the start of it
        Files.writeString(generated.resolve("huge-cell.csv"), "x1,x2,y\n1," + "z".repeat(5 << 20) + ",0\n3,4,1\n");
        String project = Files.readString(work.resolve("csv/text-in-numbers.lcproj.json")).replace("text-in-numbers", "huge-cell");
        Files.writeString(generated.resolve("huge-cell.lcproj.json"), project);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithOneMessageNamingTheFile(Case c) throws Exception {
        Path out = Files.createTempDirectory(work, "out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        c.args().forEach(a -> command.add(a.replace("{out}", out.toString())));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        byte[] err;
        try {
            boolean done = p.waitFor(SECONDS, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            err = p.getErrorStream().readAllBytes();
            assertThat(done).as("%s finishes within %d s", c, SECONDS).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String[] lines = new String(err, StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING:")) // the JVM's own notes (incubator module, OpenCL platform)
                .toArray(String[]::new);
        String message = String.join("\n", lines);
        assertThat(p.exitValue()).as("exit status; stderr:%n%s", message).isEqualTo(2);
        assertThat(lines).as("stderr").isNotEmpty().hasSizeLessThanOrEqualTo(MAX_LINES);
        assertThat(lines[0]).startsWith("layercanvas: ");
        assertThat(c.named()).as("the message names one of the files; it is:%n%s", message).anyMatch(message::contains);
        assertThat(message).doesNotContain("at org.", "Exception", "internal error", "\0", "\u001b");
        assertThat(Arrays.stream(lines).mapToInt(String::length).max().orElse(0)).as("longest line").isLessThanOrEqualTo(400);
    }

    private static Path resource(String name) {
        try {
            return Path.of(MalformedInputTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
