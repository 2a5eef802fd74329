package org.layercanvas.engine.api;

/**
 * A tensor flowing from the output of node {@code from} into input {@code port} (0-based) of node
 * {@code to}. Port order matters only for multi-input layers.
 */
public record Edge(String from, String to, int port) {
    public Edge(String from, String to) {
        this(from, to, 0);
    }
}
