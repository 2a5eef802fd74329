package org.layercanvas.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.compile.Compiler;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.api.Edge;
import org.layercanvas.engine.api.Network;
import org.layercanvas.engine.api.Node;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.LayerRegistry;

/** The KL term of Sampling against −½·Σ(1 + log σ² − μ² − σ²) worked by hand. */
class SamplingKlTest {
    @Test
    void klDivergenceOfEachSampleFollowsTheFormula() {
        ReferenceBackend b = new ReferenceBackend();
        Plan plan = new Compiler(LayerRegistry.standard()).compile(new Network("main", List.of(
                new Node("m", "Input", Map.of("shape", List.of(2))), new Node("v", "Input", Map.of("shape", List.of(2))),
                new Node("z", "Sampling", Map.of())), List.of(new Edge("m", "z", 0), new Edge("v", "z", 1))), b, 2);
        b.writeDouble(plan.input("m"), new double[] {1, 0, 0, 0});
        b.writeDouble(plan.input("v"), new double[] {0, 0, Math.log(2), 0});
        plan.forward(2, false, 0);
        double[] kl = b.readDouble(plan.auxiliaryLosses().get(0));
        assertThat(kl[0]).isCloseTo(0.5, offset(1e-12));                    // −½((1 − 1 − 1) + (1 − 0 − 1))
        assertThat(kl[1]).isCloseTo(-0.5 * (Math.log(2) - 1), offset(1e-12)); // −½((1 + ln 2 − 2) + 0)
        assertThat(b.readDouble(plan.output())).containsExactly(1, 0, 0, 0);   // inference decodes the mean
    }
}
