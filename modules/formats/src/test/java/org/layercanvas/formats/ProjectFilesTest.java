package org.layercanvas.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamSpec;
import org.layercanvas.formats.json.JsonWriter;

class ProjectFilesTest {
    static final String LENET = """
            {
              "format": "layercanvas.project", "version": 1, "name": "lenet5-fashion",
              "networks": [{
                "name": "main",
                "nodes": [
                  {"id": "in",  "type": "Input",  "params": {"shape": [1, 28, 28]}, "x": 40, "y": 60},
                  {"id": "c1",  "type": "Conv2D", "params": {"filters": 6, "kernel_size": 5, "padding": "same", "activation": "relu"}},
                  {"id": "f",   "type": "Flatten"},
                  {"id": "out", "type": "Dense",  "params": {"units": 10, "activation": "softmax"}}
                ],
                "edges": [{"from": "in", "to": "c1"}, {"from": "c1", "to": "f"}, {"from": "f", "to": "out", "port": 0}]
              }],
              "training": {
                "loss": "categorical_crossentropy", "metrics": ["accuracy"],
                "optimizer": {"type": "adam", "learning_rate": 0.001},
                "batch_size": 128, "epochs": 5, "seed": 42, "validation_split": 0.1,
                "early_stopping": {"patience": 2}
              },
              "data": {
                "train": {"type": "idx", "images": "data/train-images-idx3-ubyte.gz", "labels": "data/train-labels-idx1-ubyte.gz"},
                "test":  {"type": "idx", "images": "data/t10k-images-idx3-ubyte.gz",  "labels": "data/t10k-labels-idx1-ubyte.gz"},
                "preprocess": {"scale": 0.00392156862745098, "one_hot": 10}
              }
            }
            """;

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("p.lcproj.json");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void readsTheDesignExampleAndRewritesItStably() throws IOException {
        Project p = ProjectFiles.read(file(LENET));
        assertThat(p.name()).isEqualTo("lenet5-fashion");
        Network net = p.mainNetwork();
        assertThat(net.nodes()).hasSize(4);
        assertThat(net.nodes().get(0).params()).containsEntry("shape", List.of(1, 28, 28));
        assertThat(net.nodes().get(0).x()).isEqualTo(40.0);
        assertThat(net.nodes().get(1).params()).containsEntry("padding", "same").containsEntry("filters", 6);
        assertThat(net.edges()).contains(new Edge("c1", "f", 0));
        assertThat(p.training().optimizer().params()).containsEntry("learning_rate", 0.001);
        assertThat(p.training().earlyStopping().patience()).isEqualTo(2);
        assertThat(p.data().preprocess().oneHot()).isEqualTo(10);
        assertThat(p.data().train().fields()).containsEntry("images", "data/train-images-idx3-ubyte.gz");
        assertThat(p.training().scheme()).isEqualTo("supervised");
        Project ae = ProjectFiles.parse(LENET.replace("\"loss\": \"categorical_crossentropy\"", "\"scheme\": \"autoencoder\", \"loss\": \"mse\"")
                .getBytes(StandardCharsets.UTF_8), dir.resolve("ae.lcproj.json"));
        assertThat(ae.training().scheme()).isEqualTo("autoencoder");
        assertThat(ProjectFiles.toJson(ae)).contains("\"scheme\": \"autoencoder\"");

        Path saved = dir.resolve("saved.lcproj.json");
        ProjectFiles.write(p, saved);
        byte[] first = Files.readAllBytes(saved);
        Project again = ProjectFiles.read(saved);
        assertThat(again).isEqualTo(p);
        ProjectFiles.write(again, saved);
        assertThat(Files.readAllBytes(saved)).isEqualTo(first);
        assertThat(new String(first, StandardCharsets.UTF_8))
                .contains("{\"id\": \"in\", \"type\": \"Input\", \"params\": {\"shape\": [1, 28, 28]}, \"x\": 40.0, \"y\": 60.0}");
    }

    static Stream<LayerType> layerTypes() {
        assertThat(LayerRegistry.standard().all()).isNotEmpty();
        return LayerRegistry.standard().all().stream();
    }

