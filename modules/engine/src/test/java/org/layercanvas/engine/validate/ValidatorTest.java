package org.layercanvas.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.layercanvas.engine.Networks.chain;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.LayerRegistry;

class ValidatorTest {
    private final Validator validator = new Validator(LayerRegistry.standard());

    private static Network lenetStart() {
        return chain("in", "Input", Map.of("shape", List.of(6, 28, 28)),
                "c1", "Activation", Map.of("activation", "relu"),
                "d1", "Dense", Map.of("units", 10));
    }

    @Test
    void infersShapesAndParameterCounts() {
        Validation v = validator.validate(chain("in", "Input", Map.of("shape", List.of(1, 28, 28)),
                "f", "Flatten", Map.of(),
                "h", "Dense", Map.of("units", 256, "activation", "relu"),
                "out", "Dense", Map.of("units", 10, "activation", "softmax")));
        assertThat(v.ok()).isTrue();
        assertThat(v.shapes().get("f")).isEqualTo(Shape.of(784));
        assertThat(v.shapes().get("out")).isEqualTo(Shape.of(10));
        assertThat(v.parameterCount("h")).isEqualTo(784 * 256 + 256);
        assertThat(v.totalParameterCount()).isEqualTo(784 * 256 + 256 + 2570);
        assertThat(v.order()).containsExactly("in", "f", "h", "out");
    }

    @Test
    void denseAfterAnImageSaysToInsertAFlatten() {
        Validation v = validator.validate(lenetStart());
        assertThat(v.problems()).extracting(Problem::nodeId, Problem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("d1", "Dense 'd1' expects a 1-D input but 'c1' gives [6,28,28]: insert a Flatten"));
        assertThat(v.shapes()).containsKeys("in", "c1").doesNotContainKey("d1");
    }

    @Test
    void cyclesAreNamedWithTheirPath() {
        Network net = new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(3))),
                new Node("a", "Dense", Map.of("units", 3)),
                new Node("b", "Activation", Map.of("activation", "relu"))),
                List.of(new Edge("a", "b"), new Edge("b", "a")));
        Validation v = validator.validate(net);
        assertThat(v.problems()).extracting(Problem::message)
                .contains("'a' is part of a cycle: a → b → a", "'b' is part of a cycle: a → b → a");
    }

    @Test
    void unknownTypesParamsAndBadValuesNameTheNode() {
        Network net = chain("in", "Input", Map.of("shape", List.of(3)),
                "d", "Dense", Map.of("unit", 3),
                "x", "Dnse", Map.of());
        Validation v = validator.validate(net);
        assertThat(v.problems()).extracting(Problem::message).contains(
                "Dense 'd' has no parameter 'unit' (parameters: units, activation, use_bias, kernel_initializer)",
                "Dense 'd' needs the parameter 'units': Number of output units.");
        assertThat(v.problemsOf("x").get(0).message()).startsWith("'x' has unknown layer type 'Dnse' (did you mean Dense? the ")
                .contains(" known types are listed in docs/project-format.md");

        Validation bad = validator.validate(chain("in", "Input", Map.of("shape", List.of(3)),
                "d", "Dense", Map.of("units", 0, "activation", "relux")));
        assertThat(bad.problems()).extracting(Problem::message).containsExactlyInAnyOrder(
                "Dense 'd': 'units' must be at least 1, not 0",
                "Dense 'd': 'activation' must be one of linear, step, sign, sigmoid, tanh, relu, leaky_relu, elu, abs, softplus, softmax, exponential, selu, gelu, swish, softsign, hard_sigmoid, log_softmax, not \"relux\"");
    }

    @Test
    void missingAndExtraInputsAndDanglingEdges() {
        Network net = new Network("main", List.of(
                new Node("in", "Input", Map.of("shape", List.of(3))),
                new Node("in2", "Input", Map.of("shape", List.of(3))),
                new Node("d", "Dense", Map.of("units", 2)),
                new Node("lonely", "Dense", Map.of("units", 2))),
                List.of(new Edge("in", "d", 0), new Edge("in2", "d", 1), new Edge("ghost", "lonely")));
        Validation v = validator.validate(net);
        assertThat(v.problems()).extracting(Problem::message).contains(
                "Dense 'd' needs 1 input but has 2",
                "Dense 'lonely' needs 1 input but has 0",
                "the edge ghost → lonely refers to a node 'ghost' that does not exist");
    }

    @Test
    void reshapeMustKeepTheNumberOfValues() {
        Validation v = validator.validate(chain("in", "Input", Map.of("shape", List.of(784)),
                "r", "Reshape", Map.of("target_shape", List.of(1, 28, 27))));
        assertThat(v.problems()).extracting(Problem::message)
                .containsExactly("Reshape 'r' cannot reshape the [784] output of 'in' (784 values) to [1,28,27] (756 values)");
    }
}
