package org.layercanvas.scripting;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.layercanvas.formats.ProjectFiles;

/**
 * A sweep for callers that are not scripts (the {@code layercanvas sweep} command): the same
 * combinations, seeds and runs as {@code lc.sweep}, with the user's own access to files.
 */
public final class Sweeps {
    private Sweeps() {
    }

    /** Every run: {@code {params, seed, folder, epochs, final, test, stopped_early, weights}}. */
    public static List<Map<String, Object>> run(Path projectFile, Map<String, Object> grid, Map<String, Object> options, PrintStream out)
            throws IOException {
        Lc lc = new Lc(ScriptAccess.everything(projectFile.toAbsolutePath().getParent()), List.of(), out);
        return lc.sweep(new ScriptProject(lc, projectFile.toAbsolutePath(), ProjectFiles.read(projectFile)), grid, options);
    }
}
