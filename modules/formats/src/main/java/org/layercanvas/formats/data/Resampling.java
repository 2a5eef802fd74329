package org.layercanvas.formats.data;

/**
 * Resizes float planes [C, h, w] to [C, H, W], one axis at a time: where an axis shrinks, each output
 * pixel is the mean of the input area it covers (area averaging: no input pixel is skipped, so a large
 * photo shrunk to 32×32 does not alias as bilinear sampling would); where it grows, bilinear
 * interpolation between the two nearest input pixels (pixel centres aligned, edges clamped; PIL's and
 * OpenCV's convention). Working on floats keeps 16-bit precision and the alpha compositing as decoded,
 * whatever the image's type, which Graphics2D would first reduce to 8-bit premultiplied pixels.
 */
final class Resampling {
    private Resampling() {
    }

    /** {@code planes} [channels, height, width] resized to [channels, toHeight, toWidth]; the same array when the size is the same. */
    static float[] resize(float[] planes, int channels, int height, int width, int toHeight, int toWidth) {
        if (height == toHeight && width == toWidth) {
            return planes;
        }
        Weights across = Weights.of(width, toWidth), down = Weights.of(height, toHeight);
        float[] rows = new float[channels * height * toWidth];
        for (int line = 0; line < channels * height; line++) { // each row of each plane along x
            across.apply(planes, line * width, 1, rows, line * toWidth, 1);
        }
        float[] out = new float[channels * toHeight * toWidth];
        for (int c = 0; c < channels; c++) {
            for (int x = 0; x < toWidth; x++) { // each column along y
                down.apply(rows, c * height * toWidth + x, toWidth, out, c * toHeight * toWidth + x, toWidth);
            }
        }
        return out;
    }

    /** For each output index along one axis: the first input index it reads and the weights of the inputs from there. */
    private record Weights(int[] first, double[][] weights) {
        static Weights of(int in, int out) {
            int[] first = new int[out];
            double[][] weights = new double[out][];
            double scale = (double) in / out;
            for (int j = 0; j < out; j++) {
                if (out < in) { // area: the input interval [j·scale, (j+1)·scale) and how much of each pixel it covers
                    double from = j * scale, to = (j + 1) * scale;
                    int i0 = (int) Math.floor(from), i1 = Math.min(in, (int) Math.ceil(to));
                    first[j] = i0;
                    weights[j] = new double[i1 - i0];
                    for (int i = i0; i < i1; i++) {
                        weights[j][i - i0] = (Math.min(to, i + 1) - Math.max(from, i)) / scale;
                    }
                } else { // bilinear: the output pixel's centre in input coordinates
                    double x = Math.min(Math.max((j + 0.5) * scale - 0.5, 0), in - 1);
                    int i0 = (int) x;
                    double f = x - i0;
                    first[j] = i0;
                    weights[j] = i0 + 1 < in ? new double[] {1 - f, f} : new double[] {1};
                }
            }
            return new Weights(first, weights);
        }

        /** Along one line: {@code to[toStart + j·toStep]} = Σ weights · {@code from[fromStart + i·fromStep]}. */
        void apply(float[] from, int fromStart, int fromStep, float[] to, int toStart, int toStep) {
            for (int j = 0; j < first.length; j++) {
                double sum = 0;
                double[] w = weights[j];
                for (int k = 0; k < w.length; k++) {
                    sum += w[k] * from[fromStart + (first[j] + k) * fromStep];
                }
                to[toStart + j * toStep] = (float) sum;
            }
        }
    }
}
