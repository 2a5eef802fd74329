package org.layercanvas.formats.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layercanvas.engine.train.Checkpoint;
import org.layercanvas.formats.SafeTensors;

/**
 * A run folder's {@value RunFolder#CHECKPOINT}: a trainer's {@link Checkpoint} as safetensors, its
 * metadata in the header's {@code __metadata__}, replaced atomically so a crash leaves the previous one.
 */
public final class CheckpointFile {
    private CheckpointFile() {
    }

    /**
     * Replaces the folder's checkpoint with {@code c}, unless a tensor of it holds NaN or infinity: the
     * file then keeps the last finite state, the one to go back to after a divergence.
     *
     * @throws UncheckedIOException naming the folder when it cannot be written (called from the training loop)
     */
    public static void write(Path dir, Checkpoint c) {
        if (!c.tensors().stream().allMatch(Checkpoint.Values::finite)) {
            return;
        }
        try {
            org.layercanvas.formats.AtomicFiles.write(dir.resolve(RunFolder.CHECKPOINT), SafeTensors.toBytes(c));
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(RunFolder.CHECKPOINT) + ": " + e.getMessage(), e);
        }
    }

    /** The folder's checkpoint, or null when it has none. @throws IOException for an unreadable file, naming it */
    public static Checkpoint read(Path dir) throws IOException {
        Path file = dir.resolve(RunFolder.CHECKPOINT);
        if (!Files.exists(file)) {
            return null;
        }
        return SafeTensors.parseCheckpoint(Files.readAllBytes(file), file);
    }
}
