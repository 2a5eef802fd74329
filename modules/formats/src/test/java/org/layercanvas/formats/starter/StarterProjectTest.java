package org.layercanvas.formats.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.validate.Validator;
import org.layercanvas.formats.ProjectFiles;
import org.layercanvas.formats.data.DatasetReadersTest;

class StarterProjectTest {
    static final Path IRIS = Path.of(System.getProperty("layercanvas.examples", "../../examples"), "iris-mlp");

    @TempDir
    Path dir;

    @Test
    void irisBecomesAMulticlassMlpWithPathsRelativeToTheProject() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.copy(IRIS.resolve("iris-train.csv"), data.resolve("iris-train.csv"));
        Files.copy(IRIS.resolve("iris-test.csv"), data.resolve("iris-test.csv"));
        Path file = dir.resolve("flowers.lcproj.json");
        StarterProject s = StarterProject.make(file, data.resolve("iris-train.csv"), null, data.resolve("iris-test.csv"), "mlp");
        Project p = s.project();
        assertThat(p.name()).isEqualTo("flowers");
        assertThat(s.task()).isEqualTo(Task.MULTICLASS);
        assertThat(s.target()).isEqualTo("species");
        assertThat(s.classNames()).containsExactly("virginica", "setosa", "versicolor");
        assertThat(s.rows()).isEqualTo(120);

        Network net = p.mainNetwork();
        assertThat(net.name()).isEqualTo("main");
        assertThat(net.nodes()).extracting(Node::id, Node::type).containsExactly(org.assertj.core.groups.Tuple.tuple("input", "Input"),
                org.assertj.core.groups.Tuple.tuple("hidden", "Dense"), org.assertj.core.groups.Tuple.tuple("output", "Dense"));
        assertThat(net.nodes().get(0).params()).isEqualTo(Map.of("shape", List.of(4)));
        assertThat(net.nodes().get(1).params()).isEqualTo(Map.of("units", 16, "activation", "relu"));
        assertThat(net.nodes().get(2).params()).isEqualTo(Map.of("units", 3, "activation", "softmax"));
        assertThat(net.nodes()).extracting(Node::x).isSorted().doesNotContainNull().doesNotHaveDuplicates();
        assertThat(new Validator(LayerRegistry.standard()).validate(net).problems()).isEmpty();
        assertThat(s.parameters()).isEqualTo(4 * 16 + 16 + 16 * 3 + 3);

        assertThat(p.training().loss()).isEqualTo("categorical_crossentropy");
        assertThat(p.training().metrics()).containsExactly("accuracy");
        assertThat(p.training().optimizer().type()).isEqualTo("adam");
        assertThat(p.training().seed()).isEqualTo(42);
        assertThat(p.training().validationSplit()).isEqualTo(0.2);
        assertThat(p.data().train().fields()).isEqualTo(Map.of("path", "data/iris-train.csv", "target", "species"));
        assertThat(p.data().test().fields()).isEqualTo(Map.of("path", "data/iris-test.csv", "target", "species"));
        assertThat(p.data().preprocess()).isEqualTo(new Preprocess(null, true, 3));
        assertThat(s.describe()).contains("multiclass classification of 'species' (3 classes: virginica, setosa, versicolor)",
                "input [4] → dense 16 relu → dense 3 softmax (131 parameters)");

