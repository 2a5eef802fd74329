package org.layercanvas.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.layercanvas.engine.spi.Quoted;

/**
 * Replaces a file all at once: the bytes go to a temporary file in the same folder, are flushed to
 * the disk, and the temporary file is renamed over the target; then the folder itself is flushed, so
 * that after a crash the folder holds the old file or the new one, complete. A failure at any point
 * leaves the old file as it was, and the exception names the file. A file system that cannot rename
 * atomically is refused rather than written to non-atomically. A set of files that belong together
 * (a folder export) is written all at once too: see {@link #writeFolder}.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        try {
            if (Files.isDirectory(target)) {
                throw new FileAlreadyExistsException(Quoted.path(target), null, "is a folder, not a file");
            }
            Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try {
                keepPermissions(target, tmp);
                writeDurably(tmp, content);
                replace(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            syncFolder(dir);
        } catch (IOException e) {
            throw FileErrors.writing(target, e);
        }
    }

    /**
     * Writes {@code files} (plain names → contents) into folder {@code dir}. A folder that does not
     * exist yet is built under a temporary name beside it and renamed into place, so it appears
     * complete or not at all. In an existing folder every file is first written in full under a
     * temporary name and only then renamed over its target, one after the other; other files in the
     * folder are left alone. A failure while writing leaves the folder as it was.
     */
    public static void writeFolder(Path dir, Map<String, byte[]> files) throws IOException {
        for (String name : files.keySet()) {
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new IllegalArgumentException("not a plain file name: " + Quoted.of(name));
            }
        }
        try {
            Path absolute = dir.toAbsolutePath();
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(absolute)) {
                writeNewFolder(absolute, files);
                syncFolder(parent);
            } else if (Files.isDirectory(absolute)) {
                replaceInFolder(absolute, files);
                syncFolder(absolute);
            } else {
                throw new FileAlreadyExistsException(Quoted.path(dir), null, "is a file, not a folder");
            }
        } catch (IOException e) {
            throw FileErrors.writing(dir, e);
        }
    }

    private static void writeNewFolder(Path absolute, Map<String, byte[]> files) throws IOException {
        Path tmp = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".");
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                writeDurably(tmp.resolve(f.getKey()), f.getValue());
            }
            syncFolder(tmp);
            // a temporary folder is private (rwx------); the export is for others to read
            if (isPosix(tmp)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw notAtomic(absolute, e);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    private static void replaceInFolder(Path absolute, Map<String, byte[]> files) throws IOException {
        Map<Path, Path> pending = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = absolute.resolve(f.getKey());
                Path tmp = Files.createTempFile(absolute, "." + f.getKey() + ".", ".tmp");
                pending.put(tmp, target);
                keepPermissions(target, tmp);
                writeDurably(tmp, f.getValue());
            }
            for (Map.Entry<Path, Path> p : new ArrayList<>(pending.entrySet())) {
                replace(p.getKey(), p.getValue());
                pending.remove(p.getKey());
            }
        } finally {
            for (Path tmp : pending.keySet()) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Renames {@code tmp} over {@code target} atomically, or fails: a plain move could leave half a file after a crash. */
    private static void replace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw notAtomic(target, e);
        }
    }

    private static IOException notAtomic(Path target, AtomicMoveNotSupportedException e) {
        return new IOException("this file system cannot replace " + Quoted.of(target.getFileName())
                + " atomically, so it was left as it was (save to a local folder)", e);
    }

    /**
     * Flushes a folder's entries (the rename) to the disk: without it a crash soon after saving can
     * bring back the old file, or neither. Only POSIX file systems let a folder be opened for this.
     */
    private static void syncFolder(Path dir) throws IOException {
        if (dir == null || !isPosix(dir)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static boolean isPosix(Path p) throws IOException {
        return Files.getFileStore(p).supportsFileAttributeView(PosixFileAttributeView.class);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * A temporary file is private (rw-------); the replacement takes the old file's permissions, or
     * rw-r--r-- for a new file, so saving never locks other readers out.
     */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (!isPosix(tmp)) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Writes and flushes to the disk before any rename: after a crash the renamed file is complete, never empty. */
    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }
}
