package org.layercanvas.formats.python;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.formats.onnx.OnnxCheck;

/**
 * Runs exported models in another runtime (Python, or TensorFlow.js in Node) against LayerCanvas's reference backend:
 * {@link #prepare} writes a case (the export, random inputs for batches of 1 and 3) and keeps our outputs; one process
 * then runs every case ({@link #run}); {@link #assertMatches} compares.
 */
public final class PythonRunner {
    static final int[] BATCHES = {1, 3};
    static final String PYTHON = System.getProperty("layercanvas.python", "/usr/bin/python3");

    /** One exported network: its folder, input shapes and our outputs per batch size. */
    public record Case(String name, Path dir, List<Shape> inputs, Map<Integer, float[]> ours, Shape output, Map<String, Object> info) {
    }

    /** Exporter under test: writes the files of {@code net} with {@code weights} into {@code dir}. */
    public interface Export {
        void write(Network net, List<WeightTensor> weights, Path dir) throws IOException;
    }

    private final Path root;
    private final List<Case> cases = new ArrayList<>();

    public PythonRunner(Path root) {
        this.root = root;
    }

    /** Why Python cannot run the check ({@code module} not importable), or null when it can. */
    static String missing(String module) {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return PYTHON + " -c 'import " + module + "' did not finish in 120 s";
            }
            return p.exitValue() == 0 ? null : PYTHON + " cannot import " + module + ": " + out.strip().lines().reduce((a, b) -> b).orElse("");
        } catch (IOException e) {
            return "no " + PYTHON + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Exports {@code net} with random weights from {@code seed} and computes our outputs on random inputs. */
    public Case prepare(String name, Network net, long seed, Export export) throws IOException {
        return prepare(name, net, seed, export, Map.of());
    }

    /** As above, with {@code info} passed to the Python script in the case's "info". */
    Case prepare(String name, Network net, long seed, Export export, Map<String, Object> info) throws IOException {
        Random random = new Random(seed);
        Path dir = root.resolve("case" + cases.size());
        try (Plan plan = new Compiler(OnnxCheck.REGISTRY).compile(net, new ReferenceBackend(), BATCHES[BATCHES.length - 1])) {
            List<WeightTensor> weights = OnnxCheck.randomWeights(plan, random);
            plan.loadWeights(weights);
            export.write(net, weights, dir);
            List<String> inputIds = net.nodes().stream().filter(n -> n.type().equals("Input")).map(Node::id).toList();
            List<Shape> shapes = inputIds.stream().map(plan::shapeOf).toList();
            Map<Integer, float[]> ours = new LinkedHashMap<>();
            for (int batch : BATCHES) {
                Map<String, float[]> inputs = new LinkedHashMap<>();
                for (int k = 0; k < inputIds.size(); k++) {
                    float[] x = OnnxCheck.randomInput(net, inputIds.get(k), batch * shapes.get(k).size(), random);
                    inputs.put(inputIds.get(k), x);
                    writeFloats(dir.resolve("in_" + batch + "_" + k + ".f32"), x);
                }
                ours.put(batch, forward(plan, inputs, batch));
            }
            Case c = new Case(name, dir, shapes, ours, plan.outputShape(), info);
            cases.add(c);
            return c;
        }
    }

    private static float[] forward(Plan plan, Map<String, float[]> inputs, int batch) {
        if (inputs.size() == 1) {
            return plan.predict(inputs.values().iterator().next(), batch);
        }
        inputs.forEach((id, x) -> plan.backend().write(plan.input(id), x, 0, x.length));
        plan.forward(batch, false, 0);
        float[] out = new float[batch * plan.outputShape().size()];
        plan.backend().read(plan.output(), out, 0, out.length);
        return out;
    }

    /** Runs {@code script} (a test resource) over every prepared case in one Python process. */
    void run(String script) throws IOException, InterruptedException {
        run(script, List.of(PYTHON, "-B"), Map.of());
    }

    /** Runs {@code script} (a test resource) over every prepared case in one process of {@code interpreter}, with {@code env} added. */
    public void run(String script, List<String> interpreter, Map<String, String> env) throws IOException, InterruptedException {
        StringBuilder manifest = new StringBuilder("[");
        for (Case c : cases) {
            manifest.append(manifest.length() > 1 ? ",\n" : "").append("{\"dir\": ").append(PythonNames.literal(c.dir().toAbsolutePath().toString()))
                    .append(", \"batches\": [1, 3], \"inputs\": [");
            for (int k = 0; k < c.inputs().size(); k++) {
                manifest.append(k > 0 ? ", " : "").append(java.util.Arrays.toString(c.inputs().get(k).dims()));
            }
            manifest.append("], \"info\": ").append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(c.info())).append("}");
        }
        Path manifestFile = Files.writeString(root.resolve("manifest.json"), manifest.append("]\n"));
        Path scriptFile = root.resolve(script);
        try (InputStream in = PythonRunner.class.getResourceAsStream(script)) {
            Files.copy(in, scriptFile);
        }
        List<String> command = new ArrayList<>(interpreter);
        command.add(scriptFile.toString());
        command.add(manifestFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(root.resolve("run.log").toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish in 600 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(script + " failed: " + Files.readString(root.resolve("run.log")));
        }
    }

    /**
     * TensorFlow.js as {@code npm ci --prefix modules/formats/src/test/tfjs} installs it, from {@code formatsModule} (the
     * formats module's folder): its node_modules. A CI run without it fails; elsewhere the calling test is skipped.
     */
    public static Path tensorFlowJs(Path formatsModule) {
        Path modules = formatsModule.resolve("src/test/tfjs/node_modules").toAbsolutePath().normalize();
        boolean installed = Files.isDirectory(modules.resolve("@tensorflow/tfjs"));
        if (System.getenv("CI") != null && !installed) {
            throw new AssertionError("TensorFlow.js is not in " + modules + " (npm ci --prefix modules/formats/src/test/tfjs)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(installed, () -> "TensorFlow.js check skipped: run npm ci --prefix modules/formats/src/test/tfjs");
        return modules;
    }

    /** Runs every prepared case's TensorFlow.js export in one Node process with TensorFlow.js from {@code nodeModules}. */
    public void runTensorFlowJs(Path nodeModules) throws IOException, InterruptedException {
        run("run_tfjs_models.js", List.of("node"), Map.of("NODE_PATH", nodeModules.toString()));
    }

    /** The other runtime's outputs of {@code c} equal ours for every batch size. */
    public static void assertMatches(Case c) throws IOException {
        assertMatches(c, "Python");
    }

    /** As above, naming {@code runtime} in the message. */
    public static void assertMatches(Case c, String runtime) throws IOException {
        assertRan(c);
        for (int batch : BATCHES) {
            String shape = Files.readString(c.dir().resolve("out_" + batch + ".shape")).strip();
            List<Integer> expected = new ArrayList<>(List.of(batch));
            for (int d : c.output().dims()) {
                expected.add(d);
            }
            if (!shape.replace(" ", "").equals(expected.toString().replace(" ", ""))) {
                throw new AssertionError(c.name() + ", batch of " + batch + ": output shape " + shape + ", expected " + expected);
            }
            OnnxCheck.assertClose(c.ours().get(batch), readFloats(c.dir().resolve("out_" + batch + ".f32")), c.name() + ", batch of " + batch,
                    runtime);
        }
    }

    /** The Python script reported no error for {@code c}. */
    public static void assertRan(Case c) throws IOException {
        Path error = c.dir().resolve("error.txt");
        if (Files.exists(error)) {
            throw new AssertionError(c.name() + ": the run failed:\n" + Files.readString(error) + "\n--- the export ---\n" + source(c));
        }
    }

    private static String source(Case c) throws IOException {
        try (var files = Files.list(c.dir())) {
            for (Path f : files.filter(f -> f.toString().endsWith(".py") || f.toString().endsWith(".json")).toList()) {
                return Files.readString(f);
            }
        }
        return "";
    }

    /** Deletes a test's export folder unless -Dlayercanvas.python.keep asks to keep it for a look. */
    public static void deleteUnlessKept(Path root) throws IOException {
        if (root != null && System.getProperty("layercanvas.python.keep") == null) {
            try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.createDirectories(file.getParent());
        Files.write(file, b.array());
    }

    static float[] readFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
