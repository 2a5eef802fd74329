package org.layercanvas.engine.spi;

/** The value types a layer, optimizer or loss parameter can take. */
public enum ParamKind {
    INT, FLOAT, BOOLEAN,
    /** One of {@link ParamSpec#choices()}. */
    CHOICE,
    /** A list of positive ints, written {@code [6,28,28]}. */
    SHAPE,
    /** An int or one of {@link ParamSpec#choices()} (e.g. padding: "valid", "same" or 2). */
    INT_OR_CHOICE,
    /** An int for both image axes, or a pair {@code [rows, columns]} (Keras's kernel_size, strides, dilation_rate). */
    INT_OR_PAIR,
    /**
     * Pixels at an image's four sides, Keras's padding/cropping: an int for every side, {@code [rows, columns]} (top and
     * bottom, left and right), or {@code [top, bottom, left, right]}.
     */
    SIDES
}
