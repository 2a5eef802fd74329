package org.layercanvas.editor.scene;

/** A pin of the scene: input {@code port} of a node, or its output ({@code port} = -1). */
public record PinKey(String nodeId, int port) {
    public static PinKey output(String nodeId) {
        return new PinKey(nodeId, -1);
    }

    public boolean isOutput() {
        return port < 0;
    }
}
