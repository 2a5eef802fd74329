package org.layercanvas.editor.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.editor.model.ProjectDocument;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.engine.spi.LayerRegistry;
import org.netbeans.api.visual.widget.ConnectionWidget;
import org.netbeans.api.visual.widget.Widget;

/** Every connection is drawn in horizontal and vertical segments, out of the output pin to the right and into the input from the left. */
class OrthogonalRouterTest {
    @Test
    void forwardAndBackEdgesRunInHorizontalAndVerticalSegments() throws Exception {
        // a forward edge with a turn (in → a), a straight one (a → b), and one back to the row below (b → c)
        Network net = new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(4)), 40.0, 40.0),
                new Node("a", "Dense", Map.of("units", 4), 320.0, 100.0),
                new Node("b", "Dense", Map.of("units", 4), 600.0, 100.0),
                new Node("c", "Dense", Map.of("units", 4), 40.0, 400.0)),
                List.of(new Edge("in", "a"), new Edge("a", "b"), new Edge("b", "c")));
        ProjectDocument doc = new ProjectDocument(new Project("t", List.of(net), null, null), LayerRegistry.standard());
        NetworkSceneRenderingTest.render(doc, (scene, image) -> {
            for (Edge e : net.edges()) {
                List<Point> route = ((ConnectionWidget) scene.findWidget(e)).getControlPoints();
                for (int i = 1; i < route.size(); i++) {
                    Point p = route.get(i - 1), q = route.get(i);
                    assertThat(p.x == q.x || p.y == q.y).as(e + " segment " + p + " → " + q).isTrue();
                }
                Rectangle out = pin(scene.findWidget(PinKey.output(e.from()))), in = pin(scene.findWidget(new PinKey(e.to(), e.port())));
                assertThat(route.get(0)).isEqualTo(new Point(out.x + out.width, out.y + out.height / 2));
                assertThat(route.get(route.size() - 1)).isEqualTo(new Point(in.x, in.y + in.height / 2));
                assertThat(route.get(route.size() - 2).x).as("enters from the left").isLessThan(in.x);
            }
            assertThat(((ConnectionWidget) scene.findWidget(new Edge("a", "b", 0))).getControlPoints()).hasSize(2);
            List<Point> back = ((ConnectionWidget) scene.findWidget(new Edge("b", "c", 0))).getControlPoints();
            assertThat(back).hasSize(6);
            Rectangle b = NetworkSceneRenderingTest.bounds(scene.findWidget("b")), c = NetworkSceneRenderingTest.bounds(scene.findWidget("c"));
            assertThat(back.get(2).y).as("runs back between the rows").isBetween(b.y + b.height, c.y);
        });
    }

    private static Rectangle pin(Widget pin) {
        return pin.convertLocalToScene(pin.getBounds());
    }
}
