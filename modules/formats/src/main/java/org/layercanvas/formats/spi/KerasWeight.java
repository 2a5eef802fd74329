package org.layercanvas.formats.spi;

/**
 * One of a Keras layer's weights in Keras's layout: {@code name} as Keras names it within the layer ({@code kernel},
 * {@code recurrent_kernel}, {@code bias}, {@code gamma}, {@code moving_mean}, …), {@code shape} and its values in row-major order.
 */
public record KerasWeight(String name, int[] shape, float[] values) {
    public KerasWeight {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values do not fill shape " + java.util.Arrays.toString(shape));
        }
    }
}
