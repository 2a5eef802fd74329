package org.layercanvas.workbench;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.Extensions;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ModelExporter;
import org.layercanvas.engine.spi.ModelImporter;
import org.layercanvas.formats.spi.FormatAdapter;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.PyTorchAdapter;

/**
 * Plugin jars for a host without a module system (the command line, scripts): every {@code *.jar} of the
 * plugin folders, checked against {@link Extensions#API_VERSION} and put on one class loader that
 * {@link Extensions} then uses. A plugin is a NetBeans module jar (the jar inside the plugin's NBM), so
 * it names the API version it needs the way the application checks it too: its manifest's
 * {@code OpenIDE-Module-Module-Dependencies} holds {@code org.layercanvas.libs > VERSION}.
 */
public final class Plugins {
    /** The module every plugin depends on; its specification version is {@link Extensions#API_VERSION}. */
    static final String API_MODULE = "org.layercanvas.libs";

    /** What a loaded plugin adds, by kind ("layer types" → [LayerNormalization]), in a fixed order. */
    private static final Map<String, Kind<?>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("layer types", new Kind<>(LayerType.class, LayerType::name));
        KINDS.put("data readers", new Kind<>(DatasetReader.class, DatasetReader::type));
        KINDS.put("exporters", new Kind<>(ModelExporter.class, ModelExporter::format));
        KINDS.put("importers", new Kind<>(ModelImporter.class, ModelImporter::format));
        KINDS.put("ONNX adapters", new Kind<>(OnnxAdapter.class, Plugins::layerTypes));
        KINDS.put("PyTorch adapters", new Kind<>(PyTorchAdapter.class, Plugins::layerTypes));
        KINDS.put("Keras adapters", new Kind<>(KerasAdapter.class, Plugins::layerTypes));
    }

    private record Kind<T>(Class<T> service, Function<T, String> name) {
    }

    /** A loaded plugin: its module name and version, the API version it needs, and what it adds. */
    public record Plugin(String name, String codeName, String version, String api, Path jar, Map<String, List<String>> provides) {
    }

    /** A jar that was not loaded, and why, in a sentence that says what to do. */
    public record Refused(Path jar, String reason) {
    }

    /** The outcome of {@link #load}: the plugin folders looked at, what loaded and what was refused. */
    public record Loaded(List<Path> folders, List<Plugin> plugins, List<Refused> refused) {
    }

    private Plugins() {
    }

    /** The user's plugin folder, {@code ~/.layercanvas/plugins}. */
    public static Path userFolder() {
        return Path.of(System.getProperty("user.home"), ".layercanvas", "plugins");
    }

    /**
     * Loads the plugin jars of {@code folders} (a missing folder holds none; a jar itself counts as a
     * folder of one) and makes {@link Extensions} find their services beside the built-ins.
     */
    public static Loaded load(List<Path> folders) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isRegularFile(folder)) {
                jars.add(folder);
            } else if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
                }
            }
        }
        List<Refused> refused = new ArrayList<>();
        Map<Path, Attributes> accepted = new LinkedHashMap<>();
        for (Path jar : jars) {
            try {
                Attributes manifest = manifest(jar);
                Optional<String> why = refusal(manifest);
                if (why.isPresent()) {
                    refused.add(new Refused(jar, why.get()));
                } else {
                    accepted.put(jar, manifest);
                }
            } catch (IOException e) {
                refused.add(new Refused(jar, "it is not a readable jar (" + e.getMessage() + ")"));
            }
        }
        ClassLoader base = Plugins.class.getClassLoader();
        if (accepted.isEmpty()) {
            if (Extensions.loader() != base) {
                Extensions.use(base);
            }
            return new Loaded(List.copyOf(folders), List.of(), refused);
        }
        URLClassLoader loader = new URLClassLoader("layercanvas-plugins", urls(accepted.keySet()), base);
        List<Plugin> plugins = new ArrayList<>();
        accepted.forEach((jar, manifest) -> plugins.add(new Plugin(manifest.getValue("OpenIDE-Module-Name"), codeName(manifest),
                manifest.getValue("OpenIDE-Module-Specification-Version"), requiredApi(manifest).orElseThrow(), jar, provides(loader, jar))));
        Extensions.use(loader);
        return new Loaded(List.copyOf(folders), plugins, refused);
    }

    private static Attributes manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) {
                throw new IOException("it has no manifest");
            }
            return file.getManifest().getMainAttributes();
        }
    }

    /** Why a plugin with this manifest cannot be loaded here, if it cannot. */
    static Optional<String> refusal(Attributes manifest) {
        if (manifest.getValue("OpenIDE-Module") == null) {
            return Optional.of("it is not a LayerCanvas plugin: its manifest has no OpenIDE-Module (build it as a NetBeans module, see docs/plugins.md)");
        }
        Optional<String> api = requiredApi(manifest);
        if (api.isEmpty()) {
            return Optional.of("it does not say which LayerCanvas API it needs: its manifest's OpenIDE-Module-Module-Dependencies lacks '"
                    + API_MODULE + " > VERSION' (see docs/plugins.md)");
        }
        if (api.get().startsWith("=")) {
            return Optional.of("it depends on LayerCanvas's implementation (" + API_MODULE + " " + api.get()
                    + "), which only LayerCanvas's own modules may; a plugin depends on the API version");
        }
        if (compareVersions(api.get(), Extensions.API_VERSION) > 0) {
            return Optional.of("it needs LayerCanvas API " + api.get() + ", but this LayerCanvas implements API " + Extensions.API_VERSION
                    + "; update LayerCanvas or use a version of the plugin built for API " + Extensions.API_VERSION);
        }
        return Optional.empty();
    }

    /** The API version from {@code org.layercanvas.libs > 1.0} ("=" and the version for an implementation dependency). */
    private static Optional<String> requiredApi(Attributes manifest) {
        String deps = manifest.getValue("OpenIDE-Module-Module-Dependencies");
        if (deps == null) {
            return Optional.empty();
        }
        for (String dep : deps.split(",")) {
            String[] parts = dep.trim().split("\\s+");
            if (parts[0].equals(API_MODULE) || parts[0].startsWith(API_MODULE + "/")) {
                return Optional.of(parts.length < 3 ? "0" : parts[1].equals("=") ? "= " + parts[2] : parts[2]);
            }
        }
        return Optional.empty();
    }

    private static String codeName(Attributes manifest) {
        return manifest.getValue("OpenIDE-Module").split("/")[0];
    }

    /** Compares dotted versions numerically: 1.10 is after 1.9. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static URL[] urls(Iterable<Path> jars) {
        List<URL> urls = new ArrayList<>();
        try {
            for (Path jar : jars) {
                urls.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return urls.toArray(URL[]::new);
    }

    /** The services {@code jar} registers, by kind, named as users know them. */
    private static Map<String, List<String>> provides(ClassLoader loader, Path jar) {
        Map<String, List<String>> provides = new LinkedHashMap<>();
        KINDS.forEach((label, kind) -> {
            List<String> names = names(kind, loader, jar);
            if (!names.isEmpty()) {
                provides.put(label, names);
            }
        });
        return provides;
    }

    private static <T> List<String> names(Kind<T> kind, ClassLoader loader, Path jar) {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(kind.service(), loader).stream()
                .filter(p -> from(p.type(), jar))
                .forEach(p -> names.add(kind.name().apply(p.get())));
        return names;
    }

    private static boolean from(Class<?> type, Path jar) {
        var source = type.getProtectionDomain().getCodeSource();
        try {
            return source != null && Path.of(source.getLocation().toURI()).toAbsolutePath().normalize().equals(jar.toAbsolutePath().normalize());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String layerTypes(FormatAdapter adapter) {
        return String.join(", ", adapter.layerTypes());
    }
}
