package org.layercanvas.editor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.swing.undo.UndoManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.layout.LayeredLayout;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;

/** The editor's logic without any widget: connect rules, shapes, undoable edits, paste ids, layout. */
class ProjectDocumentTest {
    @TempDir
    Path dir;

    static ProjectDocument mlp() {
        Network net = new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(1, 28, 28)), 40.0, 40.0),
                new Node("flat", "Flatten", Map.of(), 240.0, 40.0),
                new Node("out", "Dense", Map.of("units", 10, "activation", "softmax"), 440.0, 40.0)),
                List.of(new Edge("in", "flat"), new Edge("flat", "out")));
        return new ProjectDocument(new Project("t", List.of(net), null, null), LayerRegistry.standard());
    }

    @Test
    void connectRulesRefuseCyclesTakenPortsAndShapeMismatchesWithAReason() {
        ProjectDocument doc = mlp();
        assertThat(doc.whyNotConnect("out", "flat", 0)).contains("input 0 of 'flat' is already fed by 'in'");
        assertThat(doc.whyNotConnect("out", "out", 0)).contains("a layer cannot feed itself");
        String d = doc.addNode("Dense", 0, 0);
        assertThat(doc.whyNotConnect("in", d, 0)).contains("Dense 'dense1' expects a 1-D input but 'in' gives [1,28,28]: insert a Flatten");
        assertThat(doc.whyNotConnect("flat", d, 0)).isEmpty();
        doc.connect("out", d, 0);
        assertThat(doc.whyNotConnect(d, "flat", 1)).contains("Flatten 'flat' takes 1 input");
        String a = doc.addNode("Activation", 0, 0);
        doc.connect(d, a, 0);
        assertThat(doc.whyNotConnect(a, d, 0)).isPresent();
        Network withoutIn = doc.network();
        assertThat(new ConnectRules(LayerRegistry.standard()).check(
                NetworkEdits.removeEdge(withoutIn, new Edge("out", d, 0)), a, d, 0)).contains("this would make a cycle: dense1 → activation1 → dense1");
        assertThatThrownBy(() -> doc.connect("out", "in", 0)).hasMessage("Input 'in' takes no inputs");
    }

    @Test
    void shapesAndTotalsFollowEveryEditAndUndoRedoRestoresThem() {
        ProjectDocument doc = mlp();
        UndoManager undo = new UndoManager();
        doc.addUndoableEditListener(undo);
        assertThat(doc.validation().shapes().get("out")).isEqualTo(Shape.of(10));
        assertThat(doc.validation().totalParameterCount()).isEqualTo(7850);
        doc.setParam("out", "units", 32);
        assertThat(doc.validation().shapes().get("out")).isEqualTo(Shape.of(32));
        assertThat(doc.validation().totalParameterCount()).isEqualTo(784 * 32 + 32);
        assertThat(doc.validation().totalFlops()).isEqualTo(2L * 784 * 32 + 32);
        assertThat(doc.isModified()).isTrue();
        assertThatThrownBy(() -> doc.setParam("out", "units", -3)).hasMessage("'units' must be at least 1, not -3");
        assertThatThrownBy(() -> doc.setParam("out", "activation", "mish")).hasMessageStartingWith("'activation' must be one of linear");
        doc.moveNodes(Map.of("out", new double[] {500, 300}));
        doc.removeNodes(Set.of("flat"));
        assertThat(doc.network().edges()).isEmpty();
        assertThat(doc.validation().problemsOf("out")).isNotEmpty();
        assertThat(undo.getUndoPresentationName()).isEqualTo("Undo Delete flat");
        undo.undo();
        undo.undo();
        assertThat(doc.network().node("out").orElseThrow().x()).isEqualTo(440.0);
        undo.undo();
        assertThat(doc.validation().shapes().get("out")).isEqualTo(Shape.of(10));
        assertThat(doc.isModified()).isFalse();
        undo.redo();
        assertThat(doc.network().node("out").orElseThrow().params()).containsEntry("units", 32);
    }

    @Test
    void pasteGivesNewIdsAndKeepsOnlyEdgesInsideTheSelection() {
        ProjectDocument doc = mlp();
        Network net = doc.network();
        List<String> ids = doc.paste(List.of(net.node("flat").orElseThrow(), net.node("out").orElseThrow()),
                net.edges(), 20, 30);
        assertThat(ids).containsExactly("flatten1", "dense1");
        assertThat(doc.network().edges()).contains(new Edge("flatten1", "dense1", 0)).doesNotContain(new Edge("in", "flatten1", 0));
        assertThat(doc.network().node("dense1").orElseThrow().x()).isEqualTo(460.0);
        assertThat(doc.network().node("dense1").orElseThrow().params()).containsEntry("units", 10);
    }

    @Test
    void newNodesGetStarterValuesAndLayoutPlacesColumnsByDepth() {
        ProjectDocument doc = mlp();
        String d = doc.addNode("Dense", 0, 0);
        assertThat(doc.network().node(d).orElseThrow().params()).containsEntry("units", 32);
        doc.connect("out", d, 0);
        doc.layout(id -> new double[] {LayeredLayout.NODE_WIDTH, LayeredLayout.NODE_HEIGHT});
        Network net = doc.network();
        assertThat(net.node("in").orElseThrow().x()).isLessThan(net.node("flat").orElseThrow().x());
        assertThat(net.node(d).orElseThrow().x()).isGreaterThanOrEqualTo(net.node("out").orElseThrow().x() + LayeredLayout.NODE_WIDTH);
    }

    @Test
    void savingWritesTheProjectAndClearsTheModifiedMark() throws Exception {
        ProjectDocument doc = mlp();
        doc.setParam("out", "units", 12);
        Path file = dir.resolve("p.lcproj.json");
        doc.save(file);
        assertThat(doc.isModified()).isFalse();
        byte[] first = Files.readAllBytes(file);
        ProjectDocument reopened = ProjectDocument.open(file, LayerRegistry.standard());
        reopened.save(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
        assertThat(reopened.network()).isEqualTo(doc.network());
    }

    @Test
    void layersAndConnectionsDeletedTogetherComeBackWithOneUndo() {
        ProjectDocument doc = mlp();
        UndoManager undo = new UndoManager();
        doc.addUndoableEditListener(undo);
        Network before = doc.network();
        doc.remove(Set.of("out"), Set.of(new Edge("in", "flat")));
        assertThat(doc.network().nodes()).extracting(Node::id).containsExactly("in", "flat");
        assertThat(doc.network().edges()).isEmpty();
        assertThat(undo.getUndoPresentationName()).isEqualTo("Undo Delete 1 layer and 1 connection");
        undo.undo();
        assertThat(doc.network()).isEqualTo(before);
        assertThat(undo.canUndo()).isFalse();
    }
}
