package org.layercanvas.formats.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;

class NonFiniteTest {
    private final Dataset data = new Dataset(new float[] {1, 2, Float.NaN, 4, 5, 6}, Shape.of(2),
            new float[] {0, 1, Float.POSITIVE_INFINITY}, Shape.of(1), 3);

    @Test
    void refusesTheFirstSampleWithANonFiniteValueNamingWhere() {
        assertThatThrownBy(() -> NonFinite.apply(data, "refuse", "'x.h5' dataset '/x'", "'x.h5' dataset '/y'"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("'x.h5' dataset '/x': sample 1, value 0 is NaN (set \"nan\": \"drop\" in the data source to leave such samples out)");
    }

    @Test
    void dropsSamplesWithNonFiniteFeaturesOrTargets() throws Exception {
        Dataset kept = NonFinite.apply(data, "drop", "x", "y");
        assertThat(kept.count()).isEqualTo(1);
        assertThat(kept.features()).containsExactly(1, 2);
        assertThat(kept.targets()).containsExactly(0);
    }

    @Test
    void finiteDataIsReturnedAsItIs() throws Exception {
        Dataset finite = data.slice(0, 1);
        assertThat(NonFinite.apply(finite, "refuse", "x", "y")).isSameAs(finite);
    }

    @Test
    void nothingLeftIsAnError() {
        Dataset allBad = data.slice(1, 3);
        assertThatThrownBy(() -> NonFinite.apply(allBad, "drop", "'x.npy'", "'y.npy'")).hasMessageContaining("none is left to train on");
    }
}
