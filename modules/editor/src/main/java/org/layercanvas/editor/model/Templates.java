package org.layercanvas.editor.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.layercanvas.engine.project.Project;
import org.layercanvas.formats.AtomicFiles;
import org.layercanvas.formats.ProjectFiles;

/**
 * The project templates: the bundled examples (examples/templates.properties lists them), copied
 * into a folder of the user's choice under a new name. Existing files are never overwritten.
 */
public final class Templates {
    private static final String ROOT = "/org/layercanvas/editor/templates/";

    /** One template; {@code files} starts with the project file, the rest is its data. */
    public record Template(String folder, String title, String description, List<String> files) {
        @Override
        public String toString() {
            return title;
        }
    }

    private Templates() {
    }

    public static List<Template> bundled() {
        Properties index = new Properties();
        try (InputStream in = Templates.class.getResourceAsStream(ROOT + "templates.properties")) {
            if (in == null) {
                return List.of();
            }
            index.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> folders = new LinkedHashSet<>();
        index.stringPropertyNames().stream().sorted().forEach(k -> folders.add(k.substring(0, k.lastIndexOf('.'))));
        // a template's files live in <key>.folder (default: the key itself), so templates can share data
        List<Template> out = new ArrayList<>();
        for (String f : folders) {
            out.add(new Template(index.getProperty(f + ".folder", f), index.getProperty(f + ".title"), index.getProperty(f + ".description"),
                    Arrays.asList(index.getProperty(f + ".files").split(","))));
        }
        return out;
    }

    /**
     * Creates {@code dir/<name>.lcproj.json} (the project renamed to {@code name}) and the
     * template's data files beside it.
     *
     * @throws FileAlreadyExistsException when any of those files exists already; nothing is written then
     */
    public static Path create(Template template, Path dir, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._ -]*")) {
            throw new IllegalArgumentException("a project name uses letters, digits, '.', '_', '-' and spaces, not \"" + name + "\"");
        }
        Path project = dir.resolve(name + ".lcproj.json");
        List<Path> targets = new ArrayList<>(List.of(project));
        template.files().stream().skip(1).forEach(f -> targets.add(dir.resolve(f)));
        for (Path t : targets) {
            if (Files.exists(t)) {
                throw new FileAlreadyExistsException(t.toString(), null, "a file of the template is in the way; nothing was written");
            }
        }
        Files.createDirectories(dir);
        Project p = ProjectFiles.parse(resource(template, template.files().get(0)), project);
        ProjectFiles.write(new Project(name, p.networks(), p.training(), p.data()), project);
        for (String f : template.files().subList(1, template.files().size())) {
            AtomicFiles.write(dir.resolve(f), resource(template, f));
        }
        return project;
    }

    /** The bytes of one of the template's files, e.g. its project file for a preview. */
    public static byte[] resource(Template t, String file) throws IOException {
        try (InputStream in = Templates.class.getResourceAsStream(ROOT + t.folder() + "/" + file)) {
            if (in == null) {
                throw new IOException("template " + t.folder() + " lacks " + file);
            }
            return in.readAllBytes();
        }
    }
}