    /** Every registered layer type, with every parameter set, survives params → JSON → params. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layerTypes")
    void everyLayerTypeRoundTrips(LayerType type) throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        for (ParamSpec s : type.params()) {
            params.put(s.name(), switch (s.kind()) {
                case SHAPE -> List.of(3, 4);
                case INT -> s.defaultValue() != null ? s.defaultValue() : Math.max(1, s.min() == null ? 1 : s.min().intValue());
                case INT_OR_PAIR -> List.of(2, 1);
                case SIDES -> List.of(1, 0, 2, 1);
                case CHOICE, INT_OR_CHOICE -> s.defaultValue() != null ? s.defaultValue() : s.choices().get(0);
                case FLOAT -> s.defaultValue() != null ? s.defaultValue() : 0.25;
                case BOOLEAN -> s.defaultValue();
            });
        }
        Node node = new Node("n", type.name(), params, 12.5, -3.0);
        Project p = new Project("rt", List.of(new Network("main", List.of(node), List.of())), null, null);
        Path f = dir.resolve("rt.lcproj.json");
        ProjectFiles.write(p, f);
        Node back = ProjectFiles.read(f).networks().get(0).nodes().get(0);
        assertThat(back.params()).isEqualTo(params);
        assertThat(JsonWriter.write(new TreeMap<>(back.params()))).isEqualTo(JsonWriter.write(new TreeMap<>(params)));
        assertThat(back).isEqualTo(node);
    }

    @Test
    void unknownFieldsNameTheirPathLineAndColumn() throws IOException {
        Path f = file(LENET.replace("{\"id\": \"f\",   \"type\": \"Flatten\"}", "{\"id\": \"f\", \"type\": \"Flatten\", \"colour\": \"red\"}"));
        assertThatThrownBy(() -> ProjectFiles.read(f)).isInstanceOf(DataFormatException.class)
                .hasMessage(f + ":8:38: networks[0].nodes[2].colour: unknown field 'colour'");
    }

    @Test
    void malformedJsonGivesLineAndColumn() throws IOException {
        Path f = file("{\n  \"format\": \"layercanvas.project\",,\n}");
        assertThatThrownBy(() -> ProjectFiles.read(f)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(f + ":2:35: Unexpected character (',' (code 44))");
    }

    @Test
    void newerVersionsAndWrongFormatsAreRefused() throws IOException {
        Path newer = file(LENET.replace("\"version\": 1", "\"version\": 7"));
        assertThatThrownBy(() -> ProjectFiles.read(newer)).hasMessageContaining(
                "p.lcproj.json was written by a newer LayerCanvas (project format version 7); this version reads version 1");
        Path other = file("{\"format\": \"keras\", \"version\": 1}");
        assertThatThrownBy(() -> ProjectFiles.read(other)).hasMessageContaining("format: expected \"layercanvas.project\"");
        Path missing = file("{\"format\": \"layercanvas.project\", \"version\": 1, \"name\": \"x\", \"networks\": [{\"name\": \"main\", \"nodes\": [{\"type\": \"Dense\"}]}]}");
        assertThatThrownBy(() -> ProjectFiles.read(missing)).hasMessage(missing + ":1:102: networks[0].nodes[0]: missing required field 'id'");
        Path wrongType = file(LENET.replace("\"batch_size\": 128", "\"batch_size\": \"big\""));
        assertThatThrownBy(() -> ProjectFiles.read(wrongType)).hasMessageContaining("training.batch_size: must be an integer");
        Path scheme = file(LENET.replace("\"loss\": \"categorical_crossentropy\"", "\"scheme\": \"gans\", \"loss\": \"categorical_crossentropy\""));
        assertThatThrownBy(() -> ProjectFiles.read(scheme)).hasMessageContaining("training.scheme: unknown training scheme \"gans\" (known: supervised, autoencoder, gan)");
        Path dup = file(LENET.replace("\"id\": \"c1\"", "\"id\": \"in\""));
        assertThatThrownBy(() -> ProjectFiles.read(dup)).hasMessageContaining("networks[0].nodes[1].id: two nodes have the id 'in'");
    }

    @Test
    void aFailedSaveLeavesTheOldFileIntact() throws IOException {
        Path f = file(LENET);
        byte[] before = Files.readAllBytes(f);
        Node bad = new Node("n", "Dense", Map.of("units", Double.NaN));
        Project p = new Project("x", List.of(new Network("main", List.of(bad), List.of())), null, null);
        assertThatThrownBy(() -> ProjectFiles.write(p, f)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        List<Path> left = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.forEach(left::add);
        }
        assertThat(left).containsExactly(f);
    }
}
