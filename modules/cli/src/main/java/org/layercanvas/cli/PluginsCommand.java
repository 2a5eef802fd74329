package org.layercanvas.cli;

import java.util.concurrent.Callable;
import org.layercanvas.engine.spi.Extensions;
import org.layercanvas.workbench.Plugins;
import picocli.CommandLine.Command;

/** {@code layercanvas plugins}: the plugins loaded, with their versions and what they add, and those refused. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the loaded plugins (from ~/.layercanvas/plugins and --plugins DIR) with their versions and what they add.")
final class PluginsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Plugins.Loaded loaded = PluginLoading.loaded();
        System.out.println("LayerCanvas plugin API " + Extensions.API_VERSION + "; plugin folders: "
                + String.join(", ", loaded.folders().stream().map(Object::toString).toList()));
        if (loaded.plugins().isEmpty()) {
            System.out.println("no plugins loaded");
        }
        for (Plugins.Plugin p : loaded.plugins()) {
            System.out.println(p.name() + " " + p.version() + " (" + p.codeName() + ", needs API " + p.api() + "): " + p.jar());
            p.provides().forEach((kind, names) -> System.out.println("    " + kind + ": " + String.join(", ", names)));
        }
        for (Plugins.Refused r : loaded.refused()) {
            System.out.println("refused " + r.jar() + ": " + r.reason());
        }
        return 0;
    }
}
