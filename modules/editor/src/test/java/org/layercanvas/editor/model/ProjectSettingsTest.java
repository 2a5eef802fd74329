package org.layercanvas.editor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.swing.undo.UndoManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.formats.ProjectFiles;

/** Training and data settings, several networks and renaming, as undoable document edits checked like a project file. */
class ProjectSettingsTest {
    @TempDir
    Path dir;

    @Test
    void trainingFieldsAreCheckedUndoableAndSaved() throws Exception {
        ProjectDocument doc = ProjectDocumentTest.mlp();
        UndoManager undo = new UndoManager();
        doc.addUndoableEditListener(undo);
        doc.setTrainingField("batch_size", 64);
        doc.setTrainingField("loss", "mse");
        doc.setTrainingField("metrics", "mae, mse");
        doc.setOptimizerParam("learning_rate", 0.05);
        doc.setTrainingField("optimizer", "sgd");
        doc.setOptimizerParam("momentum", 0.9);
        doc.setTrainingField("early_stopping_patience", 3);
        assertThat(doc.project().training().batchSize()).isEqualTo(64);
        assertThat(doc.project().training().metrics()).containsExactly("mae", "mse");
        assertThat(doc.project().training().optimizer().type()).isEqualTo("sgd");
        assertThat(doc.project().training().optimizer().params()).containsEntry("learning_rate", 0.05).containsEntry("momentum", 0.9);
        assertThat(doc.project().training().earlyStopping().patience()).isEqualTo(3);
        assertThat(doc.isModified()).isTrue();

        assertThatThrownBy(() -> doc.setTrainingField("batch_size", 0)).hasMessageContaining("batch_size must be at least 1");
        assertThatThrownBy(() -> doc.setTrainingField("loss", "hinge")).hasMessageContaining("unknown loss \"hinge\"");
        assertThatThrownBy(() -> doc.setTrainingField("metrics", "accuracy, f1")).hasMessageContaining("unknown metric \"f1\"");
        assertThatThrownBy(() -> doc.setTrainingField("validation_split", 1.0)).hasMessageContaining("validation_split").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> doc.setOptimizerParam("momentum", 2.0)).hasMessageContaining("momentum");
        assertThat(doc.project().training().batchSize()).as("a refused value changes nothing").isEqualTo(64);

