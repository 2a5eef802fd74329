package org.layercanvas.formats;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replaces a file all at once: the bytes go to a temporary file in the same folder, which is then
 * renamed over the target. A failure at any point leaves the old file as it was. A set of files
 * that belong together (a folder export) is written all at once too: see {@link #writeFolder}.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            keepPermissions(target, tmp);
            writeDurably(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
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
                throw new IllegalArgumentException("not a plain file name: '" + name + "'");
            }
        }
        Path absolute = dir.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!Files.exists(absolute)) {
            Path tmp = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".");
            try {
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    writeDurably(tmp.resolve(f.getKey()), f.getValue());
                }
                // a temporary folder is private (rwx------); the export is for others to read
                if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                }
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(tmp);
            }
            return;
        }
        if (!Files.isDirectory(absolute)) {
            throw new java.nio.file.FileAlreadyExistsException(dir + " is a file, not a folder");
        }
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
                try {
                    Files.move(p.getKey(), p.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(p.getKey(), p.getValue(), StandardCopyOption.REPLACE_EXISTING);
                }
                pending.remove(p.getKey());
            }
        } finally {
            for (Path tmp : pending.keySet()) {
                Files.deleteIfExists(tmp);
            }
        }
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
        if (!Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
            return;
        }
        Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Writes and flushes to the disk before any rename: after a crash the renamed file is complete, never empty. */
    private static void writeDurably(Path file, byte[] content) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
    }
}
