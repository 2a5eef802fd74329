package org.layercanvas.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.layercanvas.engine.spi.Window2D;

/**
 * A stride-1 convolution's forward pass and weight gradient with the filters in the vector lanes, for layers whose
 * filters fill whole vectors and whose flat layout ({@link ImplicitConvolutions}) would waste much: there every output
 * row carries kw − 1 dropped columns, 4 of LeNet-5's second layer's 14, and its 16 filters round up to 18 rows. Here
 * each FMA multiplies one image value (broadcast) by a vector of filters' weights, for {@link #BLOCK} valid output
 * positions at a time, so nothing is computed that is dropped: 15,000 FMAs a sample for that layer's forward pass
 * instead of 27,000, and as many for its weight gradient instead of 21,600.
 */
final class FilterLanes {
    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int L = S.length();
    /** Positions (forward) or weights (weight gradient) per step: 8 accumulators, 1 vector load and 8 broadcasts per 8 FMAs. */
    static final int BLOCK = 8;

    private FilterLanes() {
    }

    /** Whether this way suits the layer: whole vectors of filters, enough positions and weights for a block, and a flat layout that would drop over a quarter of its columns. */
    static boolean suits(Window2D g, int filters) {
        return g.stride() == 1 && filters % L == 0 && g.positions() >= BLOCK && g.patch() >= BLOCK
                && 4 * (g.kw() - 1) > g.outW() + g.kw() - 1;
    }

    /** q[pos] = where output position pos's window starts in the padded image (row stride Wp). */
    static void positions(Window2D g, int[] q) {
        int wp = g.outW() + g.kw() - 1;
        for (int oy = 0, pos = 0; oy < g.outH(); oy++) {
            for (int ox = 0; ox < g.outW(); ox++) {
                q[pos++] = oy * wp + ox;
            }
        }
    }

