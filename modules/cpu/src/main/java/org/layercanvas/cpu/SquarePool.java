package org.layercanvas.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.layercanvas.engine.spi.Window2D;

/**
 * 2×2 max pooling (any stride), the common pool, L outputs at a time: the four values under L windows are gathered
 * through a map of each output's window corner within the image (made once per call), compared in row order with a
 * strict "greater" so the first largest wins as in the scalar loop, and stored contiguously. The scalar loop, its
 * index selects each waiting on a reload, took 23 cycles an output: 15 % of a LeNet-5 epoch once the convolutions
 * were fast.
 */
final class SquarePool {
    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int L = S.length();
    private static final int CORNERS = 0;
    private final ThreadLocal<Scratch> buffers = ThreadLocal.withInitial(() -> new Scratch(1, 0, 1));

    static boolean handles(Window2D g) {
        return g.kh() == 2 && g.kw() == 2 && !g.padded();
    }

    /** Samples [from, to) as far as whole vectors of an image's outputs go; returns the outputs per image done, the rest is the caller's. */
    int maxPool(float[] x, float[] y, float[] argmax, Window2D g, int from, int to) {
        int outputs = g.channels() * g.positions(), done = outputs / L * L, w = g.width();
        Scratch buf = buffers.get();
        int[] corner = buf.ints(CORNERS, outputs);
        float[] at = buf.floats(CORNERS, outputs);
        for (int c = 0, k = 0; c < g.channels(); c++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++, k++) {
                    corner[k] = (c * g.height() + oy * g.strideH()) * w + ox * g.strideW();
                    at[k] = corner[k];
                }
            }
        }
        for (int b = from; b < to; b++) {
            int image = b * g.inSize(), o = b * outputs;
            for (int k = 0; k < done; k += L) {
                FloatVector best = FloatVector.fromArray(S, x, image, corner, k);
                FloatVector index = FloatVector.fromArray(S, at, k), first = index;
                FloatVector v = FloatVector.fromArray(S, x, image + 1, corner, k);
                VectorMask<Float> greater = v.compare(VectorOperators.GT, best);
                best = best.blend(v, greater);
                index = index.blend(first.add(1f), greater);
                v = FloatVector.fromArray(S, x, image + w, corner, k);
                greater = v.compare(VectorOperators.GT, best);
                best = best.blend(v, greater);
                index = index.blend(first.add(w), greater);
                v = FloatVector.fromArray(S, x, image + w + 1, corner, k);
                greater = v.compare(VectorOperators.GT, best);
                best.blend(v, greater).intoArray(y, o + k);
                index.blend(first.add(w + 1), greater).intoArray(argmax, o + k);
            }
        }
        return done;
    }
}
