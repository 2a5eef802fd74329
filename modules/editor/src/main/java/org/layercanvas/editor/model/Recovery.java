package org.layercanvas.editor.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.layercanvas.engine.project.Project;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.formats.ProjectFiles;

/**
 * The autosaved copy of unsaved edits, beside the project as {@code .NAME.lcproj.json~recovery}
 * (hidden, and no {@code *.lcproj.json} itself, so it never shows as a project). The editor writes
 * it while there are unsaved edits and deletes it on save, discard and a clean close; one that is
 * still there and newer than the project was left by a crash and is offered on the next open.
 */
public final class Recovery {
    private final Path project;
    private final Path file;

    public Recovery(Path project) {
        this.project = project;
        this.file = project.resolveSibling("." + project.getFileName() + "~recovery");
    }

    public Path file() {
        return file;
    }

    /** When the recovery file was written, if a crash left it: it exists and is newer than the project. */
    public Optional<FileTime> pending() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        FileTime saved = Files.getLastModifiedTime(file);
        return !Files.exists(project) || saved.compareTo(Files.getLastModifiedTime(project)) > 0 ? Optional.of(saved) : Optional.empty();
    }

    /** Writes {@code edited} atomically: a crash while writing leaves the previous copy, never half of one. */
    public void write(Project edited) throws IOException {
        AtomicFiles.write(file, ProjectFiles.toJson(edited).getBytes(StandardCharsets.UTF_8));
    }

    public Project read() throws IOException {
        return ProjectFiles.parse(Files.readAllBytes(file), file);
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }
}
