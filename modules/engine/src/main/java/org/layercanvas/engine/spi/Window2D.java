package org.layercanvas.engine.spi;

/**
 * The geometry of a 2-D sliding window over channels-first images [channels, height, width]:
 * a kh×kw window moved by {@code stride}, the input padded by padTop/padLeft (and as much as needed
 * at the bottom/right), giving outH×outW positions. Shared by convolution and pooling.
 */
public record Window2D(int channels, int height, int width, int kh, int kw, int stride, int padTop, int padLeft, int outH, int outW) {
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

    /**
     * The geometry for a window of k×k with the given stride and Keras padding: "valid" (none),
     * "same" (output = ceil(input / stride), extra padding at the bottom/right), or an explicit
     * number of pixels on every side.
     */
    public static Window2D of(int channels, int height, int width, int kh, int kw, int stride, Object padding) {
        int outH, outW, padTop, padLeft;
        if ("same".equals(padding)) {
            outH = (height + stride - 1) / stride;
            outW = (width + stride - 1) / stride;
            padTop = Math.max(0, (outH - 1) * stride + kh - height) / 2;
            padLeft = Math.max(0, (outW - 1) * stride + kw - width) / 2;
        } else {
            int p = padding instanceof Integer i ? i : 0;
            padTop = p;
            padLeft = p;
            outH = (height + 2 * p - kh) / stride + 1;
            outW = (width + 2 * p - kw) / stride + 1;
        }
        return new Window2D(channels, height, width, kh, kw, stride, padTop, padLeft, outH, outW);
    }
}
