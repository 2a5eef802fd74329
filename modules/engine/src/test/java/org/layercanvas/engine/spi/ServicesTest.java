package org.layercanvas.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Every registered service loads and describes itself; built-in layers come through the same SPI as plugins. */
class ServicesTest {
    @Test
    void everyRegisteredLayerTypeLoadsWithUsableSpecs() {
        assertThat(LayerRegistry.standard().all()).extracting(LayerType::name)
                .contains("Input", "Dense", "Activation", "Dropout", "GaussianNoise", "Flatten", "Reshape");
        for (LayerType t : LayerRegistry.standard().all()) {
            assertThat(t.category()).as(t.name()).isNotBlank();
            assertThat(t.description()).as(t.name()).isNotBlank();
            for (ParamSpec p : t.params()) {
                assertThat(p.description()).as(t.name() + "." + p.name()).isNotBlank();
                if (!p.required()) {
                    assertThat(p.coerce(p.defaultValue())).as(t.name() + "." + p.name()).isEqualTo(p.defaultValue());
                }
            }
        }
    }

    @Test
    void everyRegisteredServiceLoads() {
        for (Class<?> service : new Class<?>[] {LayerType.class, BackendProvider.class, DatasetReader.class, ModelExporter.class, ModelImporter.class}) {
            ServiceLoader.load(service).stream().forEach(p -> assertThat(p.get()).isNotNull());
        }
        assertThat(Backends.standard().choose("java").create().name()).isEqualTo("java");
    }
}
