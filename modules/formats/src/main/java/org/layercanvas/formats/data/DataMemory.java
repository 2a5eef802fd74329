package org.layercanvas.formats.data;

import org.layercanvas.engine.spi.DataFormatException;

/**
 * Refuses, before a reader allocates its arrays, data that will not fit in what the Java heap has
 * free: one message with the figures instead of an OutOfMemoryError. The data is read whole into
 * memory, so a file larger than the heap needs a larger -Xmx.
 */
final class DataMemory {
    /** Kept free for everything else: the network, batches, the UI. */
    private static final double HEADROOM = 0.1;

    private DataMemory() {
    }

    /**
     * @param values the float values about to be allocated
     * @param where  the file (and dataset) for the message
     */
    static void require(long values, String where) throws DataFormatException {
        long bytes = values * Float.BYTES;
        Runtime rt = Runtime.getRuntime();
        if (bytes > available(rt)) {
            System.gc(); // what looked used may be garbage: measure again before refusing
            if (bytes > available(rt)) {
                throw new DataFormatException(where + ": " + values + " values (" + megabytes(bytes) + " as float32) do not fit in the "
                        + megabytes(available(rt)) + " the JVM has free (it may use " + megabytes(rt.maxMemory())
                        + "): raise -Xmx (LAYERCANVAS_JAVA_OPTS for the command line) or use a smaller file");
            }
        }
    }

    private static long available(Runtime rt) {
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) - (long) (rt.maxMemory() * HEADROOM);
    }

    private static String megabytes(long bytes) {
        return Math.max(0, bytes >> 20) + " MB";
    }
}
