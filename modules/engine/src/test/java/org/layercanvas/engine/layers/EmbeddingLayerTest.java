package org.layercanvas.engine.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layercanvas.engine.Networks.chain;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

class EmbeddingLayerTest {
    private static Plan plan() {
        Plan plan = new Compiler(LayerRegistry.standard()).compile(chain("in", "Input", Map.of("shape", List.of(3)),
                "emb", "Embedding", Map.of("input_dim", 4, "output_dim", 2)), new ReferenceBackend(), 2);
        plan.initialize(1);
        return plan;
    }

    @Test
    void eachIndexLooksUpItsRowOfTheTable() {
        try (Plan plan = plan()) {
            float[] table = new float[8];
            plan.backend().read(plan.parameters().get(0).value(), table, 0, 8);
            assertThat(plan.predict(new float[] {2, 0, 2, 3, 3, 1}, 2)).containsExactly(table[4], table[5], table[0], table[1], table[4], table[5],
                    table[6], table[7], table[6], table[7], table[2], table[3]);
        }
    }

    @Test
    void anIndexOutsideTheTableStopsTheRunNamingTheNode() {
        try (Plan plan = plan()) {
            assertThatThrownBy(() -> plan.predict(new float[] {0, 1, 2, 3, 4, 1}, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Embedding 'emb': index 4.0 (sample 2 of the batch, value 2) is not a whole number from 0 to 3 (input_dim 4); "
                            + "an Embedding needs the raw index column, not normalised");
            assertThatThrownBy(() -> plan.predict(new float[] {0.5f, 1, 2}, 1)).hasMessageContaining("index 0.5 (sample 1 of the batch, value 1)");
        }
    }
}
