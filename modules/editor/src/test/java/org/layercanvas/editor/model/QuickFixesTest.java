package org.layercanvas.editor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.DataConfig;
import org.layercanvas.engine.project.Preprocess;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.validate.Problem;

class QuickFixesTest {
    static ProjectDocument doc(List<Node> nodes, List<Edge> edges, Integer oneHot) {
        DataConfig data = oneHot == null ? null : new DataConfig(null, null, new Preprocess(null, false, oneHot));
        return new ProjectDocument(new Project("t", List.of(new Network("main", nodes, edges)), null, data), LayerRegistry.standard());
    }

    private static void applyOnly(ProjectDocument d, Problem p) {
        List<QuickFixes.Fix> fixes = QuickFixes.fixes(d, p);
        assertThat(fixes).hasSize(1);
        fixes.get(0).apply().accept(d);
    }

    @Test
    void insertsAFlattenBeforeADenseFedAnImage() {
        ProjectDocument d = doc(List.of(new Node("in", "Input", Map.of("shape", List.of(1, 28, 28)), 40.0, 40.0),
                new Node("out", "Dense", Map.of("units", 10), 280.0, 40.0)), List.of(new Edge("in", "out")), null);
        Problem p = d.problems().get(0);
        assertThat(QuickFixes.fixes(d, p)).extracting(QuickFixes.Fix::label).containsExactly("Insert a Flatten before 'out'");
        applyOnly(d, p);
        assertThat(d.problems()).isEmpty();
        assertThat(d.network().edges()).containsExactlyInAnyOrder(new Edge("in", "flatten1", 0), new Edge("flatten1", "out", 0));
        assertThat(d.validation().shapes().get("flatten1")).isEqualTo(Shape.of(784));
    }

    @Test
    void anAutoencodersOutputMustHaveItsInputsShape(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Templates.Template conv = Templates.bundled().stream().filter(t -> t.folder().equals("conv-autoencoder-fashion")).findFirst().orElseThrow();
        ProjectDocument d = ProjectDocument.open(Templates.create(conv, dir.resolve("ae"), "ae"), LayerRegistry.standard());
        assertThat(d.problems()).isEmpty();
        d.setParam("enc1", "strides", List.of(2, 1));
        assertThat(d.problems()).extracting(Problem::message).containsExactly("Conv2D 'reconstruction' gives [1,12,28] but an autoencoder gives back "
                + "its input: the output must be [1,28,28], the shape of 'image'");
    }

    @Test
    void setsTheLastDensesUnitsToTheNumberOfClasses() {
        ProjectDocument d = doc(List.of(new Node("in", "Input", Map.of("shape", List.of(4))),
                new Node("out", "Dense", Map.of("units", 2, "activation", "softmax"))), List.of(new Edge("in", "out")), 3);
        assertThat(d.problems()).extracting(Problem::message)
                .containsExactly("Dense 'out' gives [2] but the data has 3 classes (one_hot 3): its output must have 3 values");
        applyOnly(d, d.problems().get(0));
        assertThat(d.problems()).isEmpty();
        assertThat(d.network().node("out").orElseThrow().params()).containsEntry("units", 3);
    }

    @Test
    void addsAMissingInputFeedingTheLayersWithoutInput() {
        ProjectDocument d = doc(List.of(new Node("h", "Dense", Map.of("units", 8)), new Node("out", "Dense", Map.of("units", 1))),
                List.of(new Edge("h", "out")), null);
        Problem missing = d.problems().stream().filter(p -> p.message().startsWith("the network has no Input")).findFirst().orElseThrow();
        applyOnly(d, missing);
        assertThat(d.network().edges()).contains(new Edge("input1", "h", 0));
        assertThat(d.problems()).isEmpty();
    }
}
