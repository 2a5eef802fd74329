package org.layercanvas.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.project.Preprocess;

class PreprocessingTest {
    private static Dataset data() {
        java.util.Random r = new java.util.Random(5);
        int n = 50;
        float[] x = new float[n * 3], y = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 30 + 10 * (i % 3));
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(4);
        }
        return new Dataset(x, Shape.of(3), y, Shape.of(1), n);
    }

    @Test
    void applyLeavesTheDataItReadAsItWas() {
        Dataset raw = data();
        float[] before = raw.features().clone();
        Preprocessing p = Preprocessing.fit(new Preprocess(0.5, true, 4), raw);
        Dataset done = p.apply(raw);
        assertThat(raw.features()).containsExactly(before);
        assertThat(done.features()).isNotEqualTo(before);
        assertThat(done.targetShape()).isEqualTo(Shape.of(4));
    }

    @Test
    void applyInPlaceGivesTheSameNumbersInTheDatasOwnArray() {
        Preprocessing p = Preprocessing.fit(new Preprocess(0.5, true, 4), data());
        Dataset copied = p.apply(data()), raw = data();
        Dataset inPlace = (Dataset) p.applyInPlace(raw);
        assertThat(inPlace.features()).isSameAs(raw.features()).containsExactly(copied.features());
        assertThat(inPlace.targets()).containsExactly(copied.targets());
    }
}
