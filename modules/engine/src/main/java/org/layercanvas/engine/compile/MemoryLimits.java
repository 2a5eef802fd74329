package org.layercanvas.engine.compile;

import org.layercanvas.engine.spi.Backend;

/**
 * Refuses a plan that cannot fit, before it is allocated, with one message saying what it needs and
 * what there is: the Java heap (every backend keeps its tensors or their host copy there), a single
 * arena for backends that hold all tensors in one array, and the device's memory where reported.
 */
final class MemoryLimits {
    /** Kept free for everything else the JVM allocates while training: batches, metrics, the UI. */
    private static final double HEADROOM = 0.1;

    private MemoryLimits() {
    }

    static void check(String network, MemoryEstimate need, Backend backend) {
        long bytes = need.bytes(backend.bytesPerElement());
        String needs = "network '" + network + "' needs " + MemoryEstimate.format(bytes) + " for training at batch " + need.batch();
        if (need.elements() > backend.maxElements()) {
            throw new MemoryLimitException(needs + " (" + need.elements() + " values), but the " + backend.name()
                    + " backend holds at most " + backend.maxElements() + " in its one array: lower the batch size or choose --backend cpu", bytes);
        }
        long device = backend.deviceMemory();
        if (device > 0 && bytes > device) {
            throw new MemoryLimitException(needs + ", the device " + backend.device() + " has " + MemoryEstimate.format(device)
                    + ": lower the batch size or choose --backend cpu", bytes);
        }
        Runtime rt = Runtime.getRuntime();
        if (bytes > available(rt)) {
            System.gc(); // what looked used may be garbage: measure again before refusing
            if (bytes > available(rt)) {
                throw new MemoryLimitException(needs + ", the JVM may use " + MemoryEstimate.format(rt.maxMemory())
                        + ": lower the batch size or raise -Xmx (LAYERCANVAS_JAVA_OPTS)", bytes);
            }
        }
    }

    private static long available(Runtime rt) {
        long used = rt.totalMemory() - rt.freeMemory();
        return rt.maxMemory() - used - (long) (rt.maxMemory() * HEADROOM);
    }
}
