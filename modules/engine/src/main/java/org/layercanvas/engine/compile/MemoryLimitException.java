package org.layercanvas.engine.compile;

/**
 * Training a network would need more memory than the JVM or the device has; thrown before anything
 * is allocated. An {@link IllegalArgumentException}: the batch size or the network is what to change.
 */
public final class MemoryLimitException extends IllegalArgumentException {
    private final long neededBytes;

    MemoryLimitException(String message, long neededBytes) {
        super(message);
        this.neededBytes = neededBytes;
    }

    public long neededBytes() {
        return neededBytes;
    }
}
