package org.layercanvas.formats.data;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.layercanvas.engine.spi.DataFormatException;

class DataMemoryTest {
    @Test
    void moreValuesThanTheHeapHoldsAreRefusedWithTheFigures() {
        long values = Runtime.getRuntime().maxMemory(); // four bytes each: four times the heap
        assertThatThrownBy(() -> DataMemory.require(values, "'big.npy'")).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("'big.npy': " + values + " values (")
                .hasMessageContaining("raise -Xmx (LAYERCANVAS_JAVA_OPTS for the command line)");
    }

    @Test
    void whatFitsPasses() {
        assertThatCode(() -> DataMemory.require(1000, "'small.npy'")).doesNotThrowAnyException();
    }
}
