package org.layercanvas.formats.runs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * One writer per run folder: a training run holds an operating-system lock on {@value RunFolder#LOCK} in
 * its folder ({@link FileChannel#tryLock}) from start to end, so a second writer — another process or
 * this one — is refused, and a folder whose metrics.json still says "running" but whose lock nobody holds
 * was left by a writer that is gone (interrupted). The lock dies with its process, even after
 * {@code kill -9}.
 * <p>
 * POSIX releases all of a process's locks on a file when any of its channels on that file closes, so a
 * look from this process must never open the file while this process holds the lock: folders locked here
 * are remembered in {@link #HELD} and answered from there.
 */
public final class RunLock implements AutoCloseable {
    private static final Set<Path> HELD = new HashSet<>();
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder's lock, creating the folder if needed.
     *
     * @throws IllegalStateException naming the folder when another writer holds it
     * @throws IOException           when the lock file cannot be made
     */
    public static RunLock acquire(Path dir) throws IOException {
        Path key = key(dir);
        synchronized (HELD) {
            if (!HELD.contains(key)) {
                Files.createDirectories(dir);
                FileChannel ch = FileChannel.open(dir.resolve(RunFolder.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(ch);
                if (lock != null) {
                    HELD.add(key);
                    return new RunLock(key, ch, lock);
                }
                ch.close();
            }
        }
        throw new IllegalStateException(dir + " is being written by another training run; wait for it to end or choose another folder");
    }

    /** Whether a live writer (in any process) holds the folder's lock now. */
    public static boolean held(Path dir) {
        Path key = key(dir);
        synchronized (HELD) {
            if (HELD.contains(key)) {
                return true;
            }
            Path file = dir.resolve(RunFolder.LOCK);
            if (!Files.exists(file)) {
                return false;
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                FileLock probe = ch.tryLock();
                if (probe == null) {
                    return true;
                }
                probe.release();
                return false;
            } catch (IOException | OverlappingFileLockException e) {
                return true; // cannot tell: better "running" than a wrong "interrupted"
            }
        }
    }

    /**
     * A look from another process ({@link #held}) holds the lock for an instant; a writer starting then
     * tries again a few times before it concludes that someone else is writing.
     */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        for (int attempt = 0; ; attempt++) {
            FileLock lock = ch.tryLock();
            if (lock != null || attempt == 4) {
                return lock;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            try (channel) {
                lock.release();
            } finally {
                HELD.remove(dir);
            }
        }
    }
}
