package org.layercanvas.engine.layers;

import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Tensor;

/**
 * Swapping two neighbouring axes of a batch of tensors with the backends' {@link Backend#swapAxes}, which swaps only the
 * two leading axes of [a, b, c]: out[p, y, x, s] = in[p, x, y, s] for in [P, X, Y, S], where P is the batch and the axes
 * before and S the values after. With P = 1 that is one swap; otherwise three, through {@code scratch}: [P, X·Y, S] →
 * [X, Y, P·S] → [Y, X, P·S] → [P, Y·X, S].
 */
final class Transposes {
    private Transposes() {
    }

    static void swapNeighbours(Backend b, Tensor in, Tensor out, Tensor scratch, int p, int x, int y, int s) {
        if (p == 1) {
            b.swapAxes(in, out, x, y, s);
            return;
        }
        b.swapAxes(in, out, p, x * y, s); // out = [X, Y, P, S]
        b.swapAxes(out, scratch, x, y, p * s); // [Y, X, P, S]
        b.swapAxes(scratch, out, y * x, p, s); // [P, Y, X, S]
    }
}
