package org.layercanvas.scripting;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders a script may read and write through the lc API: its own folder (and below) for both,
 * plus what the user granted with --allow-read and --allow-write. A name is taken relative to the
 * script's folder; a path outside every granted folder is refused with a message that says how to
 * grant it. Scripts have no other way to files: the sandbox gives JavaScript no I/O of its own.
 */
public final class ScriptAccess {
    private final Path base;
    private final List<Path> readable = new ArrayList<>(), writable = new ArrayList<>();

    public ScriptAccess(Path scriptFolder, List<Path> allowRead, List<Path> allowWrite) {
        this.base = normal(scriptFolder);
        writable.add(base);
        allowWrite.forEach(p -> writable.add(normal(p)));
        readable.addAll(writable);
        allowRead.forEach(p -> readable.add(normal(p)));
    }

    /** Everything the user may reach, for callers that are the user (the command line), not a script. */
    public static ScriptAccess everything(Path base) {
        List<Path> roots = new ArrayList<>();
        java.nio.file.FileSystems.getDefault().getRootDirectories().forEach(roots::add);
        return new ScriptAccess(base, roots, roots);
    }

    /** The folder names are relative to. */
    public Path base() {
        return base;
    }

    /** @throws SecurityException naming the file and the folders that may be read */
    public Path read(String name) {
        return check(name, readable, "read", "--allow-read");
    }

    /** @throws SecurityException naming the file and the folders that may be written */
    public Path write(String name) {
        return check(name, writable, "write", "--allow-write");
    }

    /** Checks a path the API reached by itself (a project's data file) as a read of the script. */
    public Path read(Path path) {
        return read(path.toString());
    }

    private Path check(String name, List<Path> allowed, String verb, String option) {
        Path p = normal(base.resolve(name));
        for (Path folder : allowed) {
            if (p.startsWith(folder)) {
                return p;
            }
        }
        throw new SecurityException("the script may not " + verb + " " + p + ": it may " + verb + " only in "
                + String.join(", ", allowed.stream().map(Path::toString).toList()) + " (grant a folder with " + option + " DIR)");
    }

    /** The absolute path with links resolved as far as it exists: a link inside a granted folder does not lead out of it. */
    private static Path normal(Path p) {
        Path path = p.toAbsolutePath().normalize(), existing = path;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (java.io.IOException e) {
            return path;
        }
    }
}