        Path file = dir.resolve("t.lcproj.json");
        doc.save(file);
        assertThat(ProjectFiles.read(file).training()).isEqualTo(doc.project().training());
        while (undo.canUndo()) {
            undo.undo();
        }
        assertThat(doc.project().training()).isNull();
    }

    @Test
    void dataSourcesAndPreprocessingAreEditable() {
        ProjectDocument doc = ProjectDocumentTest.mlp();
        doc.setSourceField("train", "path", "data/train.csv");
        doc.setSourceField("train", "target", "label");
        doc.setSourceField("test", "path", "data/test.csv");
        doc.setPreprocess("one_hot", 10);
        doc.setPreprocess("standardize", true);
        assertThat(doc.project().data().train().type()).isEqualTo("csv");
        assertThat(doc.project().data().train().fields()).containsEntry("path", "data/train.csv").containsEntry("target", "label");
        assertThat(doc.project().data().test().fields()).containsEntry("path", "data/test.csv");
        assertThat(doc.project().data().preprocess().oneHot()).isEqualTo(10);
        assertThatThrownBy(() -> doc.setPreprocess("one_hot", 1)).hasMessageContaining("one_hot");
        doc.setSourceField("train", "target", "");
        assertThat(doc.project().data().train().fields()).doesNotContainKey("target");
    }

    @Test
    void everyNetworkCanBeShownEditedAddedRenamedAndDeletedWithUndo() {
        Network g = new Network("generator", List.of(new Node("z", "Input", Map.of("shape", List.of(4)), 0.0, 0.0),
                new Node("g", "Dense", Map.of("units", 2), 0.0, 0.0)), List.of(new Edge("z", "g")));
        Network d = new Network("discriminator", List.of(new Node("x", "Input", Map.of("shape", List.of(2)), 0.0, 0.0),
                new Node("d", "Dense", Map.of("units", 1), 0.0, 0.0)), List.of(new Edge("x", "d")));
        ProjectDocument doc = new ProjectDocument(new Project("gan", List.of(g, d), null, null), LayerRegistry.standard());
        UndoManager undo = new UndoManager();
        doc.addUndoableEditListener(undo);
        assertThat(doc.networkName()).isEqualTo("generator");
        doc.showNetwork("discriminator");
        assertThat(doc.isModified()).as("showing another network is no edit").isFalse();
        doc.removeNodes(Set.of("d"));
        assertThat(doc.project().network("discriminator").orElseThrow().node("d")).isEmpty();
        assertThat(doc.project().network("generator").orElseThrow()).isEqualTo(g);
        doc.showNetwork("generator");
        undo.undo();
        assertThat(doc.networkName()).as("undo shows the network it changes").isEqualTo("discriminator");
        assertThat(doc.network().node("d")).isPresent();
        assertThat(doc.isModified()).isFalse();

        doc.addNetwork("critic");
        assertThat(doc.networkName()).isEqualTo("critic");
        assertThat(doc.network().nodes()).extracting(Node::type).containsExactly("Input");
        assertThatThrownBy(() -> doc.addNetwork("generator")).hasMessageContaining("already has a network 'generator'");
        assertThatThrownBy(() -> doc.addNetwork("bad name")).hasMessageContaining("a network name");
        doc.renameNetwork("critic2");
        assertThat(doc.project().network("critic2")).isPresent();
        doc.deleteNetwork();
        assertThat(doc.project().networks()).extracting(Network::name).containsExactly("generator", "discriminator");
        undo.undo();
        assertThat(doc.networkName()).isEqualTo("critic2");
    }

    @Test
    void renamingALayerKeepsItsConnections() {
        ProjectDocument doc = ProjectDocumentTest.mlp();
        doc.renameNode("flat", "flatten");
        assertThat(doc.network().edges()).containsExactly(new Edge("in", "flatten"), new Edge("flatten", "out"));
        assertThat(doc.problems()).isEmpty();
        assertThatThrownBy(() -> doc.renameNode("flatten", "out")).hasMessageContaining("already has a layer 'out'");
        assertThatThrownBy(() -> doc.renameNode("flatten", "a b")).hasMessageContaining("a layer id");
    }

    @Test
    void aDanglingOutputIsAProblemWithFixes() {
        ProjectDocument doc = ProjectDocumentTest.mlp();
        String extra = doc.addNode("Dense", 0, 0);
        doc.connect("flat", extra, 0);
        var dangling = doc.problems().stream().filter(p -> p.message().contains("goes nowhere")).toList();
        assertThat(dangling).extracting(p -> p.nodeId()).containsExactlyInAnyOrder("out", extra);
        var fixes = QuickFixes.fixes(doc, dangling.stream().filter(p -> p.nodeId().equals(extra)).findFirst().orElseThrow());
        assertThat(fixes).extracting(QuickFixes.Fix::label).contains("Remove '" + extra + "'");
        fixes.get(0).apply().accept(doc);
        assertThat(doc.problems()).isEmpty();
    }

    @Test
    void aMissingInputOffersAConnectionFromEachCompatibleLayer() {
        ProjectDocument doc = ProjectDocumentTest.mlp();
        String loose = doc.addNode("Dense", 0, 0);
        var problem = doc.problems().stream().filter(p -> loose.equals(p.nodeId()) && p.message().contains("needs 1 input")).findFirst().orElseThrow();
        var fixes = QuickFixes.fixes(doc, problem);
        assertThat(fixes).extracting(QuickFixes.Fix::label).contains("Connect from 'flat'", "Connect from 'out'")
                .doesNotContain("Connect from 'in'"); // [1,28,28] into a Dense: refused by the shapes
        fixes.stream().filter(f -> f.label().equals("Connect from 'out'")).findFirst().orElseThrow().apply().accept(doc);
        assertThat(doc.network().edges()).contains(new Edge("out", loose, 0));
    }

    @Test
    void aKernelThatDoesNotFitOffersPaddingOrASmallerKernel() {
        Network net = new Network("main", List.of(new Node("in", "Input", Map.of("shape", List.of(1, 4, 4)), 0.0, 0.0),
                new Node("c", "Conv2D", Map.of("filters", 2, "kernel_size", 5), 0.0, 0.0)), List.of(new Edge("in", "c")));
        ProjectDocument doc = new ProjectDocument(new Project("k", List.of(net), null, null), LayerRegistry.standard());
        var problem = doc.problems().stream().filter(p -> p.message().contains("kernel does not fit")).findFirst().orElseThrow();
        var fixes = QuickFixes.fixes(doc, problem);
        assertThat(fixes).extracting(QuickFixes.Fix::label).containsExactly("Pad 'c' (padding \"same\")", "Set the kernel_size of 'c' to 4");
        fixes.get(1).apply().accept(doc);
        assertThat(doc.problems()).isEmpty();
        assertThat(doc.validation().shapes().get("c").dims()).containsExactly(2, 1, 1);
    }
}
