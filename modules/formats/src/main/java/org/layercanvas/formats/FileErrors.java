package org.layercanvas.formats;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipException;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;

/**
 * Failures to read or write a user's file, worded for the user and naming the file. The JDK's own
 * messages often do not ("Is a directory", "Input length = 1", "Unexpected end of ZLIB input stream"),
 * and a message that does not say which of several files is at fault leaves the user guessing.
 */
public final class FileErrors {
    private FileErrors() {
    }

    /** All bytes of {@code file}; any failure names the file. */
    public static byte[] readAllBytes(Path file) throws IOException {
        requireFile(file);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw reading(file, e);
        }
    }

    /** @throws IOException naming the file when it is missing or a folder (reading a folder fails with a message naming nothing) */
    public static void requireFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(Quoted.path(file) + ": is a folder, not a file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(Quoted.path(file));
        }
    }

    /** {@code e}, met while reading {@code file}, as an exception whose message names the file. */
    public static IOException reading(Path file, IOException e) {
        if (e instanceof DataFormatException) {
            return e; // ours, and already names its place
        }
        if (e instanceof NoSuchFileException) {
            return new NoSuchFileException(Quoted.path(file));
        }
        return new IOException(Quoted.path(file) + ": cannot read: " + reason(e), e);
    }

    /** {@code e}, met while writing {@code file}, as an exception whose message names the file. */
    public static IOException writing(Path file, IOException e) {
        return new IOException(Quoted.path(file) + ": cannot write: " + reason(e), e);
    }

    /** A data path from a project that the file system refuses (a NUL byte, …), as an error naming the path. */
    public static IllegalArgumentException badPath(String path, InvalidPathException e) {
        return new IllegalArgumentException(Quoted.of(path) + " is not a valid path: " + Quoted.escaped(e.getReason()), e);
    }

    /** What went wrong, in words, without the file name the JDK sometimes puts in. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return Quoted.shown(f.getReason());
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text (is it the file you meant?)";
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return "the data is truncated or corrupt (" + Quoted.shown(e.getMessage()) + ")";
        }
        if ("Is a directory".equals(e.getMessage())) {
            return "is a folder, not a file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : Quoted.shown(e.getMessage());
    }
}
