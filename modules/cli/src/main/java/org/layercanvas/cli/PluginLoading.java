package org.layercanvas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layercanvas.workbench.Plugins;
import picocli.CommandLine.ParseResult;

/**
 * Loads the plugins before any command runs: {@code ~/.layercanvas/plugins} and every {@code --plugins DIR}
 * (an option of every command). A refused plugin is named on stderr with the reason and the command
 * goes on without it; {@code layercanvas plugins} lists both.
 */
final class PluginLoading {
    private static Plugins.Loaded loaded;

    private PluginLoading() {
    }

    /** @return false when a {@code --plugins} folder does not exist (named on {@code err}) */
    static boolean load(ParseResult parsed, PrintWriter err) {
        List<Path> folders = new ArrayList<>(List.of(Plugins.userFolder()));
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            for (Path given : level.matchedOptionValue("--plugins", List.<Path>of())) {
                if (!java.nio.file.Files.exists(given)) {
                    err.println("layercanvas: plugin folder not found: " + given);
                    return false;
                }
                folders.add(given);
            }
        }
        try {
            loaded = Plugins.load(folders);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a plugin folder: " + e.getMessage(), e);
        }
        for (Plugins.Refused r : loaded.refused()) {
            err.println("layercanvas: plugin " + r.jar() + " refused: " + r.reason());
        }
        return true;
    }

    /** What {@link #load} found; empty before it ran. */
    static Plugins.Loaded loaded() {
        return loaded == null ? new Plugins.Loaded(List.of(), List.of(), List.of()) : loaded;
    }
}
