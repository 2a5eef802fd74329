package org.layercanvas.engine.insight;

/**
 * Images to show as a grid: {@code count} images of {@code channels × height × width} values in [0, 1]
 * (row-major, channels first), laid out {@code columns} per row. {@code caption} says what they are,
 * e.g. "top: inputs, bottom: reconstructions".
 */
public record ImageSet(String caption, int count, int channels, int height, int width, int columns, float[] pixels) {
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * The image layout of an output of {@code size} values with the given shape: [C, H, W], [H, W], or a
     * flat square such as 784 → 28 × 28; null when it is no image.
     */
    public static int[] layout(org.layercanvas.engine.api.Shape shape) {
        int[] d = shape.dims();
        if (d.length == 3 && (d[0] == 1 || d[0] == 3)) {
            return new int[] {d[0], d[1], d[2]};
        }
        if (d.length == 2 && d[0] > 1 && d[1] > 1) {
            return new int[] {1, d[0], d[1]};
        }
        int side = (int) Math.round(Math.sqrt(shape.size()));
        return d.length == 1 && side > 4 && side * side == shape.size() ? new int[] {1, side, side} : null;
    }
}
