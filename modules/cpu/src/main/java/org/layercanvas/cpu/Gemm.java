package org.layercanvas.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision GEMM, C = op(A)·op(B) + beta·C, row-major. B is packed into panels of
 * {@link #NR} columns (two vectors) by k, so the microkernel's vector loads are contiguous whatever
 * transB says; each thread packs its own panels, and column panels are split across threads. A is
 * read in place: the microkernel only broadcasts single elements of {@link #MR} rows per k step, and
 * whether those rows are strided (A as is) or adjacent (A transposed) costs the same, so packing A
 * (a serial pass over all of it before any thread could start) bought nothing. The microkernel
 * keeps an MR×NR block of C in 16 vector registers and does one FMA per register per k step.
 */
final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;
    /**
     * Below this many multiply-adds (64³) one thread is as fast as two. Handing a task to a parked thread pool worker took
     * 32–48 µs on the 2-core VM, which kept products up to 2²³ on one thread; the {@link Team}'s spinning workers take about
     * a microsecond, and 128×128×256 (a hidden layer of the MLP) went from 90 to 49 µs on two threads.
     */
    private static final long PARALLEL_THRESHOLD = 1L << 18;
    /**
     * k-steps per part when a large product of at most {@link #SPLIT_PANELS} column panels is split along k
     * instead (a convolution's weight gradient: filters × patch, summed over every position of the batch):
     * its panels alone would keep one or two threads busy. Whether and where to split depends on the shape
     * alone, and the parts are summed in order, so the result does not depend on the number of threads.
     */
    static final int K_PART = 4096, SPLIT_PANELS = 2;
    /** Products of at most this many rows take {@link #fewRows}: too few rows to pay for packing B. */
    static final int FEW_ROWS = 2;

    private final Team team;
    /** k-steps per block of the B transpose. */
    private static final int TB = 64;
    private float[] partials = new float[0];
    /** The ragged last rows of A, packed; per thread, as workers multiply their own products at once. */
    private final ThreadLocal<float[]> tailA = ThreadLocal.withInitial(() -> new float[0]);
    private final ThreadLocal<float[]> packedB = ThreadLocal.withInitial(() -> new float[0]);
    private final ThreadLocal<float[]> tiles = ThreadLocal.withInitial(() -> new float[MR * NR]);

    Gemm(Team team) {
        this.team = team;
    }

    void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        multiply(transA, transB, m, n, k, a, b, beta, c, true);
    }

    /**
     * {@link #multiply}; with {@code mayFork} false it runs on the calling thread alone, whatever its size: a worker's
     * own product inside an op already spread over the threads.
     */
    void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c, boolean mayFork) {
        multiply(transA, transB, m, n, k, a, b, beta, c, mayFork, null);
    }

    /**
     * {@link #multiply}, then the epilogue (none when null) on C: on each thread's column panels by that thread, right
     * after it computed them; on all of C at the end where the product is not computed by panels.
     */
    void multiply(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c, boolean mayFork,
                  Epilogue epilogue) {
        if (k == 0 || m <= FEW_ROWS) {
            if (k == 0) {
                scale(c, 0, m * n, beta);
            } else {
                fewRows(transA, transB, m, n, k, a, b, beta, c);
            }
            finish(epilogue, c, m, n, 0, n);
            return;
        }
        // A is read in place (8 rows per step, either 8 strided rows or one contiguous run of 8 per k step),
        // so only a ragged last block of rows is copied out, zero-padded to MR rows.
        int fullRows = m / MR * MR;
        float[] tail = fullRows < m ? packedTail(transA, m, k, a, fullRows) : null;
        int panels = (n + NR - 1) / NR;
        boolean large = mayFork && (long) m * n * k >= PARALLEL_THRESHOLD;
        if (large && panels <= SPLIT_PANELS && k >= 2 * K_PART) {
            splitK(transA, transB, m, n, k, a, tail, b, beta, c, panels);
            finish(epilogue, c, m, n, 0, n);
            return;
        }
        int tasks = large ? Math.min(team.threads(), panels) : 1;
        if (tasks == 1) {
            // without the task's lambda, which would be allocated
            panels(0, panels, transA, transB, m, n, k, 0, k, a, tail, b, beta, c, 0, epilogue);
        } else {
            inParallel(tasks, t -> panels(panels * t / tasks, panels * (t + 1) / tasks, transA, transB, m, n, k, 0, k, a, tail, b, beta, c, 0,
                    epilogue));
        }
    }

    private static void finish(Epilogue epilogue, float[] c, int m, int n, int j0, int cols) {
        if (epilogue != null) {
            epilogue.columns(c, m, n, j0, cols);
        }
    }

    /** C = Σ over parts of op(A)·op(B) restricted to the part's k-steps, + beta·C; the parts' sums are added in order. */
    private void splitK(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] tail, float[] b, float beta, float[] c, int panels) {
        int parts = (k + K_PART - 1) / K_PART, size = m * n;
        if (partials.length < parts * size) {
            partials = new float[parts * size];
        }
        float[] sums = partials;
        int tasks = Math.min(team.threads(), parts);
        inParallel(tasks, t -> {
            for (int part = parts * t / tasks; part < parts * (t + 1) / tasks; part++) {
                panels(0, panels, transA, transB, m, n, k, part * K_PART, Math.min(k, (part + 1) * K_PART), a, tail, b, 0f, sums, part * size, null);
            }
        });
        for (int i = 0; i < size; i++) {
            float s = beta == 0 ? 0f : beta * c[i];
            for (int part = 0; part < parts; part++) {
                s += sums[part * size + i];
            }
            c[i] = s;
        }
    }

    /**
     * A product of a few rows (one sample at a time through a Dense layer) straight from B: packing B into panels
     * copies all of it to use each value once or twice, which took most of a batch-1 inference. B as is (k × n) is
     * read a row per k step and added into C's rows; B transposed (n × k, a Dense layer's weights) gives each C value
     * as the dot product of two contiguous runs of k.
     */
    private static void fewRows(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        int rowStride = transA ? 1 : k, kStride = transA ? m : 1;
        for (int i = 0; i < m; i++) {
            int ci = i * n, ai = i * rowStride;
            if (transB) {
                for (int j = 0; j < n; j++) {
                    accumulate(c, ci + j, beta, dot(a, ai, kStride, b, j * k, k));
                }
                continue;
            }
            scale(c, ci, n, beta);
            int bound = S.loopBound(n);
            for (int p = 0; p < k; p++) {
                float x = a[ai + p * kStride];
                int bp = p * n, j = 0;
                FloatVector xs = FloatVector.broadcast(S, x);
                for (; j < bound; j += L) {
                    xs.fma(FloatVector.fromArray(S, b, bp + j), FloatVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    c[ci + j] += x * b[bp + j];
                }
            }
        }
    }

    /** Σ a[ai + p·aStride]·b[bj + p] over p < k; a's run is contiguous unless A is transposed. */
    private static float dot(float[] a, int ai, int aStride, float[] b, int bj, int k) {
        int p = 0;
        float sum = 0;
        if (aStride == 1) {
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(k); p < bound; p += L) {
                acc = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; p < k; p++) {
            sum += a[ai + p * aStride] * b[bj + p];
        }
        return sum;
    }

    /**
     * C = A·Bᵀ + beta·C for A [m, k] and B [n, k], both rows contiguous, as dot products on the calling thread: a
     * convolution's per-sample weight gradient (filters × positions against patch × positions), where packing B
     * would transpose all of it to use each value m times. Four rows of A share each load of B.
     */
    static void rowDots(int m, int n, int k, float[] a, float[] b, float beta, float[] c) {
        int bound = S.loopBound(k);
        for (int j = 0; j < n; j++) {
            int bj = j * k, i = 0;
            for (; i + 4 <= m; i += 4) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                int p = 0;
                for (; p < bound; p += L) {
                    FloatVector bv = FloatVector.fromArray(S, b, bj + p);
                    s0 = FloatVector.fromArray(S, a, i * k + p).fma(bv, s0);
                    s1 = FloatVector.fromArray(S, a, (i + 1) * k + p).fma(bv, s1);
                    s2 = FloatVector.fromArray(S, a, (i + 2) * k + p).fma(bv, s2);
                    s3 = FloatVector.fromArray(S, a, (i + 3) * k + p).fma(bv, s3);
                }
                float d0 = s0.reduceLanes(VectorOperators.ADD), d1 = s1.reduceLanes(VectorOperators.ADD);
                float d2 = s2.reduceLanes(VectorOperators.ADD), d3 = s3.reduceLanes(VectorOperators.ADD);
                for (; p < k; p++) {
                    float bp = b[bj + p];
                    d0 += a[i * k + p] * bp;
                    d1 += a[(i + 1) * k + p] * bp;
                    d2 += a[(i + 2) * k + p] * bp;
                    d3 += a[(i + 3) * k + p] * bp;
                }
                accumulate(c, i * n + j, beta, d0);
                accumulate(c, (i + 1) * n + j, beta, d1);
                accumulate(c, (i + 2) * n + j, beta, d2);
                accumulate(c, (i + 3) * n + j, beta, d3);
            }
            for (; i < m; i++) {
                accumulate(c, i * n + j, beta, dot(a, i * k, 1, b, bj, k));
            }
        }
    }

    private static void accumulate(float[] c, int at, float beta, float value) {
        c[at] = beta == 0 ? value : beta * c[at] + value;
    }

    /** Runs tasks 0..tasks-1, task 0 on the calling thread (one hand-off fewer, and it would only wait anyway). */
    void inParallel(int tasks, java.util.function.IntConsumer task) {
        team.run(tasks, task);
    }

    /** Column panels [from, to) of C (at {@code cOff} in {@code c}) over the k-steps [p0, p1), then finished by the epilogue if any. */
    private void panels(int from, int to, boolean transA, boolean transB, int m, int n, int k, int p0, int p1, float[] a, float[] tailA,
                        float[] b, float beta, float[] c, int cOff, Epilogue epilogue) {
        int kc = p1 - p0;
        float[] bp = packedB.get();
        if (bp.length < NR * kc) {
            bp = new float[NR * kc];
            packedB.set(bp);
        }
        float[] tile = tiles.get();
        // Where op(A)[i][p] lives: a[i·rowStride + p·kStride].
        int rowStride = transA ? 1 : k, kStride = transA ? m : 1;
        int fullRows = m / MR * MR;
        for (int panel = from; panel < to; panel++) {
            int j0 = panel * NR, cols = Math.min(NR, n - j0);
            // With at most two blocks of rows (a convolution's few filters) each panel of B is used once or twice, so
            // packing it was a copy of all of B (the im2col matrix) for as much work again: a full panel of B as it is
            // (not transposed) is read in place instead, each k-step's NR values one contiguous run. Larger products
            // reuse the packed panel for every block of rows, and B's long strides in place conflict in the cache.
            boolean inPlace = !transB && cols == NR && m <= 2 * MR;
            if (!inPlace) {
                packB(transB, n, k, p0, p1, b, j0, cols, bp);
            }
            float[] panelB = inPlace ? b : bp;
            int bOff = inPlace ? p0 * n + j0 : 0, ldb = inPlace ? n : NR;
            for (int i0 = 0; i0 < fullRows; i0 += MR) {
                kernel(kc, a, i0 * rowStride + p0 * kStride, rowStride, kStride, panelB, bOff, ldb, c, cOff + i0 * n + j0, n, MR, cols, beta, tile);
            }
            if (fullRows < m) {
                kernel(kc, tailA, p0 * MR, 1, MR, panelB, bOff, ldb, c, cOff + fullRows * n + j0, n, m - fullRows, cols, beta, tile);
            }
        }
        // after all of this thread's panels, not after each: a panel's rows are 32 values, and calling the bias and the
        // activation on each such run cost more than it saved (the MLP's first layer: 193 µs against 174 µs unfused, JMH)
        finish(epilogue, c, m, n, from * NR, Math.min(n, to * NR) - from * NR);
    }

    /** This thread's array for A's ragged last rows, grown as needed and filled by {@link #packTailA}. */
    private float[] packedTail(boolean transA, int m, int k, float[] a, int i0) {
        float[] tail = tailA.get();
        if (tail.length < MR * k) {
            tail = new float[MR * k];
            tailA.set(tail);
        }
        packTailA(transA, m, k, a, i0, tail);
        return tail;
    }

    /** tail[p·MR + r] = op(A)[i0 + r][p] for the last m − i0 &lt; MR rows, zero beyond m. */
    private static void packTailA(boolean transA, int m, int k, float[] a, int i0, float[] tail) {
        java.util.Arrays.fill(tail, 0, MR * k, 0f);
        for (int r = 0; r < m - i0; r++) {
            for (int p = 0; p < k; p++) {
                tail[p * MR + r] = transA ? a[p * m + i0 + r] : a[(i0 + r) * k + p];
            }
        }
    }

    /** Bp[p − from][j] = op(B)[p][j0 + j] for the k-steps [from, to), zero beyond n. */
    private static void packB(boolean transB, int n, int k, int from, int to, float[] b, int j0, int cols, float[] bp) {
        if (cols < NR) {
            java.util.Arrays.fill(bp, 0, NR * (to - from), 0f);
        }
        if (!transB) {
            for (int p = from; p < to; p++) {
                System.arraycopy(b, p * n + j0, bp, (p - from) * NR, cols);
            }
            return;
        }
        // B is stored n×k: a transpose. A full panel goes 16 k-steps by 16 columns at a time through the vector registers;
        // the k-steps left over, and a ragged panel, element by element.
        int p = from;
        if (cols == NR && Transpose16.AVAILABLE) {
            for (; p + L <= to; p += L) {
                Transpose16.block(b, j0 * k + p, k, bp, (p - from) * NR, NR);
                Transpose16.block(b, (j0 + L) * k + p, k, bp, (p - from) * NR + L, NR);
            }
        }
        // Element by element, blocks of TB k-steps keep the 32 source rows' lines and the destination block in L1;
        // reading along p with stride k per column was 6x slower.
        for (int p0 = p; p0 < to; p0 += TB) {
            int p1 = Math.min(to, p0 + TB);
            for (int j = 0; j < cols; j++) {
                int src = (j0 + j) * k;
                for (int q = p0; q < p1; q++) {
                    bp[(q - from) * NR + j] = b[src + q];
                }
            }
        }
    }

    /** op(A)[i][p] = ap[aOff + i·rs + p·ps] for the MR rows of this block; op(B)[p][j] = bp[bOff + p·ldb + j] for its NR columns. */
    private static void kernel(int k, float[] ap, int aOff, int rs, int ps, float[] bp, int bOff, int ldb, float[] c, int cOff, int ldc, int rows,
                               int cols, float beta, float[] tile) {
        // the first step sets the accumulators (k >= 1: multiply returns early for k = 0), so that every vector the loop carries
        // comes from a multiply C2 has made a vector of
        FloatVector b0 = FloatVector.fromArray(S, bp, bOff);
        FloatVector b1 = FloatVector.fromArray(S, bp, bOff + L);
        FloatVector a = FloatVector.broadcast(S, ap[aOff]);
        FloatVector c00 = b0.mul(a), c01 = b1.mul(a);
        a = FloatVector.broadcast(S, ap[aOff + rs]);
        FloatVector c10 = b0.mul(a), c11 = b1.mul(a);
        int r2 = 2 * rs, r3 = 3 * rs, r4 = 4 * rs, r5 = 5 * rs, r6 = 6 * rs, r7 = 7 * rs;
        a = FloatVector.broadcast(S, ap[aOff + r2]);
        FloatVector c20 = b0.mul(a), c21 = b1.mul(a);
        a = FloatVector.broadcast(S, ap[aOff + r3]);
        FloatVector c30 = b0.mul(a), c31 = b1.mul(a);
        a = FloatVector.broadcast(S, ap[aOff + r4]);
        FloatVector c40 = b0.mul(a), c41 = b1.mul(a);
        a = FloatVector.broadcast(S, ap[aOff + r5]);
        FloatVector c50 = b0.mul(a), c51 = b1.mul(a);
        a = FloatVector.broadcast(S, ap[aOff + r6]);
        FloatVector c60 = b0.mul(a), c61 = b1.mul(a);
        a = FloatVector.broadcast(S, ap[aOff + r7]);
        FloatVector c70 = b0.mul(a), c71 = b1.mul(a);
        for (int p = 1, ao = aOff + ps, bo = bOff + ldb; p < k; p++, ao += ps, bo += ldb) {
            b0 = FloatVector.fromArray(S, bp, bo);
            b1 = FloatVector.fromArray(S, bp, bo + L);
            a = FloatVector.broadcast(S, ap[ao]);
            c00 = b0.fma(a, c00);
            c01 = b1.fma(a, c01);
            a = FloatVector.broadcast(S, ap[ao + rs]);
            c10 = b0.fma(a, c10);
            c11 = b1.fma(a, c11);
            a = FloatVector.broadcast(S, ap[ao + r2]);
            c20 = b0.fma(a, c20);
            c21 = b1.fma(a, c21);
            a = FloatVector.broadcast(S, ap[ao + r3]);
            c30 = b0.fma(a, c30);
            c31 = b1.fma(a, c31);
            a = FloatVector.broadcast(S, ap[ao + r4]);
            c40 = b0.fma(a, c40);
            c41 = b1.fma(a, c41);
            a = FloatVector.broadcast(S, ap[ao + r5]);
            c50 = b0.fma(a, c50);
            c51 = b1.fma(a, c51);
            a = FloatVector.broadcast(S, ap[ao + r6]);
            c60 = b0.fma(a, c60);
            c61 = b1.fma(a, c61);
            a = FloatVector.broadcast(S, ap[ao + r7]);
            c70 = b0.fma(a, c70);
            c71 = b1.fma(a, c71);
        }
        // Full blocks store straight into C. Written out rather than through a helper: C2 does not
        // inline a helper of this size called once per block, and a vector passed to a call is boxed.
        if (rows == MR && cols == NR) {
            if (beta == 0) {
                c00.intoArray(c, cOff);
                c01.intoArray(c, cOff + L);
                c10.intoArray(c, cOff + ldc);
                c11.intoArray(c, cOff + ldc + L);
                c20.intoArray(c, cOff + 2 * ldc);
                c21.intoArray(c, cOff + 2 * ldc + L);
                c30.intoArray(c, cOff + 3 * ldc);
                c31.intoArray(c, cOff + 3 * ldc + L);
                c40.intoArray(c, cOff + 4 * ldc);
                c41.intoArray(c, cOff + 4 * ldc + L);
                c50.intoArray(c, cOff + 5 * ldc);
                c51.intoArray(c, cOff + 5 * ldc + L);
                c60.intoArray(c, cOff + 6 * ldc);
                c61.intoArray(c, cOff + 6 * ldc + L);
                c70.intoArray(c, cOff + 7 * ldc);
                c71.intoArray(c, cOff + 7 * ldc + L);
            } else {
                FloatVector.fromArray(S, c, cOff).mul(beta).add(c00).intoArray(c, cOff);
                FloatVector.fromArray(S, c, cOff + L).mul(beta).add(c01).intoArray(c, cOff + L);
                FloatVector.fromArray(S, c, cOff + ldc).mul(beta).add(c10).intoArray(c, cOff + ldc);
                FloatVector.fromArray(S, c, cOff + ldc + L).mul(beta).add(c11).intoArray(c, cOff + ldc + L);
                FloatVector.fromArray(S, c, cOff + 2 * ldc).mul(beta).add(c20).intoArray(c, cOff + 2 * ldc);
                FloatVector.fromArray(S, c, cOff + 2 * ldc + L).mul(beta).add(c21).intoArray(c, cOff + 2 * ldc + L);
                FloatVector.fromArray(S, c, cOff + 3 * ldc).mul(beta).add(c30).intoArray(c, cOff + 3 * ldc);
                FloatVector.fromArray(S, c, cOff + 3 * ldc + L).mul(beta).add(c31).intoArray(c, cOff + 3 * ldc + L);
                FloatVector.fromArray(S, c, cOff + 4 * ldc).mul(beta).add(c40).intoArray(c, cOff + 4 * ldc);
                FloatVector.fromArray(S, c, cOff + 4 * ldc + L).mul(beta).add(c41).intoArray(c, cOff + 4 * ldc + L);
                FloatVector.fromArray(S, c, cOff + 5 * ldc).mul(beta).add(c50).intoArray(c, cOff + 5 * ldc);
                FloatVector.fromArray(S, c, cOff + 5 * ldc + L).mul(beta).add(c51).intoArray(c, cOff + 5 * ldc + L);
                FloatVector.fromArray(S, c, cOff + 6 * ldc).mul(beta).add(c60).intoArray(c, cOff + 6 * ldc);
                FloatVector.fromArray(S, c, cOff + 6 * ldc + L).mul(beta).add(c61).intoArray(c, cOff + 6 * ldc + L);
                FloatVector.fromArray(S, c, cOff + 7 * ldc).mul(beta).add(c70).intoArray(c, cOff + 7 * ldc);
                FloatVector.fromArray(S, c, cOff + 7 * ldc + L).mul(beta).add(c71).intoArray(c, cOff + 7 * ldc + L);
            }
            return;
        }

        // Partial blocks go through a full-size tile, so every vector store is unmasked: a masked
        // store on the tail made C2 fall back to boxed vectors for the whole kernel (8x slower).
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                int ci = cOff + r * ldc + j;
                c[ci] = tile[r * NR + j] + (beta == 0 ? 0 : beta * c[ci]);
            }
        }
    }

    private static void scale(float[] c, int from, int n, float beta) {
        for (int i = from; i < from + n; i++) {
            c[i] = beta == 0 ? 0 : beta * c[i];
        }
    }
}
