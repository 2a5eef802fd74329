package org.layercanvas.engine.spi;

/** Thrown by a shape rule; the message is shown to the user as it is, so it names the node. */
public class ShapeException extends Exception {
    public ShapeException(String message) {
        super(message);
    }
}
