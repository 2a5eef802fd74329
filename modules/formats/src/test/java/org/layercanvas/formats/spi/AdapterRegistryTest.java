package org.layercanvas.formats.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layercanvas.formats.onnx.OnnxCheck.REGISTRY;
import static org.layercanvas.formats.onnx.OnnxCheck.single;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ModelImporter.Imported;
import org.layercanvas.formats.adapters.DenseAdapter;
import org.layercanvas.formats.onnx.OnnxExporter;
import org.layercanvas.formats.onnx.OnnxImporter;
import org.layercanvas.formats.spi.onnx.Onnx.ModelProto;
import org.layercanvas.formats.spi.onnx.Onnx.NodeProto;
import org.layercanvas.formats.testplugin.SquareAdapter;

/**
 * The exporters and the importer know layer types only through the adapter registry: every
 * registered layer type has its adapters (or is refused for a stated reason), and the test plugin's
 * Square layer (test META-INF/services only) goes to ONNX and back. OnnxExporterTest's single-layer
 * cases include Square too, so ONNX Runtime, PyTorch and Keras check it like the built-in layers.
 */
class AdapterRegistryTest {
    /** Layer types no format expresses, each refused by name with its reason (see the exporters' tests). */
    private static final Set<String> REFUSED = Set.of("Sampling", "LDA", "QDA");

    static Stream<String> layerTypes() {
        return REGISTRY.all().stream().map(LayerType::name).filter(t -> !REFUSED.contains(t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layerTypes")
    void everyLayerTypeHasAnAdapterForEveryFormat(String type) {
        for (Class<? extends FormatAdapter> kind : List.of(OnnxAdapter.class, PyTorchAdapter.class, KerasAdapter.class)) {
            assertThat(AdapterRegistry.standard(kind).forLayer(type)).as(kind.getSimpleName() + " for " + type).isPresent();
        }
    }

    @Test
    void thePluginLayerIsFoundOnTheClassPath() {
        assertThat(REGISTRY.find("Square")).isPresent();
        assertThat(new OnnxExporter().layerTypes()).contains("Square");
        assertThat(new OnnxImporter().operators()).contains("Pow");
    }

    @Test
    void thePluginLayerGoesToOnnxAndBack() throws Exception {
        Network net = single("Square", Map.of(), new int[] {2, 3});
        ModelProto model = new OnnxExporter().toModel(net, List.of(), REGISTRY);
        assertThat(model.getGraph().getNodeList()).extracting(NodeProto::getOpType).containsExactly("Pow");
        Imported imported = new OnnxImporter().fromModel(model, "square.onnx", REGISTRY);
        assertThat(imported.network().nodes()).extracting(Node::type).containsExactly("Input", "Square");
        assertThat(imported.network().edges()).isEqualTo(net.edges());
    }

    @Test
    void withoutItsAdapterThePluginLayerIsRefusedByName() {
        Network net = single("Square", Map.of(), new int[] {3});
        List<OnnxAdapter> builtIn = AdapterRegistry.standard(OnnxAdapter.class).all().stream().filter(a -> !(a instanceof SquareAdapter)).toList();
        OnnxExporter bare = new OnnxExporter(new AdapterRegistry<>(builtIn));
        assertThatThrownBy(() -> bare.toModel(net, List.of(), REGISTRY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot export Square 'layer' to ONNX: the ONNX exporter does not know this layer type");
    }

    @Test
    void twoAdaptersForOneLayerTypeAreRefused() {
        OnnxAdapter alsoDense = new OnnxAdapter() {
            @Override
            public Set<String> layerTypes() {
                return Set.of("Dense");
            }

            @Override
            public void export(LayerConfig config, List<String> inputs, OnnxExport onnx) {
            }
        };
        assertThatThrownBy(() -> new AdapterRegistry<>(List.of(new DenseAdapter(), alsoDense))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two adapters speak for layer type 'Dense'");
    }

    @Test
    void twoAdaptersForOneOperatorAreRefused() {
        SquareAdapter square = new SquareAdapter();
        OnnxAdapter alsoPow = new OnnxAdapter() {
            @Override
            public Set<String> layerTypes() {
                return Set.of("Cube");
            }

            @Override
            public void export(LayerConfig config, List<String> inputs, OnnxExport onnx) {
            }

            @Override
            public Set<String> operators() {
                return Set.of("Pow");
            }
        };
        assertThatThrownBy(() -> new OnnxImporter(new AdapterRegistry<>(List.of(square, alsoPow)))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two adapters import ONNX operator Pow");
    }
}
