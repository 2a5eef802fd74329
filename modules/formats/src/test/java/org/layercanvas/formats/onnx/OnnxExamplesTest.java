package org.layercanvas.formats.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.project.Project;
import org.layercanvas.formats.ProjectFiles;

/**
 * Every network of every bundled example, with random weights (no data or training needed), run by
 * LayerCanvas and by ONNX Runtime from its export; networks with a layer ONNX cannot express are
 * refused with a message naming that node.
 */
public class OnnxExamplesTest {
    static final Path EXAMPLES = Path.of(System.getProperty("layercanvas.examples", "../../examples"));

    public static Stream<Arguments> networks() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".lcproj.json")).sorted().toList()) {
                Project project = ProjectFiles.read(f);
                for (Network net : project.networks()) {
                    out.add(Arguments.of(EXAMPLES.relativize(f) + " " + net.name(), net));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void exampleAgreesWithOnnxRuntimeOrIsRefusedByNode(String name, Network net) throws OrtException, java.io.IOException {
        List<Node> inexpressible = net.nodes().stream().filter(n -> !new OnnxExporter().layerTypes().contains(n.type())).toList();
        if (inexpressible.isEmpty()) {
            OnnxCheck.assertMatches(name, net, name.hashCode());
        } else {
            Node first = inexpressible.get(0);
            assertThatThrownBy(() -> new OnnxExporter().toModel(net, List.of(), OnnxCheck.REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot export " + first.type() + " '" + first.id() + "' to ONNX");
        }
    }

    @Test
    void theExamplesTheIssueNamesAreExported() throws IOException {
        List<String> exported = networks().filter(a -> ((Network) a.get()[1]).nodes().stream().allMatch(n -> new OnnxExporter().layerTypes().contains(n.type())))
                .map(a -> (String) a.get()[0]).toList();
        assertThat(exported).contains("xor/xor.lcproj.json main", "iris-mlp/iris-mlp.lcproj.json main",
                "blobs-logistic/blobs-logistic.lcproj.json main", "lenet5-fashion/lenet5-fashion.lcproj.json main",
                "fashion-mlp/fashion-mlp.lcproj.json main", "lstm-sine/lstm-sine.lcproj.json main");
    }
}
