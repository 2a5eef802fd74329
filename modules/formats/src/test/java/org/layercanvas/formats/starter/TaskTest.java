package org.layercanvas.formats.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;

class TaskTest {
    @Test
    void textAndFewWholeNumbersAreClassesAnythingElseIsAQuantity() {
        assertThat(Task.classCount(true, 3, false, Double.NaN, Double.NaN)).isEqualTo(3);
        assertThat(Task.classCount(false, 0, true, 0, 1)).isEqualTo(2);
        assertThat(Task.classCount(false, 0, true, 0, 9)).isEqualTo(10);
        assertThat(Task.classCount(false, 0, true, 1, 3)).as("labels 1..3 index 4 classes, 0 unused").isEqualTo(4);
        assertThat(Task.classCount(false, 0, true, 0, Task.MAX_CLASS_INDEX)).isEqualTo(20);
        assertThat(Task.classCount(false, 0, true, 0, Task.MAX_CLASS_INDEX + 1)).as("too many to be classes").isZero();
        assertThat(Task.classCount(false, 0, true, -1, 1)).as("negative").isZero();
        assertThat(Task.classCount(false, 0, false, 0, 1)).as("fractions").isZero();

        assertThat(Task.forClasses(0)).isEqualTo(Task.REGRESSION);
        assertThat(Task.forClasses(1)).isEqualTo(Task.BINARY);
        assertThat(Task.forClasses(2)).isEqualTo(Task.BINARY);
        assertThat(Task.forClasses(3)).isEqualTo(Task.MULTICLASS);
    }

    @Test
    void detectsTheTaskOfWhatAReaderGives() {
        assertThat(Task.of(targets(new float[] {0, 1, 1, 0}, List.of()))).isEqualTo(Task.BINARY);
        assertThat(Task.of(targets(new float[] {0, 1, 0, 0}, List.of("yes", "no")))).isEqualTo(Task.BINARY);
        assertThat(Task.of(targets(new float[] {0, 1, 2, 0}, List.of("a", "b", "c")))).isEqualTo(Task.MULTICLASS);
        assertThat(Task.of(targets(new float[] {3, 1, 2, 7}, List.of()))).isEqualTo(Task.MULTICLASS);
        assertThat(Task.of(targets(new float[] {0.5f, 1, 2, 7}, List.of()))).isEqualTo(Task.REGRESSION);
        assertThat(Task.of(targets(new float[] {100, 250, 2, 7}, List.of()))).isEqualTo(Task.REGRESSION);
        Dataset vectors = new Dataset(new float[4], Shape.of(1), new float[] {0, 1, 1, 0, 0, 1, 1, 0}, Shape.of(2), 4);
        assertThat(Task.of(vectors)).as("several targets per sample").isEqualTo(Task.REGRESSION);
    }

    private static Dataset targets(float[] y, List<String> names) {
        return new Dataset(new float[y.length], Shape.of(1), y, Shape.of(1), y.length, names);
    }
}
