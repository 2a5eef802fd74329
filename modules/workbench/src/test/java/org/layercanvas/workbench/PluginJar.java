package org.layercanvas.workbench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar the way a plugin author's build does: compiles one layer type's source against
 * this test's class path (the API) and writes it with its service registration and a module manifest.
 */
public final class PluginJar {
    private PluginJar() {
    }

    /**
     * A jar at {@code jar} holding class {@code plugin.Name} with {@code body} as the body of a
     * {@code LayerType} implementation, registered as a layer type; the manifest depends on the API as
     * {@code dependency} says (e.g. "org.layercanvas.libs > 1.0"; null for none).
     */
    public static Path layerType(Path jar, String name, String body, String dependency) throws IOException {
        Path work = Files.createTempDirectory(jar.getParent(), "plugin-src");
        Path source = work.resolve("plugin/" + name + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package plugin;\n"
                + "import java.util.List;\nimport org.layercanvas.engine.api.Shape;\nimport org.layercanvas.engine.spi.*;\n"
                + "public final class " + name + " implements LayerType {\n" + body + "\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", work.toString(), "-cp", System.getProperty("java.class.path"), source.toString());
        if (status != 0) {
            throw new IllegalStateException("the plugin source did not compile");
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("OpenIDE-Module", "org.example." + name.toLowerCase());
        main.putValue("OpenIDE-Module-Name", name + " plugin");
        main.putValue("OpenIDE-Module-Specification-Version", "2.3");
        if (dependency != null) {
            main.putValue("OpenIDE-Module-Module-Dependencies", "org.openide.util > 9.0, " + dependency);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            try (Stream<Path> classes = Files.list(work.resolve("plugin"))) {
                for (Path c : classes.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    put(zip, "plugin/" + c.getFileName(), Files.readAllBytes(c));
                }
            }
            put(zip, "META-INF/services/org.layercanvas.engine.spi.LayerType", ("plugin." + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        return jar;
    }

    /** The body of a layer type named {@code name} that passes its input through. */
    public static String identityBody(String name) {
        return "public String name() { return \"" + name + "\"; }\n"
                + "public String category() { return \"Plugin\"; }\n"
                + "public String description() { return \"Passes its input through.\"; }\n"
                + "public List<ParamSpec> params() { return List.of(); }\n"
                + "public Shape outputShape(LayerConfig c, List<Shape> in) { return in.get(0); }\n"
                + "public LayerOp create(LayerConfig c, List<Shape> in, Shape out) { return new LayerOp() {\n"
                + "  public void forward(Backend b, Binding io, int batch, boolean training, long seed) { b.copy(io.input(0), io.output(), batch * out.size()); }\n"
                + "  public void backward(Backend b, Binding io, int batch) { if (io.inputGrad(0) != null) b.copy(io.outputGrad(), io.inputGrad(0), batch * out.size()); }\n"
                + "}; }";
    }

    private static void put(JarOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new JarEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