    /** to[c·rows + r] = from[r·cols + c]: a rows × cols matrix transposed. */
    static void transpose(float[] from, int from0, float[] to, int to0, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                to[to0 + c * rows + r] = from[from0 + r * cols + c];
            }
        }
    }

    /**
     * out[pos, f] = Σ_p wt[p, f] · image[q[pos] + off[p]]: one padded image's outputs, positions × filters. The last block
     * of positions overlaps the one before it when the positions are no multiple of the block; the outputs of both are the
     * same sums, written twice.
     */
    static void forward(float[] image, int[] off, int[] q, float[] wt, int patch, int filters, int positions, float[] out) {
        for (int f = 0; f < filters; f += L) {
            for (int block = 0; block < positions; block += BLOCK) {
                int pos = Math.min(block, positions - BLOCK);
                int q0 = q[pos], q1 = q[pos + 1], q2 = q[pos + 2], q3 = q[pos + 3], q4 = q[pos + 4], q5 = q[pos + 5], q6 = q[pos + 6], q7 = q[pos + 7];
                FloatVector w = FloatVector.fromArray(S, wt, f);
                int o = off[0];
                FloatVector a0 = w.mul(image[q0 + o]), a1 = w.mul(image[q1 + o]), a2 = w.mul(image[q2 + o]), a3 = w.mul(image[q3 + o]);
                FloatVector a4 = w.mul(image[q4 + o]), a5 = w.mul(image[q5 + o]), a6 = w.mul(image[q6 + o]), a7 = w.mul(image[q7 + o]);
                for (int p = 1; p < patch; p++) {
                    w = FloatVector.fromArray(S, wt, p * filters + f);
                    o = off[p];
                    a0 = FloatVector.broadcast(S, image[q0 + o]).fma(w, a0);
                    a1 = FloatVector.broadcast(S, image[q1 + o]).fma(w, a1);
                    a2 = FloatVector.broadcast(S, image[q2 + o]).fma(w, a2);
                    a3 = FloatVector.broadcast(S, image[q3 + o]).fma(w, a3);
                    a4 = FloatVector.broadcast(S, image[q4 + o]).fma(w, a4);
                    a5 = FloatVector.broadcast(S, image[q5 + o]).fma(w, a5);
                    a6 = FloatVector.broadcast(S, image[q6 + o]).fma(w, a6);
                    a7 = FloatVector.broadcast(S, image[q7 + o]).fma(w, a7);
                }
                int at = pos * filters + f;
                a0.intoArray(out, at);
                a1.intoArray(out, at + filters);
                a2.intoArray(out, at + 2 * filters);
                a3.intoArray(out, at + 3 * filters);
                a4.intoArray(out, at + 4 * filters);
                a5.intoArray(out, at + 5 * filters);
                a6.intoArray(out, at + 6 * filters);
                a7.intoArray(out, at + 7 * filters);
            }
        }
    }

    /**
     * sums[p, f] += Σ_pos image[base + off[p] + q[pos]] · dyT[pos, f]: one sample's weight gradient, weights × filters,
     * added to the samples' before it. The last block of weights overlaps the one before it when the patch is no multiple
     * of the block; the weights already added are not added again.
     */
    static void weightGradient(float[] image, int base, int[] off, int[] q, float[] dyT, int patch, int filters, int positions, float[] sums) {
        for (int f = 0; f < filters; f += L) {
            for (int block = 0; block < patch; block += BLOCK) {
                int p = Math.min(block, patch - BLOCK);
                int o0 = base + off[p], o1 = base + off[p + 1], o2 = base + off[p + 2], o3 = base + off[p + 3];
                int o4 = base + off[p + 4], o5 = base + off[p + 5], o6 = base + off[p + 6], o7 = base + off[p + 7];
                FloatVector d = FloatVector.fromArray(S, dyT, f);
                int at = q[0];
                FloatVector a0 = d.mul(image[o0 + at]), a1 = d.mul(image[o1 + at]), a2 = d.mul(image[o2 + at]), a3 = d.mul(image[o3 + at]);
                FloatVector a4 = d.mul(image[o4 + at]), a5 = d.mul(image[o5 + at]), a6 = d.mul(image[o6 + at]), a7 = d.mul(image[o7 + at]);
                for (int pos = 1; pos < positions; pos++) {
                    d = FloatVector.fromArray(S, dyT, pos * filters + f);
                    at = q[pos];
                    a0 = FloatVector.broadcast(S, image[o0 + at]).fma(d, a0);
                    a1 = FloatVector.broadcast(S, image[o1 + at]).fma(d, a1);
                    a2 = FloatVector.broadcast(S, image[o2 + at]).fma(d, a2);
                    a3 = FloatVector.broadcast(S, image[o3 + at]).fma(d, a3);
                    a4 = FloatVector.broadcast(S, image[o4 + at]).fma(d, a4);
                    a5 = FloatVector.broadcast(S, image[o5 + at]).fma(d, a5);
                    a6 = FloatVector.broadcast(S, image[o6 + at]).fma(d, a6);
                    a7 = FloatVector.broadcast(S, image[o7 + at]).fma(d, a7);
                }
                int skip = block - p, s = p * filters + f; // weights p .. block − 1 were the previous block's
                if (skip <= 0) {
                    FloatVector.fromArray(S, sums, s).add(a0).intoArray(sums, s);
                }
                if (skip <= 1) {
                    FloatVector.fromArray(S, sums, s + filters).add(a1).intoArray(sums, s + filters);
                }
                if (skip <= 2) {
                    FloatVector.fromArray(S, sums, s + 2 * filters).add(a2).intoArray(sums, s + 2 * filters);
                }
                if (skip <= 3) {
                    FloatVector.fromArray(S, sums, s + 3 * filters).add(a3).intoArray(sums, s + 3 * filters);
                }
                if (skip <= 4) {
                    FloatVector.fromArray(S, sums, s + 4 * filters).add(a4).intoArray(sums, s + 4 * filters);
                }
                if (skip <= 5) {
                    FloatVector.fromArray(S, sums, s + 5 * filters).add(a5).intoArray(sums, s + 5 * filters);
                }
                if (skip <= 6) {
                    FloatVector.fromArray(S, sums, s + 6 * filters).add(a6).intoArray(sums, s + 6 * filters);
                }
                FloatVector.fromArray(S, sums, s + 7 * filters).add(a7).intoArray(sums, s + 7 * filters); // never a repeat
            }
        }
    }
}
