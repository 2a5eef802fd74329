package org.layercanvas.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * A 16×16 block of floats transposed in vector registers, for packing the panels of a transposed B ({@link Gemm}): a
 * Dense layer's forward product X·Wᵀ packs its weights so every call. Element by element that took a load and a store per
 * value, about 50 µs of the reference MLP's 310 µs first-layer product; here it is 16 loads, 16 stores and four stages of
 * one permute and one blend per row. Each stage swaps one bit of the row number with the same bit of the lane number
 * (the off-diagonal blocks of d × d values of every row pair i, i + d); after the four, row q holds column q.
 * Only with 16-lane vectors (AVX-512): elsewhere {@link #AVAILABLE} is false and the caller goes element by element.
 */
final class Transpose16 {
    static final boolean AVAILABLE = Gemm.L == 16;
    /** Per stage d (8, 4, 2, 1): the lanes whose bit d is set; each lane from d below; each lane from d above. */
    private static final VectorMask<Float> HIGH8 = high(8), HIGH4 = high(4), HIGH2 = high(2), HIGH1 = high(1);
    private static final VectorShuffle<Float> DOWN8 = moved(8, -8), DOWN4 = moved(4, -4), DOWN2 = moved(2, -2), DOWN1 = moved(1, -1);
    private static final VectorShuffle<Float> UP8 = moved(8, 8), UP4 = moved(4, 4), UP2 = moved(2, 2), UP1 = moved(1, 1);
    // (null with other vector sizes, where these lanes do not exist)

    private Transpose16() {
    }

    private static VectorMask<Float> high(int d) {
        if (!AVAILABLE) {
            return null;
        }
        boolean[] set = new boolean[Gemm.L];
        for (int l = 0; l < set.length; l++) {
            set[l] = (l & d) != 0;
        }
        return VectorMask.fromArray(Gemm.S, set, 0);
    }

    /** Lanes whose bit d is set (shift −d) or clear (shift +d) read the lane {@code shift} away; the others their own. */
    private static VectorShuffle<Float> moved(int d, int shift) {
        if (!AVAILABLE) {
            return null;
        }
        int[] from = new int[Gemm.L];
        for (int l = 0; l < from.length; l++) {
            boolean set = (l & d) != 0;
            from[l] = set == (shift < 0) ? l + shift : l;
        }
        return VectorShuffle.fromArray(Gemm.S, from, 0);
    }

    /**
     * out[dst + q·ldd + r] = in[src + r·lds + q] for r, q &lt; 16: sixteen runs of 16 values, {@code lds} apart, become sixteen
     * runs {@code ldd} apart.
     */
    static void block(float[] in, int src, int lds, float[] out, int dst, int ldd) {
        FloatVector r0 = FloatVector.fromArray(Gemm.S, in, src);
        FloatVector r1 = FloatVector.fromArray(Gemm.S, in, src + lds);
        FloatVector r2 = FloatVector.fromArray(Gemm.S, in, src + 2 * lds);
        FloatVector r3 = FloatVector.fromArray(Gemm.S, in, src + 3 * lds);
        FloatVector r4 = FloatVector.fromArray(Gemm.S, in, src + 4 * lds);
        FloatVector r5 = FloatVector.fromArray(Gemm.S, in, src + 5 * lds);
        FloatVector r6 = FloatVector.fromArray(Gemm.S, in, src + 6 * lds);
        FloatVector r7 = FloatVector.fromArray(Gemm.S, in, src + 7 * lds);
        FloatVector r8 = FloatVector.fromArray(Gemm.S, in, src + 8 * lds);
        FloatVector r9 = FloatVector.fromArray(Gemm.S, in, src + 9 * lds);
        FloatVector r10 = FloatVector.fromArray(Gemm.S, in, src + 10 * lds);
        FloatVector r11 = FloatVector.fromArray(Gemm.S, in, src + 11 * lds);
        FloatVector r12 = FloatVector.fromArray(Gemm.S, in, src + 12 * lds);
        FloatVector r13 = FloatVector.fromArray(Gemm.S, in, src + 13 * lds);
        FloatVector r14 = FloatVector.fromArray(Gemm.S, in, src + 14 * lds);
        FloatVector r15 = FloatVector.fromArray(Gemm.S, in, src + 15 * lds);
        FloatVector t;
        t = r0.blend(r8.rearrange(DOWN8), HIGH8);
        r8 = r0.rearrange(UP8).blend(r8, HIGH8);
        r0 = t;
        t = r1.blend(r9.rearrange(DOWN8), HIGH8);
        r9 = r1.rearrange(UP8).blend(r9, HIGH8);
        r1 = t;
        t = r2.blend(r10.rearrange(DOWN8), HIGH8);
        r10 = r2.rearrange(UP8).blend(r10, HIGH8);
        r2 = t;
        t = r3.blend(r11.rearrange(DOWN8), HIGH8);
        r11 = r3.rearrange(UP8).blend(r11, HIGH8);
        r3 = t;
        t = r4.blend(r12.rearrange(DOWN8), HIGH8);
        r12 = r4.rearrange(UP8).blend(r12, HIGH8);
        r4 = t;
        t = r5.blend(r13.rearrange(DOWN8), HIGH8);
        r13 = r5.rearrange(UP8).blend(r13, HIGH8);
        r5 = t;
        t = r6.blend(r14.rearrange(DOWN8), HIGH8);
        r14 = r6.rearrange(UP8).blend(r14, HIGH8);
        r6 = t;
        t = r7.blend(r15.rearrange(DOWN8), HIGH8);
        r15 = r7.rearrange(UP8).blend(r15, HIGH8);
        r7 = t;
        t = r0.blend(r4.rearrange(DOWN4), HIGH4);
        r4 = r0.rearrange(UP4).blend(r4, HIGH4);
        r0 = t;
        t = r1.blend(r5.rearrange(DOWN4), HIGH4);
        r5 = r1.rearrange(UP4).blend(r5, HIGH4);
        r1 = t;
        t = r2.blend(r6.rearrange(DOWN4), HIGH4);
        r6 = r2.rearrange(UP4).blend(r6, HIGH4);
        r2 = t;
        t = r3.blend(r7.rearrange(DOWN4), HIGH4);
        r7 = r3.rearrange(UP4).blend(r7, HIGH4);
        r3 = t;
        t = r8.blend(r12.rearrange(DOWN4), HIGH4);
        r12 = r8.rearrange(UP4).blend(r12, HIGH4);
        r8 = t;
        t = r9.blend(r13.rearrange(DOWN4), HIGH4);
        r13 = r9.rearrange(UP4).blend(r13, HIGH4);
        r9 = t;
        t = r10.blend(r14.rearrange(DOWN4), HIGH4);
        r14 = r10.rearrange(UP4).blend(r14, HIGH4);
        r10 = t;
        t = r11.blend(r15.rearrange(DOWN4), HIGH4);
        r15 = r11.rearrange(UP4).blend(r15, HIGH4);
        r11 = t;
        t = r0.blend(r2.rearrange(DOWN2), HIGH2);
        r2 = r0.rearrange(UP2).blend(r2, HIGH2);
        r0 = t;
        t = r1.blend(r3.rearrange(DOWN2), HIGH2);
        r3 = r1.rearrange(UP2).blend(r3, HIGH2);
        r1 = t;
        t = r4.blend(r6.rearrange(DOWN2), HIGH2);
        r6 = r4.rearrange(UP2).blend(r6, HIGH2);
        r4 = t;
        t = r5.blend(r7.rearrange(DOWN2), HIGH2);
        r7 = r5.rearrange(UP2).blend(r7, HIGH2);
        r5 = t;
        t = r8.blend(r10.rearrange(DOWN2), HIGH2);
        r10 = r8.rearrange(UP2).blend(r10, HIGH2);
        r8 = t;
        t = r9.blend(r11.rearrange(DOWN2), HIGH2);
        r11 = r9.rearrange(UP2).blend(r11, HIGH2);
        r9 = t;
        t = r12.blend(r14.rearrange(DOWN2), HIGH2);
        r14 = r12.rearrange(UP2).blend(r14, HIGH2);
        r12 = t;
        t = r13.blend(r15.rearrange(DOWN2), HIGH2);
        r15 = r13.rearrange(UP2).blend(r15, HIGH2);
        r13 = t;
        t = r0.blend(r1.rearrange(DOWN1), HIGH1);
        r1 = r0.rearrange(UP1).blend(r1, HIGH1);
        r0 = t;
        t = r2.blend(r3.rearrange(DOWN1), HIGH1);
        r3 = r2.rearrange(UP1).blend(r3, HIGH1);
        r2 = t;
        t = r4.blend(r5.rearrange(DOWN1), HIGH1);
        r5 = r4.rearrange(UP1).blend(r5, HIGH1);
        r4 = t;
        t = r6.blend(r7.rearrange(DOWN1), HIGH1);
        r7 = r6.rearrange(UP1).blend(r7, HIGH1);
        r6 = t;
        t = r8.blend(r9.rearrange(DOWN1), HIGH1);
        r9 = r8.rearrange(UP1).blend(r9, HIGH1);
        r8 = t;
        t = r10.blend(r11.rearrange(DOWN1), HIGH1);
        r11 = r10.rearrange(UP1).blend(r11, HIGH1);
        r10 = t;
        t = r12.blend(r13.rearrange(DOWN1), HIGH1);
        r13 = r12.rearrange(UP1).blend(r13, HIGH1);
        r12 = t;
        t = r14.blend(r15.rearrange(DOWN1), HIGH1);
        r15 = r14.rearrange(UP1).blend(r15, HIGH1);
        r14 = t;
        r0.intoArray(out, dst);
        r1.intoArray(out, dst + ldd);
        r2.intoArray(out, dst + 2 * ldd);
        r3.intoArray(out, dst + 3 * ldd);
        r4.intoArray(out, dst + 4 * ldd);
        r5.intoArray(out, dst + 5 * ldd);
        r6.intoArray(out, dst + 6 * ldd);
        r7.intoArray(out, dst + 7 * ldd);
        r8.intoArray(out, dst + 8 * ldd);
        r9.intoArray(out, dst + 9 * ldd);
        r10.intoArray(out, dst + 10 * ldd);
        r11.intoArray(out, dst + 11 * ldd);
        r12.intoArray(out, dst + 12 * ldd);
        r13.intoArray(out, dst + 13 * ldd);
        r14.intoArray(out, dst + 14 * ldd);
        r15.intoArray(out, dst + 15 * ldd);
    }
}
