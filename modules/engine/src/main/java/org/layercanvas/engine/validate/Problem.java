package org.layercanvas.engine.validate;

/** One thing wrong with a network: the node it concerns (null for the whole network) and what to do. */
public record Problem(String nodeId, String message) {
    @Override
    public String toString() {
        return message;
    }
}
