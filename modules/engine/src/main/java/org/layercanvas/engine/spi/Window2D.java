package org.layercanvas.engine.spi;

/**
 * The geometry of a 2-D sliding window over channels-first images [channels, height, width]: a kh×kw window moved by
 * strideH down and strideW across, its taps dilationH/dilationW pixels apart, the input padded by padTop/padLeft (and as
 * much as needed at the bottom/right), giving outH×outW positions. Shared by convolution and pooling (pools have no
 * dilation).
 */
public record Window2D(int channels, int height, int width, int kh, int kw, int strideH, int strideW, int dilationH, int dilationW,
                       int padTop, int padLeft, int outH, int outW) {
    /** Values of one image. */
    public int inSize() {
        return channels * height * width;
    }

    /** Window positions per image. */
    public int positions() {
        return outH * outW;
    }

    /** Values under one window across all channels (a row of the im2col matrix). */
    public int patch() {
        return channels * kh * kw;
    }

    /** Rows of the image one window spans, gaps of a dilated window included. */
    public int spanH() {
        return (kh - 1) * dilationH + 1;
    }

    /** Columns of the image one window spans. */
    public int spanW() {
        return (kw - 1) * dilationW + 1;
    }

    /** Whether the window moves one pixel at a time both ways and its taps touch. */
    public boolean dense() {
        return strideH == 1 && strideW == 1 && dilationH == 1 && dilationW == 1;
    }

    /** Whether some window hangs over the image's border, reading padding. */
    public boolean padded() {
        return padTop > 0 || padLeft > 0 || (outH - 1) * strideH + spanH() > height || (outW - 1) * strideW + spanW() > width;
    }

    /**
     * How many taps of the window at output position (oy, ox) lie inside the image: what an average pool divides by, since
     * padding does not count (Keras's "same" pools, ONNX's count_include_pad 0).
     */
    public int tapsInside(int oy, int ox) {
        int rows = 0, cols = 0;
        for (int ky = 0; ky < kh; ky++) {
            int y = oy * strideH - padTop + ky * dilationH;
            rows += y >= 0 && y < height ? 1 : 0;
        }
        for (int kx = 0; kx < kw; kx++) {
            int x = ox * strideW - padLeft + kx * dilationW;
            cols += x >= 0 && x < width ? 1 : 0;
        }
        return rows * cols;
    }

    /** A kh×kw window, the same stride both ways, no dilation: see {@link #of(int, int, int, int, int, int, int, int, int, Object)}. */
    public static Window2D of(int channels, int height, int width, int kh, int kw, int stride, Object padding) {
        return of(channels, height, width, kh, kw, stride, stride, 1, 1, padding);
    }

    /**
     * The geometry for a window with Keras padding: "valid" (none), "same" (output = ceil(input / stride), the extra
     * padding at the bottom/right), or an explicit number of pixels on every side.
     */
    public static Window2D of(int channels, int height, int width, int kh, int kw, int strideH, int strideW, int dilationH, int dilationW,
                              Object padding) {
        int spanH = (kh - 1) * dilationH + 1, spanW = (kw - 1) * dilationW + 1;
        int outH, outW, padTop, padLeft;
        if ("same".equals(padding)) {
            outH = (height + strideH - 1) / strideH;
            outW = (width + strideW - 1) / strideW;
            padTop = Math.max(0, (outH - 1) * strideH + spanH - height) / 2;
            padLeft = Math.max(0, (outW - 1) * strideW + spanW - width) / 2;
        } else {
            int p = padding instanceof Integer i ? i : 0;
            padTop = p;
            padLeft = p;
            outH = Math.floorDiv(height + 2 * p - spanH, strideH) + 1;
            outW = Math.floorDiv(width + 2 * p - spanW, strideW) + 1;
        }
        return new Window2D(channels, height, width, kh, kw, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW);
    }
}
