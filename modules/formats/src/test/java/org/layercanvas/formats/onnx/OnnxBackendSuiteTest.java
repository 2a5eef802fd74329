package org.layercanvas.formats.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.ModelImporter;
import org.layercanvas.formats.spi.OnnxTensors;
import org.layercanvas.formats.spi.onnx.Onnx.TensorProto;

/**
 * ONNX's own backend test data (Debian's libonnx-testdata: the per-operator models, PyTorch's converted modules and the
 * simple models, each with inputs and the outputs any ONNX runtime must give) through the importer: every model that imports
 * runs each of its test data sets on the reference backend and the CPU backend and gives ONNX's expected output within ONNX's
 * own tolerance for these tests (rtol 1e-3, atol 1e-7, as onnx.backend.test checks) or LayerCanvas's 1e-5, whichever is
 * looser. Refusals are counted by their reason; the figures are printed.
 */
class OnnxBackendSuiteTest {
    static final Path DATA = Path.of(System.getProperty("layercanvas.onnx.testdata", "/usr/share/libonnx-testdata/data"));
    private static final OnnxImporter IMPORTER = new OnnxImporter();

    @Test
    void everyImportedTestModelGivesOnnxsExpectedOutputs() throws IOException {
        if (System.getenv("CI") != null) {
            assertThat(DATA).as("Debian's libonnx-testdata").isDirectory();
        }
        assumeTrue(Files.isDirectory(DATA), "install Debian's libonnx-testdata");
        List<Path> models;
        try (Stream<Path> walk = Files.walk(DATA)) {
            models = walk.filter(p -> p.getFileName().toString().equals("model.onnx")).sorted().toList();
        }
        List<String> imported = new ArrayList<>(), mismatches = new ArrayList<>(), covered = new ArrayList<>();
        Map<String, Integer> refusals = new TreeMap<>();
        for (Path model : models) {
            String name = DATA.relativize(model.getParent()).toString();
            ModelImporter.Imported m;
            try {
                m = IMPORTER.fromBytes(Files.readAllBytes(model), name, OnnxCheck.REGISTRY);
            } catch (IllegalArgumentException | DataFormatException e) {
                refusals.merge(reason(e.getMessage()), 1, Integer::sum);
                var graph = org.layercanvas.formats.spi.onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(model)).getGraph();
                if (graph.getNodeList().stream().allMatch(n -> IMPORTER.operators().contains(n.getOpType()))) {
                    covered.add(name + ": " + e.getMessage().replaceFirst("^[^:]*: ", ""));
                }
                continue;
            }
            imported.add(name);
            String problem = run(name, m, model.getParent());
            if (problem != null) {
                mismatches.add(problem);
            }
        }
        System.out.printf("ONNX backend test data: %d models, %d imported, %d of them give ONNX's outputs on the reference and CPU backends%n",
                models.size(), imported.size(), imported.size() - mismatches.size());
        System.out.println("imported: " + imported);
        refusals.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(e -> System.out.printf("  refused %3d× %s%n", e.getValue(), e.getKey()));
        System.out.println(covered.size() + " refused although the importer maps each of their operators:");
        covered.forEach(c -> System.out.println("  " + c));
        assertThat(mismatches).as("imported models whose outputs differ from ONNX's").isEmpty();
        assertThat(imported).as("the models the catalogue covers import").hasSizeGreaterThanOrEqualTo(126);
    }

    /** Runs every test data set of one model on both backends; the first difference, or null. */
    private static String run(String name, ModelImporter.Imported m, Path dir) throws IOException {
        List<Path> sets;
        try (Stream<Path> list = Files.list(dir)) {
            sets = list.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
        }
        List<String> inputs = m.network().nodes().stream().filter(n -> n.type().equals("Input")).map(Node::id).toList();
        for (Path set : sets) {
            try {
                List<TensorProto> in = new ArrayList<>();
                for (int k = 0; k < inputs.size(); k++) {
                    in.add(TensorProto.parseFrom(Files.readAllBytes(set.resolve("input_" + k + ".pb"))));
                }
                TensorProto out = TensorProto.parseFrom(Files.readAllBytes(set.resolve("output_0.pb")));
                int batch = (int) in.get(0).getDims(0);
                float[] expected = OnnxTensors.floats(out);
                for (Backend backend : List.of(new ReferenceBackend(), new org.layercanvas.cpu.CpuBackend(2))) {
                    try (Plan plan = new Compiler(OnnxCheck.REGISTRY).compile(m.network(), backend, batch)) {
                        plan.loadWeights(m.weights());
                        for (int k = 0; k < inputs.size(); k++) {
                            float[] x = OnnxTensors.floats(in.get(k));
                            backend.write(plan.input(inputs.get(k)), x, 0, x.length);
                        }
                        plan.forward(batch, false, 0);
                        float[] ours = new float[batch * plan.outputShape().size()];
                        backend.read(plan.output(), ours, 0, ours.length);
                        String difference = difference(ours, expected);
                        if (difference != null) {
                            return name + " " + set.getFileName() + " on " + backend.name() + ": " + difference;
                        }
                    }
                }
            } catch (OnnxTensors.Unreadable | RuntimeException e) {
                return name + " " + set.getFileName() + ": " + e;
            }
        }
        return null;
    }

    private static String difference(float[] ours, float[] theirs) {
        if (ours.length != theirs.length) {
            return ours.length + " outputs, ONNX expects " + theirs.length;
        }
        for (int i = 0; i < ours.length; i++) {
            double tolerance = Math.max(1e-3 * Math.abs(theirs[i]) + 1e-7, OnnxCheck.RTOL * Math.abs(theirs[i]) + OnnxCheck.ATOL);
            if (!(Math.abs(ours[i] - theirs[i]) <= tolerance)) {
                return "output " + i + " is " + ours[i] + ", ONNX expects " + theirs[i];
            }
        }
        return null;
    }

    /** A refusal's reason without the model's own names, to count alike ones together. */
    private static String reason(String message) {
        String m = message.replaceFirst("^[^:]*: ", "").replaceFirst("^cannot import the model: ", "");
        return m.replaceAll("'[^']*'", "'…'").replaceAll("\\[[^\\]]*\\]", "[…]").replaceAll("\\d+", "N");
    }
}
