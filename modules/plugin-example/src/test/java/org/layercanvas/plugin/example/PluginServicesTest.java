package org.layercanvas.plugin.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.LayerConfig;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.layercanvas.engine.spi.ParamTensor;
import org.layercanvas.engine.spi.ShapeException;
import org.layercanvas.formats.spi.AdapterRegistry;
import org.layercanvas.formats.spi.KerasAdapter;
import org.layercanvas.formats.spi.OnnxAdapter;
import org.layercanvas.formats.spi.PyTorchAdapter;

/** The plugin's services are found the way LayerCanvas finds built-in ones, and LayerNormalization's spec and shape rule. */
class PluginServicesTest {
    private static final LayerType LAYER = LayerRegistry.standard().find("LayerNormalization").orElseThrow();

    private static LayerConfig config(int axis) {
        return new LayerConfig("ln", "LayerNormalization", Map.of("axis", axis, "epsilon", 0.001), List.of("in"));
    }

    @Test
    void everyServiceIsRegistered() {
        assertThat(LAYER).isInstanceOf(LayerNormalizationLayer.class);
        for (Class<? extends org.layercanvas.formats.spi.FormatAdapter> kind : List.of(OnnxAdapter.class, PyTorchAdapter.class, KerasAdapter.class)) {
            assertThat(AdapterRegistry.standard(kind).forLayer("LayerNormalization")).as(kind.getSimpleName())
                    .containsInstanceOf(LayerNormalizationAdapter.class);
        }
        assertThat(ServiceLoader.load(DatasetReader.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(r -> assertThat(r.type()).isEqualTo("libsvm"));
    }

    @Test
    void specFollowsKeras() {
        assertThat(LAYER.category()).isEqualTo(LayerRegistry.standard().find("BatchNormalization").orElseThrow().category());
        assertThat(LAYER.params()).extracting(p -> p.name() + "=" + p.defaultValue()).containsExactly("axis=-1", "epsilon=0.001");
        assertThat(LAYER.description()).endsWith(".");
    }

    @Test
    void iconIsA32PixelPng() throws IOException {
        try (InputStream in = LAYER.getClass().getResourceAsStream(LAYER.iconResource())) {
            assertThat(in).as(LAYER.iconResource()).isNotNull();
            BufferedImage icon = ImageIO.read(in);
            assertThat(icon.getWidth()).isEqualTo(32);
            assertThat(icon.getHeight()).isEqualTo(32);
        }
    }

    @Test
    void outputKeepsTheShapeAndParametersSpanTheLastAxis() throws ShapeException {
        Shape in = Shape.of(4, 10);
        assertThat(LAYER.outputShape(config(-1), List.of(in))).isEqualTo(in);
        assertThat(LAYER.parameters(config(-1), List.of(in))).containsExactly(new ParamTensor("weight", Shape.of(10), "ones"),
                new ParamTensor("bias", Shape.of(10), "zeros"));
        assertThat(LAYER.flops(config(-1), List.of(in), in)).isEqualTo(7L * 40);
    }

    @Test
    void anAxisOtherThanTheLastIsRefusedNamingTheNode() {
        for (int axis : new int[] {0, 1, -2}) {
            assertThatThrownBy(() -> LAYER.outputShape(config(axis), List.of(Shape.of(4, 10)))).isInstanceOf(ShapeException.class)
                    .hasMessage("LayerNormalization 'ln' has axis " + axis + ", but only axis -1 (the last) is supported");
        }
    }
}
