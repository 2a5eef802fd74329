package org.layercanvas.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.layercanvas.engine.spi.Tensor;

/**
 * The reference optimizer steps against values worked out by hand from Keras' update rules; the
 * other backends are then held to the reference by the conformance suite.
 */
class OptimizerStepTest {
    private final ReferenceBackend b = new ReferenceBackend();

    private Tensor of(double... v) {
        Tensor t = b.allocate(v.length);
        b.writeDouble(t, v);
        return t;
    }

    @Test
    void sgdWithMomentumAndNesterov() {
        Tensor p = of(1.0), g = of(0.5), v = of(0.0);
        b.sgdStep(p, g, v, 1, 0.1f, 0.9f, false);          // v = -0.05, p = 0.95
        b.sgdStep(p, g, v, 1, 0.1f, 0.9f, false);          // v = 0.9·-0.05 - 0.05 = -0.095, p = 0.855
        assertThat(b.readDouble(p)[0]).isCloseTo(0.855, offset(1e-7));
        Tensor q = of(1.0), w = of(0.0);
        b.sgdStep(q, g, w, 1, 0.1f, 0.9f, true);           // v = -0.05, p += 0.9·-0.05 - 0.05 = -0.095
        assertThat(b.readDouble(q)[0]).isCloseTo(0.905, offset(1e-7));
        assertThat(b.readDouble(w)[0]).isCloseTo(-0.05, offset(1e-7));
    }

    @Test
    void rmspropAndAdamFirstSteps() {
        Tensor p = of(1.0), g = of(0.5), s = of(0.0);
        b.rmspropStep(p, g, s, 1, 0.01f, 0.9f, 1e-7f);    // s = 0.1·0.25 = 0.025, p -= 0.01·0.5/√0.025
        assertThat(b.readDouble(p)[0]).isCloseTo(1 - 0.01 * 0.5 / (Math.sqrt(0.025) + 1e-7), offset(1e-7));
        Tensor q = of(1.0, -2.0), g2 = of(0.5, -3.0), m = of(0, 0), v = of(0, 0);
        b.adamStep(q, g2, m, v, 2, 0.001f, 0.9f, 0.999f, 1e-7f, 1);
        // the first Adam step moves every parameter by about lr against its gradient's sign
        assertThat(b.readDouble(q)[0]).isCloseTo(1 - 0.001, offset(1e-6));
        assertThat(b.readDouble(q)[1]).isCloseTo(-2 + 0.001, offset(1e-6));
        assertThat(b.readDouble(m)[1]).isCloseTo(-0.3, offset(1e-7));
        assertThat(b.readDouble(v)[1]).isCloseTo(0.009, offset(1e-6)); // (1 − 0.999f)·9 in float
    }
}
