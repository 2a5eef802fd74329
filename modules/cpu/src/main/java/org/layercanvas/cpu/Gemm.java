package org.layercanvas.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM, C = op(A)·op(B) + beta·C, row-major. Both operands are packed first so
 * the microkernel reads them contiguously whatever the transposes: A into blocks of {@link #MR}
 * rows interleaved by k, B into panels of {@link #NR} columns (two vectors) by k. The microkernel
 * keeps an MR×NR block of C in 16 vector registers and does one FMA per register per k step.
 * Column panels are split across threads; each thread packs its own B panels.
 */
final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;
    /** Below this many multiply-adds a second thread costs more than it saves. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;

    private final ForkJoinPool pool;
    private final int threads;
    private float[] packedA = new float[0];
    private final ThreadLocal<float[]> packedB = ThreadLocal.withInitial(() -> new float[0]);

    Gemm(ForkJoinPool pool, int threads) {
        this.pool = pool;
        this.threads = threads;
    }

    void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        if (k == 0) {
            scale(c, m * n, beta);
            return;
        }
        int rowBlocks = (m + MR - 1) / MR;
        if (packedA.length < rowBlocks * MR * k) {
            packedA = new float[rowBlocks * MR * k];
        }
        packA(transA, m, k, a, packedA);
        int panels = (n + NR - 1) / NR;
        int tasks = (long) m * n * k < PARALLEL_THRESHOLD ? 1 : Math.min(threads, panels);
        if (tasks == 1) {
            panels(0, panels, transB, m, n, k, b, beta, c);
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int from = panels * t / tasks, to = panels * (t + 1) / tasks;
            futures.add(pool.submit(() -> panels(from, to, transB, m, n, k, b, beta, c)));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException("GEMM worker failed", e);
            }
        }
    }

    private void panels(int from, int to, boolean transB, int m, int n, int k, float[] b, float beta, float[] c) {
        float[] bp = packedB.get();
        if (bp.length < NR * k) {
            bp = new float[NR * k];
            packedB.set(bp);
        }
        float[] tile = new float[MR * NR];
        for (int panel = from; panel < to; panel++) {
            int j0 = panel * NR, cols = Math.min(NR, n - j0);
            packB(transB, n, k, b, j0, cols, bp);
            for (int i0 = 0; i0 < m; i0 += MR) {
                kernel(k, packedA, i0 * k, bp, c, i0 * n + j0, n, Math.min(MR, m - i0), cols, beta, tile);
            }
        }
    }

    /** Ap[block][p][r] = op(A)[block·MR + r][p], zero beyond m. */
    private static void packA(boolean transA, int m, int k, float[] a, float[] ap) {
        for (int i0 = 0; i0 < m; i0 += MR) {
            int base = i0 * k, rows = Math.min(MR, m - i0);
            for (int p = 0; p < k; p++) {
                int o = base + p * MR;
                for (int r = 0; r < MR; r++) {
                    ap[o + r] = r >= rows ? 0f : transA ? a[p * m + i0 + r] : a[(i0 + r) * k + p];
                }
            }
        }
    }

    /** Bp[p][j] = op(B)[p][j0 + j], zero beyond n. */
    private static void packB(boolean transB, int n, int k, float[] b, int j0, int cols, float[] bp) {
        for (int p = 0; p < k; p++) {
            int o = p * NR;
            if (!transB && cols == NR) {
                System.arraycopy(b, p * n + j0, bp, o, NR);
                continue;
            }
            for (int j = 0; j < NR; j++) {
                bp[o + j] = j >= cols ? 0f : transB ? b[(j0 + j) * k + p] : b[p * n + j0 + j];
            }
        }
    }

    private static void kernel(int k, float[] ap, int aOff, float[] bp, float[] c, int cOff, int ldc, int rows, int cols, float beta,
                               float[] tile) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        for (int p = 0, ao = aOff, bo = 0; p < k; p++, ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector a = FloatVector.broadcast(S, ap[ao]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = b0.fma(a, c30);
            c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = b0.fma(a, c40);
            c41 = b1.fma(a, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = b0.fma(a, c50);
            c51 = b1.fma(a, c51);
            a = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = b0.fma(a, c60);
            c61 = b1.fma(a, c61);
            a = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = b0.fma(a, c70);
            c71 = b1.fma(a, c71);
        }
        // Partial blocks and beta go through a full-size tile, so every vector store is unmasked:
        // a masked store on the tail made C2 fall back to boxed vectors for the whole kernel (8x slower).
        boolean direct = rows == MR && cols == NR && beta == 0;
        float[] t = direct ? c : tile;
        int o = direct ? cOff : 0, ld = direct ? ldc : NR;
        c00.intoArray(t, o);
        c01.intoArray(t, o + L);
        c10.intoArray(t, o + ld);
        c11.intoArray(t, o + ld + L);
        c20.intoArray(t, o + 2 * ld);
        c21.intoArray(t, o + 2 * ld + L);
        c30.intoArray(t, o + 3 * ld);
        c31.intoArray(t, o + 3 * ld + L);
        c40.intoArray(t, o + 4 * ld);
        c41.intoArray(t, o + 4 * ld + L);
        c50.intoArray(t, o + 5 * ld);
        c51.intoArray(t, o + 5 * ld + L);
        c60.intoArray(t, o + 6 * ld);
        c61.intoArray(t, o + 6 * ld + L);
        c70.intoArray(t, o + 7 * ld);
        c71.intoArray(t, o + 7 * ld + L);
        if (!direct) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    int ci = cOff + r * ldc + j;
                    c[ci] = tile[r * NR + j] + (beta == 0 ? 0 : beta * c[ci]);
                }
            }
        }
    }

    private static void scale(float[] c, int n, float beta) {
        for (int i = 0; i < n; i++) {
            c[i] = beta == 0 ? 0 : beta * c[i];
        }
    }
}
