package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training on a .npy dataset of 1 GB float32, four times the 256 MB heap the JVM may use: the data is
 * streamed (memory-mapped, read by chunks), so the run completes with its standardization, validation split
 * and test data, and writes its weights.
 */
class LargerThanHeapTest {
    static final int FEATURES = 784, ROWS = 344_000, TEST_ROWS = 2_000, HEAP_MB = 256;

    @Test
    void aDatasetFourTimesTheHeapTrainsStreamed(@TempDir Path dir) throws Exception {
        writeData(dir.resolve("x.npy"), dir.resolve("y.npy"), ROWS, 1);
        writeData(dir.resolve("x_test.npy"), dir.resolve("y_test.npy"), TEST_ROWS, 2);
        assertThat(Files.size(dir.resolve("x.npy"))).isGreaterThan(4L * HEAP_MB << 20);
        Files.writeString(dir.resolve("big.lcproj.json"), """
                {"format": "layercanvas.project", "version": 1, "name": "big",
                 "networks": [{"name": "main", "nodes": [
                   {"id": "in", "type": "Input", "params": {"shape": [784]}},
                   {"id": "h", "type": "Dense", "params": {"units": 32, "activation": "relu"}},
                   {"id": "out", "type": "Dense", "params": {"units": 2, "activation": "softmax"}}],
                   "edges": [{"from": "in", "to": "h"}, {"from": "h", "to": "out"}]}],
                 "training": {"loss": "categorical_crossentropy", "metrics": ["accuracy"], "optimizer": {"type": "adam", "learning_rate": 0.001},
                   "batch_size": 256, "epochs": 1, "seed": 42, "validation_split": 0.05},
                 "data": {"train": {"type": "npy", "features": "x.npy", "labels": "y.npy"},
                          "test": {"type": "npy", "features": "x_test.npy", "labels": "y_test.npy"},
                          "preprocess": {"standardize": true, "one_hot": 2}}}
                """);
        Path out = dir.resolve("run");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP_MB + "m",
                "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", dir.resolve("big.lcproj.json").toString(), "--backend", "cpu", "--out", out.toString())
                .redirectErrorStream(true).start();
        long start = System.nanoTime();
        String output;
        try {
            boolean done = p.waitFor(15, TimeUnit.MINUTES);
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as("finishes; output so far:%n%s", output).isTrue();
        } finally {
            p.destroyForcibly();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(p.exitValue()).as("exit status; output:%n%s", output).isZero();
        assertThat(output).contains("344000 samples streamed from the file").contains("epoch 1/1").contains("test: loss");
        // the label is the sign of feature 0: far above chance after one epoch
        String accuracy = output.lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow().replaceAll(".*accuracy ([0-9.]+).*", "$1");
        assertThat(Double.parseDouble(accuracy)).isGreaterThan(0.9);
        assertThat(out.resolve("weights.safetensors")).exists();
        System.out.printf("LargerThanHeapTest: %d samples of %d float32 (%d MB) trained for one epoch with -Xmx%dm in %.1f s, %.0f samples/s overall%n",
                ROWS, FEATURES, (long) ROWS * FEATURES * 4 >> 20, HEAP_MB, seconds, ROWS / seconds);
    }

    /** x.npy [rows, 784] float32 of pseudo-random numbers (xorshift, fast), y.npy [rows] int64: 1 when feature 0 is positive. */
    static void writeData(Path x, Path y, int rows, long seed) throws IOException {
        long state = 0x9E3779B97F4A7C15L * seed;
        long[] labels = new long[rows];
        try (FileChannel c = FileChannel.open(x, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(header("<f4", rows + ", " + FEATURES));
            ByteBuffer b = ByteBuffer.allocateDirect(FEATURES * 4 * 1024).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < FEATURES; j++) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                    float v = (state >>> 40) / (float) (1 << 23) - 1f; // uniform in [-1, 1)
                    b.putFloat(v);
                    if (j == 0) {
                        labels[r] = v > 0 ? 1 : 0;
                    }
                }
                if (!b.hasRemaining()) {
                    c.write(b.flip());
                    b.clear();
                }
            }
            c.write(b.flip());
        }
        ByteBuffer l = ByteBuffer.allocate(rows * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : labels) {
            l.putLong(v);
        }
        try (FileChannel c = FileChannel.open(y, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            c.write(header("<i8", rows + ","));
            c.write(l.flip());
        }
    }

    /** A .npy 1.0 header, padded with spaces to a multiple of 64 bytes as NumPy pads it. */
    private static ByteBuffer header(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        int total = 10 + dict.length() + 1;
        dict = dict + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + dict.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) dict.length()).put(dict.getBytes(StandardCharsets.US_ASCII));
        return b.flip();
    }
}
