package org.layercanvas.editor.welcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layercanvas.editor.model.Templates;
import org.layercanvas.editor.model.Templates.Template;
import org.layercanvas.editor.ui.ProjectFilesActions;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.project.Project;
import org.layercanvas.formats.ProjectFiles;

/**
 * The bundled examples (the New Project templates inside this module) as projects a user can open.
 * A click copies the example once into its own folder under {@link #home()} and opens that copy:
 * training writes run folders beside the project, so it must live somewhere writable, and a second
 * click reopens the user's copy with their changes instead of overwriting it.
 */
final class Examples {
    /** Overrides where the copies go (tests point it at a temporary folder). */
    static final String HOME_PROPERTY = "layercanvas.examples.home";

    private Examples() {
    }

    static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), "LayerCanvas", "examples");
    }

    /** Project file name without ".lcproj.json"; unique among the templates, so it names the copy's folder. */
    static String name(Template t) {
        return t.files().get(0).replaceFirst("\\.lcproj\\.json$", "");
    }

    static Path open(Template t) throws IOException {
        Path dir = home().resolve(name(t));
        Path project = dir.resolve(name(t) + ".lcproj.json");
        if (!Files.exists(project)) {
            project = Templates.create(t, dir, name(t));
        }
        ProjectFilesActions.open(project);
        return project;
    }

    /** "5 layers", or "12 layers in 2 networks" for a GAN; parses the template, so call it off the EDT. */
    static String size(Template t) throws IOException {
        Project p = ProjectFiles.parse(Templates.resource(t, t.files().get(0)), Path.of(t.files().get(0)));
        int layers = p.networks().stream().map(Network::nodes).mapToInt(java.util.List::size).sum();
        return layers + (layers == 1 ? " layer" : " layers") + (p.networks().size() > 1 ? " in " + p.networks().size() + " networks" : "");
    }
}
