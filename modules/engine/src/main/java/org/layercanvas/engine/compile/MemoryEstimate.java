package org.layercanvas.engine.compile;

import java.util.Locale;
import org.layercanvas.engine.project.OptimizerConfig;

/**
 * The values a training plan allocates at its batch size, by what they hold: parameters (with
 * non-trainable state such as running statistics), their gradients, the optimizer's state, every
 * node's output and output gradient, the ops' scratch (pre-activations, masks, unfolded patches) and
 * the loss's target and per-row buffers. Counted by running the compiler's own allocation code, so
 * it cannot drift from what {@link Compiler#compile} allocates; a test checks it against a backend.
 */
public record MemoryEstimate(int batch, long parameters, long gradients, long optimizerState, long activations,
                             long activationGradients, long scratch, long loss) {

    /** Every value counted; the parts are each below a Java array's limit, their sum may not be. */
    public long elements() {
        return Math.addExact(Math.addExact(Math.addExact(parameters, gradients), Math.addExact(optimizerState, activations)),
                Math.addExact(Math.addExact(activationGradients, scratch), loss));
    }

    /** The bytes on a backend storing {@code bytesPerElement} per value (saturates instead of overflowing). */
    public long bytes(int bytesPerElement) {
        long n = elements();
        return n > Long.MAX_VALUE / bytesPerElement ? Long.MAX_VALUE : n * bytesPerElement;
    }

    /**
     * State tensors the optimizer keeps per trainable parameter, as {@code train.Optimizers} allocates
     * them: Adam's two moments, RMSprop's mean square, SGD's velocity when it has momentum.
     */
    public static int optimizerSlots(OptimizerConfig optimizer) {
        if (optimizer == null) {
            return 0;
        }
        return switch (optimizer.type()) {
            case "adam" -> 2;
            case "rmsprop" -> 1;
            case "sgd" -> optimizer.params().get("momentum") instanceof Number m && m.doubleValue() != 0 ? 1 : 0;
            default -> 0;
        };
    }

    /** "1.2 MB", "3.6 GB" in units of 1024, as -Xmx counts them (-Xmx512m prints as 512 MB). */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1023.95 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
