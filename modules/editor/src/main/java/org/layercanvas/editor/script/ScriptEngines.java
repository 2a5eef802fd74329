package org.layercanvas.editor.script;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.layercanvas.workbench.ScriptService;
import org.openide.modules.InstalledFileLocator;

/**
 * The scripting engine, in a class loader of its own: GraalVM discovers its languages by scanning
 * its loader's class path, which a NetBeans module's loader does not offer ("No language and
 * polyglot implementation was found"), so the scripting runtime module only carries the jars and
 * they are loaded here, all in one URLClassLoader. Its parent is the loader of the libs module,
 * so the scripts' projects, trainings and the {@link ScriptService} interface are the application's own.
 */
final class ScriptEngines {
    static final String JARS = "modules/ext/org.layercanvas.scripting.runtime";
    private static ScriptService service;

    private ScriptEngines() {
    }

    static synchronized ScriptService service() throws IOException {
        if (service == null) {
            File folder = InstalledFileLocator.getDefault().locate(JARS, "org.layercanvas.scripting.runtime", false);
            if (folder == null) {
                throw new IOException("the scripting runtime (" + JARS + ") is not installed");
            }
            URLClassLoader loader = new URLClassLoader("layercanvas scripting", urls(folder.toPath()), ScriptService.class.getClassLoader());
            service = ServiceLoader.load(ScriptService.class, loader).findFirst()
                    .orElseThrow(() -> new IOException("the scripting runtime in " + folder + " offers no script service"));
        }
        return service;
    }

    private static URL[] urls(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            URL[] urls = new URL[jars.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = jars.get(i).toUri().toURL();
            }
            return urls;
        } catch (MalformedURLException e) {
            throw new IOException(e);
        }
    }
}