        // what is written reads back as the same project
        ProjectFiles.write(p, file);
        assertThat(ProjectFiles.read(file)).isEqualTo(p);
    }

    @Test
    void binaryLogisticAndRegressionOutputsFitTheTarget() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "x1,x2,passed,score\n1,2,0,0.5\n2,1,1,1.5\n3,3,1,2.25\n0,1,0,0.1\n");
        Project binary = StarterProject.create(dir.resolve("b.lcproj.json"), csv, "passed", null, "logistic");
        Network net = binary.mainNetwork();
        assertThat(net.nodes()).extracting(Node::id).containsExactly("input", "output");
        assertThat(net.nodes().get(0).params()).isEqualTo(Map.of("shape", List.of(3)));
        assertThat(net.nodes().get(1).params()).isEqualTo(Map.of("units", 1, "activation", "sigmoid"));
        assertThat(binary.training().loss()).isEqualTo("binary_crossentropy");
        assertThat(binary.training().metrics()).containsExactly("accuracy", "auc");
        assertThat(binary.data().preprocess()).isEqualTo(new Preprocess(null, true, null));
        assertThat(binary.data().test()).isNull();

        Project regression = StarterProject.create(dir.resolve("r.lcproj.json"), csv, null, null, "mlp");
        assertThat(regression.data().train().fields()).containsEntry("target", "score");
        assertThat(regression.mainNetwork().node("output").orElseThrow().params()).isEqualTo(Map.of("units", 1));
        assertThat(regression.training().loss()).isEqualTo("mse");
        assertThat(regression.training().metrics()).containsExactly("mae");
        assertThat(regression.training().optimizer().params()).isEqualTo(Map.of("learning_rate", 0.01));
        assertThat(regression.training().batchSize()).isEqualTo(16);
        assertThat(regression.training().epochs()).isEqualTo(200);
    }

    @Test
    void headerlessTablesNameTheTargetByIndex() throws IOException {
        Path csv = Files.writeString(dir.resolve("raw.txt"), "1\t2\tb\n3\t4\ta\n5\t6\tb\n");
        Project p = StarterProject.create(dir.resolve("p.lcproj.json"), csv, "2", null, "logistic");
        assertThat(p.data().train().fields()).isEqualTo(Map.of("path", "raw.txt", "target", 2, "header", false, "delimiter", "\t"));
        assertThatThrownBy(() -> StarterProject.create(dir.resolve("p.lcproj.json"), csv, "label", null, "logistic"))
                .hasMessage("raw.txt has no header row: name the target column by its 0-based index, not 'label'");
    }

    @Test
    void idxImagesAreFlattenedAndScaled() throws IOException {
        Path images = Files.write(dir.resolve("train-images-idx3-ubyte"), DatasetReadersTest.idx(8, new int[] {4, 2, 2}, new byte[16]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), DatasetReadersTest.idx(8, new int[] {4}, new byte[] {0, 1, 2, 1}));
        StarterProject s = StarterProject.make(dir.resolve("sub/digits.lcproj.json"), images, null, null, "mlp");
        Project p = s.project();
        assertThat(s.task()).isEqualTo(Task.MULTICLASS);
        assertThat(p.mainNetwork().nodes()).extracting(Node::type).containsExactly("Input", "Flatten", "Dense", "Dense");
        assertThat(p.mainNetwork().nodes().get(0).params()).isEqualTo(Map.of("shape", List.of(1, 2, 2)));
        assertThat(p.data().train().fields()).isEqualTo(Map.of("images", "../train-images-idx3-ubyte", "labels", "../train-labels-idx1-ubyte"));
        assertThat(p.data().preprocess()).isEqualTo(new Preprocess(1 / 255.0, false, 3));
        assertThatThrownBy(() -> StarterProject.create(dir.resolve("d.lcproj.json"), images, "colour", null, "mlp"))
                .hasMessage("IDX data predicts its labels file; there is no column 'colour'");
    }

    @Test
    void wideInputsGetTwoHiddenLayersAndASmallerLearningRate() {
        Network net = StarterProject.network(org.layercanvas.engine.api.Shape.of(1, 28, 28), Task.MULTICLASS, 10, true);
        assertThat(net.nodes()).extracting(n -> n.params().get("units")).containsExactly(null, null, 256, 128, 10);
        assertThat(new Validator(LayerRegistry.standard()).validate(net).ok()).isTrue();
        var mnist = StarterProject.training(Task.MULTICLASS, 60000, 784);
        assertThat(mnist.optimizer().params()).isEqualTo(Map.of("learning_rate", 0.001));
        assertThat(mnist.batchSize()).isEqualTo(128);
        assertThat(mnist.epochs()).isEqualTo(10);
    }

    @Test
    void refusesWhatCannotBecomeAProject() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "a,b,y\n1,2,0\n3,4,1\n");
        assertThatThrownBy(() -> StarterProject.create(dir.resolve("p.lcproj.json"), csv, "colour", null, "mlp"))
                .isInstanceOf(DataFormatException.class).hasMessage(csv + ":1: no column named 'colour' (columns: a, b, y)");
        assertThatThrownBy(() -> StarterProject.create(dir.resolve("p.json"), csv, null, null, "mlp"))
                .hasMessage(dir.resolve("p.json") + ": a project file is named NAME.lcproj.json");
        assertThatThrownBy(() -> StarterProject.create(dir.resolve("p.lcproj.json"), csv, null, null, "cnn"))
                .hasMessage("unknown model 'cnn' (known: logistic, mlp)");
        Path badTest = Files.writeString(dir.resolve("test.csv"), "a,b,y\n1,2,0\n3,x,1\n");
        assertThatThrownBy(() -> StarterProject.create(dir.resolve("p.lcproj.json"), csv, null, badTest, "mlp"))
                .isInstanceOf(DataFormatException.class).hasMessage(badTest + ":3: column 'b' holds \"x\", which is not a number");
    }
}
