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
        return g.dense() && filters % L == 0 && g.positions() >= BLOCK && g.patch() >= BLOCK
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
                block(image, 0, q, pos, off, patch, wt, filters, f, out, pos * filters + f, false, 0);
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
                block(image, base, off, p, q, positions, dyT, filters, f, sums, p * filters + f, true, block - p);
            }
        }
    }

    /**
     * Both passes' kernel, for j &lt; {@link #BLOCK}: s_j = Σ_k image[base + starts[from + j] + steps[k]] · v[k·filters + f]
     * over k &lt; count, in 8 vector registers (lanes: filters f ..), then dst[d + j·filters] = s_j, or += s_j when
     * {@code add}, for j ≥ {@code skip}. The forward pass runs it over the weights (steps: the window's offsets) for 8
     * positions; the weight gradient over the positions (steps: their starts) for 8 weights.
     */
    private static void block(float[] image, int base, int[] starts, int from, int[] steps, int count, float[] v, int filters, int f,
                              float[] dst, int d, boolean add, int skip) {
        int o0 = base + starts[from], o1 = base + starts[from + 1], o2 = base + starts[from + 2], o3 = base + starts[from + 3];
        int o4 = base + starts[from + 4], o5 = base + starts[from + 5], o6 = base + starts[from + 6], o7 = base + starts[from + 7];
        FloatVector w = FloatVector.fromArray(S, v, f);
        int t = steps[0];
        FloatVector a0 = w.mul(image[o0 + t]), a1 = w.mul(image[o1 + t]), a2 = w.mul(image[o2 + t]), a3 = w.mul(image[o3 + t]);
        FloatVector a4 = w.mul(image[o4 + t]), a5 = w.mul(image[o5 + t]), a6 = w.mul(image[o6 + t]), a7 = w.mul(image[o7 + t]);
        for (int k = 1; k < count; k++) {
            w = FloatVector.fromArray(S, v, k * filters + f);
            t = steps[k];
            a0 = FloatVector.broadcast(S, image[o0 + t]).fma(w, a0);
            a1 = FloatVector.broadcast(S, image[o1 + t]).fma(w, a1);
            a2 = FloatVector.broadcast(S, image[o2 + t]).fma(w, a2);
            a3 = FloatVector.broadcast(S, image[o3 + t]).fma(w, a3);
            a4 = FloatVector.broadcast(S, image[o4 + t]).fma(w, a4);
            a5 = FloatVector.broadcast(S, image[o5 + t]).fma(w, a5);
            a6 = FloatVector.broadcast(S, image[o6 + t]).fma(w, a6);
            a7 = FloatVector.broadcast(S, image[o7 + t]).fma(w, a7);
        }
        if (!add) {
            a0.intoArray(dst, d);
            a1.intoArray(dst, d + filters);
            a2.intoArray(dst, d + 2 * filters);
            a3.intoArray(dst, d + 3 * filters);
            a4.intoArray(dst, d + 4 * filters);
            a5.intoArray(dst, d + 5 * filters);
            a6.intoArray(dst, d + 6 * filters);
            a7.intoArray(dst, d + 7 * filters);
            return;
        }
        // added in place: straight-line code (a helper taking the vectors, or a vector chosen by a condition, made C2 box them)
        if (skip <= 0) {
            FloatVector.fromArray(S, dst, d).add(a0).intoArray(dst, d);
        }
        if (skip <= 1) {
            FloatVector.fromArray(S, dst, d + filters).add(a1).intoArray(dst, d + filters);
        }
        if (skip <= 2) {
            FloatVector.fromArray(S, dst, d + 2 * filters).add(a2).intoArray(dst, d + 2 * filters);
        }
        if (skip <= 3) {
            FloatVector.fromArray(S, dst, d + 3 * filters).add(a3).intoArray(dst, d + 3 * filters);
        }
        if (skip <= 4) {
            FloatVector.fromArray(S, dst, d + 4 * filters).add(a4).intoArray(dst, d + 4 * filters);
        }
        if (skip <= 5) {
            FloatVector.fromArray(S, dst, d + 5 * filters).add(a5).intoArray(dst, d + 5 * filters);
        }
        if (skip <= 6) {
            FloatVector.fromArray(S, dst, d + 6 * filters).add(a6).intoArray(dst, d + 6 * filters);
        }
        FloatVector.fromArray(S, dst, d + 7 * filters).add(a7).intoArray(dst, d + 7 * filters); // never one the block before had
    }
}
