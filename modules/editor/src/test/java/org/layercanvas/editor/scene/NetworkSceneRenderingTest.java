package org.layercanvas.editor.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.EventQueue;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.netbeans.api.visual.widget.Widget;

/**
 * Renders the scene offscreen to an image and checks what a person would see: each node where
 * the document puts it, edge labels with tensor shapes, a red badge on the node with a problem.
 */
class NetworkSceneRenderingTest {
    static ProjectDocument document() {
        Network net = new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(1, 28, 28)), 40.0, 60.0),
                new Node("flat", "Flatten", Map.of(), 280.0, 60.0),
                new Node("out", "Dense", Map.of("units", 10, "activation", "softmax"), 520.0, 60.0),
                new Node("bad", "Dense", Map.of("units", 5), 520.0, 260.0)),
                List.of(new Edge("in", "flat"), new Edge("flat", "out"), new Edge("in", "bad")));
        return new ProjectDocument(new Project("t", List.of(net), null, null), LayerRegistry.standard());
    }

    interface SceneCheck {
        void check(NetworkScene scene, BufferedImage image) throws Exception;
    }

    static void render(ProjectDocument doc, SceneCheck check) throws Exception {
        Exception[] failure = new Exception[1];
        AssertionError[] assertion = new AssertionError[1];
        EventQueue.invokeAndWait(() -> {
            try {
                NetworkScene scene = new NetworkScene(doc);
                BufferedImage image = new BufferedImage(900, 500, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, image.getWidth(), image.getHeight());
                scene.validate(g);
                scene.paint(g);
                g.dispose();
                File dir = new File("target/scene-images");
                dir.mkdirs();
                ImageIO.write(image, "png", new File(dir, "network.png"));
                check.check(scene, image);
            } catch (AssertionError e) {
                assertion[0] = e;
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        if (assertion[0] != null) {
            throw assertion[0];
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Test
    void nodesEdgesShapesAndProblemsAreDrawnWhereTheDocumentSays() throws Exception {
        render(document(), (scene, image) -> {
            assertThat(scene.findWidget("out").getLocation()).isEqualTo(new java.awt.Point(520, 60));
            Rectangle out = bounds(scene.findWidget("out"));
            // the Core header colour fills the top of the Dense node
            assertThat(new Color(image.getRGB(out.x + out.width / 2, out.y + 8))).isEqualTo(Style.category("Core"));
            // the broken node carries the red badge at its top-right corner
            Rectangle bad = bounds(scene.findWidget("bad"));
            assertThat(countColor(image, new Rectangle(bad.x + bad.width - 30, bad.y - 8, 36, 24), Style.ERROR)).isGreaterThan(20);
            assertThat(countColor(image, new Rectangle(out.x + out.width - 30, out.y - 8, 36, 24), Style.ERROR)).isZero();
            assertThat(((LayerNodeWidget) scene.findWidget("bad")).isBroken()).isTrue();
            // edges are labelled with the tensor shape flowing through them
            assertThat(((EdgeWidget) scene.findWidget(new Edge("flat", "out", 0))).shapeText()).isEqualTo("[784]");
            assertThat(((EdgeWidget) scene.findWidget(new Edge("in", "flat", 0))).shapeText()).isEqualTo("[1,28,28]");
        });
    }

    @Test
    void documentEditsReachTheSceneAndUndoTakesThemBack() throws Exception {
        ProjectDocument doc = document();
        javax.swing.undo.UndoManager undo = new javax.swing.undo.UndoManager();
        doc.addUndoableEditListener(undo);
        render(doc, (scene, image) -> {
            doc.setParam("out", "units", 3);
            Widget out = scene.findWidget("out");
            assertThat(labels(out)).contains("units 3 · softmax", "→ [3]", "2,355 params");
            String added = doc.addNode("Dropout", 300, 300);
            assertThat(scene.findWidget(added)).isNotNull();
            doc.connect("out", added, 0);
            assertThat(scene.findWidget(new Edge("out", added, 0))).isNotNull();
            undo.undo();
            undo.undo();
            assertThat(scene.findWidget(added)).isNull();
            undo.undo();
            assertThat(labels(scene.findWidget("out"))).contains("→ [10]");
        });
    }

    @Test
    void duplicateCopiesTheSelectionWithNewIdsAndInnerEdges() throws Exception {
        ProjectDocument doc = document();
        render(doc, (scene, image) -> {
            scene.setSelectedObjects(java.util.Set.of("flat", "out"));
            scene.duplicateSelection();
            assertThat(new java.util.ArrayList<Object>(scene.getSelectedObjects())).containsExactlyInAnyOrder("flatten1", "dense1");
            assertThat(doc.network().edges()).contains(new Edge("flatten1", "dense1", 0));
            assertThat(scene.findWidget("dense1").getPreferredLocation()).isEqualTo(new java.awt.Point(560, 100));
            scene.setSelectedObjects(java.util.Set.of("dense1"));
            scene.deleteSelection();
            assertThat(doc.network().node("dense1")).isEmpty();
            assertThat(doc.network().edges()).doesNotContain(new Edge("flatten1", "dense1", 0));
        });
    }

    static Rectangle bounds(Widget w) {
        Rectangle b = w.getBounds();
        java.awt.Point p = w.getLocation();
        return new Rectangle(p.x + b.x + PinWidget.SIZE / 2 + 1, p.y + b.y, b.width - PinWidget.SIZE - 2, b.height);
    }

    static List<String> labels(Widget w) {
        return ((LayerNodeWidget) w).texts();
    }

    static int countColor(BufferedImage image, Rectangle r, Color c) {
        int n = 0;
        for (int x = Math.max(0, r.x); x < Math.min(image.getWidth(), r.x + r.width); x++) {
            for (int y = Math.max(0, r.y); y < Math.min(image.getHeight(), r.y + r.height); y++) {
                n += image.getRGB(x, y) == c.getRGB() ? 1 : 0;
            }
        }
        return n;
    }
}
