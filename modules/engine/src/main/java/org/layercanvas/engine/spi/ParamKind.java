package org.layercanvas.engine.spi;

/** The value types a layer, optimizer or loss parameter can take. */
public enum ParamKind {
    INT, FLOAT, BOOLEAN,
    /** One of {@link ParamSpec#choices()}. */
    CHOICE,
    /** A list of positive ints, written {@code [6,28,28]}. */
    SHAPE,
    /** An int or one of {@link ParamSpec#choices()} (e.g. padding: "valid", "same" or 2). */
    INT_OR_CHOICE
}
