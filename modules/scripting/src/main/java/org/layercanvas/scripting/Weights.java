package org.layercanvas.scripting;

import java.nio.file.Path;
import org.graalvm.polyglot.HostAccess.Export;

/** A trained run's weights file ({@code run.weights}), passed to export and evaluate. */
public final class Weights {
    private final Path file;

    Weights(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    @Export
    @Override
    public String toString() {
        return file.toString();
    }
}
