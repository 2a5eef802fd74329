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

    /** The transpose of the rows × cols matrix m: Keras's Dense and recurrent kernels are LayerCanvas's (PyTorch's) weights transposed. */
    public static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) {
                t[k * rows + r] = m[r * cols + k];
            }
        }
        return t;
    }

    /** LayerCanvas's convolution weight [filters, channels, kh, kw] as Keras's kernel [kh, kw, channels, filters]. */
    public static float[] filtersLast(float[] w, int kh, int kw, int channels, int filters) {
        float[] kernel = new float[w.length];
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kh * kw; i++) {
                    kernel[(i * channels + c) * filters + f] = w[(f * channels + c) * kh * kw + i];
                }
            }
        }
        return kernel;
    }

    /** Keras's convolution kernel [kh, kw, channels, filters] as LayerCanvas's weight [filters, channels, kh, kw]. */
    public static float[] filtersFirst(float[] kernel, int kh, int kw, int channels, int filters) {
        float[] w = new float[kernel.length];
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kh * kw; i++) {
                    w[(f * channels + c) * kh * kw + i] = kernel[(i * channels + c) * filters + f];
                }
            }
        }
        return w;
    }
}
