package org.layercanvas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.DataConfig;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.project.Project;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.spi.onnx.Onnx;

class ImportCommandTest {
    @TempDir
    Path dir;

    private static final String LECTURE = CliRun.example("lecture-backprop/lecture-backprop.lcproj.json");
    private static final String LECTURE_WEIGHTS = CliRun.example("lecture-backprop/initial-weights.safetensors");

    private Path exportLecture() {
        Path model = dir.resolve("lecture.onnx");
        CliRun run = CliRun.of("export", LECTURE, "--weights", LECTURE_WEIGHTS, "--out", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return model;
    }

    /** Export, import: the same network (ids, types, params) and weights that evaluate and train accept. */
    @Test
    void importsAnExportedNetworkAsAProjectWithWeightsBesideIt() throws IOException {
        Path model = exportLecture();
        Path project = dir.resolve("imported/lecture.lcproj.json"), weights = dir.resolve("imported/lecture.safetensors");
        CliRun run = CliRun.of("import", model.toString(), "--out", project.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("wrote " + project + " (network 'main', 3 layers, 9 parameters) and " + weights
                + "; add a \"data\" section to train or evaluate it" + System.lineSeparator());

        Project imported = ProjectFiles.read(project);
        Network original = ProjectFiles.read(Path.of(LECTURE)).mainNetwork();
        assertThat(imported.name()).isEqualTo("lecture");
        assertThat(imported.data()).isNull();
        assertThat(imported.training().loss()).isEqualTo("binary_crossentropy");
        assertThat(imported.mainNetwork().nodes()).extracting(Node::id, Node::type, Node::params)
                .containsExactlyElementsOf(original.nodes().stream().map(n -> org.assertj.core.groups.Tuple.tuple(n.id(), n.type(), n.params())).toList());
        assertThat(imported.mainNetwork().edges()).isEqualTo(original.edges());
        assertThat(imported.mainNetwork().nodes()).allSatisfy(n -> assertThat(n.x()).isNotNull());

        // the weights file fits the original project, for evaluate and train
        CliRun expected = CliRun.of("evaluate", LECTURE, "--weights", LECTURE_WEIGHTS, "--backend", "java");
        CliRun actual = CliRun.of("evaluate", LECTURE, "--weights", weights.toString(), "--backend", "java");
        assertThat(actual.exitCode()).as(actual.err()).isZero();
        assertThat(actual.out()).isEqualTo(expected.out());
        CliRun train = CliRun.of("train", LECTURE, "--init-weights", weights.toString(), "--epochs", "1", "--backend", "java",
                "--out", dir.resolve("run").toString());
        assertThat(train.exitCode()).as(train.err()).isZero();

        // the imported project without data says so; with a data section (and the lecture's training) it evaluates the same
        CliRun noData = CliRun.of("evaluate", project.toString(), "--weights", weights.toString());
        assertThat(noData.exitCode()).isEqualTo(2);
        assertThat(noData.err()).contains("the project has no data.train section");
        Project lecture = ProjectFiles.read(Path.of(LECTURE));
        Map<String, Object> csv = new LinkedHashMap<>(lecture.data().train().fields());
        csv.put("path", Path.of(CliRun.example("lecture-backprop/event.csv")).toAbsolutePath().toString());
        DataSource events = new DataSource("csv", csv);
        Path withData = dir.resolve("imported/with-data.lcproj.json");
        ProjectFiles.write(new Project("with-data", imported.networks(), lecture.training(), new DataConfig(events, events, null)), withData);
        CliRun evaluated = CliRun.of("evaluate", withData.toString(), "--weights", weights.toString(), "--backend", "java");
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).isEqualTo(expected.out());
    }

    @Test
    void refusesToOverwriteUnlessForced() throws IOException {
        Path model = exportLecture();
        Path project = dir.resolve("m.lcproj.json"), weights = dir.resolve("m.safetensors");
        Files.writeString(weights, "keep me");
        CliRun refused = CliRun.of("import", model.toString(), "--out", project.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err().strip()).isEqualTo("layercanvas: not overwriting " + weights + " (use --force to replace it)");
        assertThat(Files.exists(project)).isFalse();
        assertThat(Files.readString(weights)).isEqualTo("keep me");

        CliRun forced = CliRun.of("import", model.toString(), "--out", project.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.size(weights)).isGreaterThan(7);
        byte[] before = Files.readAllBytes(project);
        CliRun again = CliRun.of("import", model.toString(), "--out", project.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("layercanvas: not overwriting " + project + " and " + weights + " (use --force to replace them)");
        assertThat(Files.readAllBytes(project)).isEqualTo(before);
    }

    @Test
    void badInputExitsWith2AndOneClearLineAndWritesNothing() throws IOException {
        Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "this is not a model\n");
        Path truncated = dir.resolve("truncated.onnx");
        byte[] good = Files.readAllBytes(exportLecture());
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        Path unsupported = dir.resolve("unsupported.onnx");
        Files.write(unsupported, unsupportedModel());
        String out = dir.resolve("out/p.lcproj.json").toString();
        // a Keras model as TensorFlow.js saves it: broken JSON, layers LayerCanvas lacks, no weights file beside it
        Path brokenJson = dir.resolve("broken/model.json");
        Files.createDirectories(brokenJson.getParent());
        Files.writeString(brokenJson, "{\"modelTopology\": {\n  \"class_name\": \"Sequential\",\n  oops }");
        Path keras = Path.of("../formats/src/test/resources/org/layercanvas/formats/keras/models/unsupported/model.json").toAbsolutePath().normalize();
        Path noWeights = dir.resolve("alone/model.json");
        Files.createDirectories(noWeights.getParent());
        Files.copy(keras, noWeights);
        Path h5 = dir.resolve("model.h5");
        Files.writeString(h5, "HDF");
        Map<String[], String> tfjs = Map.of(
                new String[] {"import", brokenJson.toString(), "--out", out}, brokenJson + ":3: not a TensorFlow.js model.json",
                new String[] {"import", keras.toString(), "--out", out}, keras + ": cannot import the Keras model: layer 'up' (UpSampling2D): interpolation 'bilinear' "
                        + "(TensorFlow.js interpolates from pixel corners, Keras between centres); layer 'separable' (SeparableConv2D): LayerCanvas has no such layer",
                new String[] {"import", noWeights.toString(), "--out", out}, noWeights + ": its weights file " + noWeights.resolveSibling("weights.bin") + " is missing",
                new String[] {"import", h5.toString(), "--out", out}, h5 + ": which format is it? Give --format (onnx for .onnx files, tfjs for .json files)");
        Map<String[], String> cases = new java.util.LinkedHashMap<>(tfjs);
        cases.putAll(Map.of(
                new String[] {"import", dir.resolve("none.onnx").toString(), "--out", out}, "file not found: ",
                new String[] {"import", garbage.toString(), "--out", out}, garbage + ": not an ONNX model (",
                new String[] {"import", truncated.toString(), "--out", out}, truncated + ": not an ONNX model (",
                new String[] {"import", unsupported.toString(), "--out", out},
                unsupported + ": cannot import the model: unsupported ONNX operators: Einsum (node 'emb'), TopK (node 'top')",
                new String[] {"import", garbage.toString(), "--out", dir.resolve("p.json").toString()}, "a project file is named NAME.lcproj.json",
                new String[] {"import", garbage.toString(), "--format", "tflite", "--out", out}, "unknown import format 'tflite' (known: onnx, tfjs)"));
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            CliRun run = CliRun.of(c.getKey());
            assertThat(run.exitCode()).as(String.join(" ", c.getKey()) + "\n" + run.err()).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", c.getKey())).startsWith("layercanvas: ").contains(c.getValue()).doesNotContain("\tat ");
            assertThat(run.err().strip().lines()).as(String.join(" ", c.getKey())).hasSize(1);
        }
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }

    /** x [N, 4] → Gather → TopK: two operators LayerCanvas does not have. */
    private static byte[] unsupportedModel() {
        Onnx.TensorShapeProto shape = Onnx.TensorShapeProto.newBuilder().addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(4)).build();
        Onnx.ValueInfoProto x = Onnx.ValueInfoProto.newBuilder().setName("x").setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
        Onnx.TensorProto idx = Onnx.TensorProto.newBuilder().setName("idx").setDataType(Onnx.TensorProto.DataType.INT64_VALUE).addDims(1)
                .addInt64Data(0).build();
        Onnx.GraphProto graph = Onnx.GraphProto.newBuilder().setName("g").addInput(x).addInitializer(idx)
                .addNode(Onnx.NodeProto.newBuilder().setOpType("Einsum").setName("emb").addAllInput(List.of("x")).addOutput("e"))
                .addNode(Onnx.NodeProto.newBuilder().setOpType("TopK").setName("top").addAllInput(List.of("e", "idx")).addOutput("v").addOutput("i"))
                .addOutput(x.toBuilder().setName("v")).build();
        return Onnx.ModelProto.newBuilder().setIrVersion(8).addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(graph)
                .build().toByteArray();
    }
}
