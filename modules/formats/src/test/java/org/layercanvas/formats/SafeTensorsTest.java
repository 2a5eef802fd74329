package org.layercanvas.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private final List<WeightTensor> weights = List.of(
            new WeightTensor("d1/weight", Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, -6.5f}),
            new WeightTensor("d1/bias", Shape.of(2), new float[] {0.25f, -1e-8f}));

    @Test
    void roundTripsAndFollowsTheLayout() throws IOException {
        Path f = dir.resolve("w.safetensors");
        SafeTensors.write(f, weights);
        List<WeightTensor> back = SafeTensors.read(f);
        assertThat(back).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(back.get(i).name()).isEqualTo(weights.get(i).name());
            assertThat(back.get(i).shape()).isEqualTo(weights.get(i).shape());
            assertThat(back.get(i).values()).containsExactly(weights.get(i).values());
        }
        byte[] b = Files.readAllBytes(f);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertThat(n % 8).isZero();
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).contains("\"d1/weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}",
                "\"d1/bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}");
        assertThat(buf.getFloat(8 + (int) n + 20)).isEqualTo(-6.5f);
        assertThat(b.length).isEqualTo(8 + n + 32);
    }

    @Test
    void corruptFilesAreNamedAndExplained() throws IOException {
        byte[] good = SafeTensors.toBytes(weights);
        Path f = dir.resolve("bad.safetensors");
        assertThatThrownBy(() -> SafeTensors.parse(Arrays.copyOf(good, good.length - 4), f)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("tensor 'd1/bias': data_offsets [24, 32] lie outside the 28 data bytes");
        assertThatThrownBy(() -> SafeTensors.parse(new byte[] {1, 2, 3}, f)).hasMessageContaining("too short");
        byte[] hugeHeader = good.clone();
        hugeHeader[6] = 1;
        assertThatThrownBy(() -> SafeTensors.parse(hugeHeader, f)).hasMessageContaining("not a safetensors file (header length");
        byte[] badJson = good.clone();
        badJson[8] = 'x';
        assertThatThrownBy(() -> SafeTensors.parse(badJson, f)).hasMessageContaining("header is not valid JSON");
    }

    @Test
    void readsHalfPrecision() {
        assertThat(SafeTensors.halfToFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(SafeTensors.halfToFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(SafeTensors.halfToFloat((short) 0x3555)).isCloseTo(0.33325f, org.assertj.core.data.Offset.offset(1e-5f));
    }
}
