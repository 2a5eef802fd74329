package org.layercanvas.kernels;

import com.aparapi.Kernel;

/**
 * The whole op set as one Aparapi kernel over one device-resident float arena ({@code mem}).
 *
 * <p>Why one kernel: Aparapi binds device buffers to a Kernel instance, so an array shared by two
 * Kernel objects lives twice on the device and must travel through the host between them. With
 * every op in one kernel over one arena, parameters, gradients, optimizer state and activations
 * stay on the device for the whole run; only the small staging array {@code io} moves, for the
 * batches going in and the results coming out. Each op is its own method (named after the
 * {@link org.layercanvas.engine.spi.Backend} op it implements) selected by {@link #op}.
 *
 * <p>Aparapi translates this class to OpenCL C, so the code sticks to primitives, primitive arrays
 * and Kernel's math functions, and uses float arithmetic throughout.
 */
public final class DeviceKernel extends Kernel {
    static final int COPY_IN = 0, COPY_OUT = 1, FILL = 2, COPY = 3, ADD = 4, MUL = 5, GEMM = 6, ADD_BIAS = 7,
            SUM_ROWS = 8, ACTIVATE = 9, ACTIVATE_BACKWARD = 10, SOFTMAX = 11, SOFTMAX_BACKWARD = 12, DROPOUT = 13,
            NOISE = 14, LOSS = 15, SGD = 16, RMSPROP = 17, ADAM = 18, IM2COL = 19, COL2IM = 20, SWAP_AXES = 21,
            CHANNEL_BIAS = 22, SUM_CHANNELS = 23, MAX_POOL = 24, MAX_POOL_BACKWARD = 25, AVG_POOL = 26, AVG_POOL_BACKWARD = 27, COPY_STRIDED = 28, BATCH_NORM = 29, BATCH_NORM_BACKWARD = 30,
            GATHER = 31, SCATTER_ROWS = 32, TILED_GEMM = 33, PARTIAL_GEMM = 34, SUM_PARTS = 35;
    /** Output columns per GEMM work-item: each A value loaded is used this many times. */
    static final int GEMM_COLS = 4;
    /**
     * The tiled GEMM: a work-group of {@link #TILE_GROUP} work-items computes a TILE × TILE tile of C, each work-item a
     * BLOCK × BLOCK block of it in registers, from slices of TILE_K k-steps of A's rows and B's columns staged in local memory.
     */
    static final int TILE = 32, TILE_K = 16, BLOCK = 4, TILE_GROUP = (TILE / BLOCK) * (TILE / BLOCK);

    /** The tiled GEMM's slices of A (TILE rows × TILE_K k-steps) and B (TILE_K k-steps × TILE columns), shared by a work-group. */
    @Local
    final float[] tileA = new float[TILE * TILE_K];
    @Local
    final float[] tileB = new float[TILE_K * TILE];

    /** The arena; element 0 is the canary, never part of a tensor. */
    float[] mem = new float[1];
    /** Staging for host transfers; one element longer than any transfer, for the canary. */
    float[] io = new float[2];

    /** Work-items at or beyond limit do nothing: the launch size is padded to whole work-groups. */
    int limit;
    int op, oA, oB, oC, oD, oE, oF, oG, oH, n, m, k, rows, cols, transA, transB, code, flag, seedLo, seedHi;
    float alpha, beta, lr, p1, p2, p3;
    /** A Window2D, unpacked: channels, height, width, window, strides, dilations, padding, output size; and the batch. */
    int wc, wh, ww, wkh, wkw, wsh, wsw, wdh, wdw, wpt, wpl, woh, wow, batch;
    /**
     * GEMM's epilogue: a bias at oBias added per column (biasAxis 1) or per row (2) of C, or none (0); with activated 1,
     * activation {@link #code} of each value of C also written at oY by the work-item that computed it. With positions
     * &gt; 0, C's n columns are batch × positions and C is stored as [batch, m, positions], a convolution's output layout.
     */
    int biasAxis, oBias, activated, oY, positions;
    /** A GEMM split along k: parts of kPart k-steps each, their products [parts, m, n] at oD. */
    int kPart, parts;

    @Override
    public void run() {
        int g = getGlobalId();
        if (g >= limit) {
            return;
        }
        if (g == 0) {
            // mem[0] is the canary (see AparapiBackend): COPY_OUT reports it before this launch sets it
            if (op == COPY_OUT) {
                io[limit] = mem[0];
            }
            mem[0] = 1f;
        }
        if (op == COPY_IN) {
            mem[oA + g] = io[g];
        } else if (op == COPY_OUT) {
            io[g] = mem[oA + g];
        } else if (op == FILL) {
            mem[oA + g] = alpha;
        } else if (op == COPY) {
            mem[oB + g] = mem[oA + g];
        } else if (op == ADD) {
            mem[oC + g] = mem[oA + g] + mem[oB + g];
        } else if (op == MUL) {
            mem[oC + g] = mem[oA + g] * mem[oB + g];
        } else if (op == GEMM) {
            gemm(g);
            gemmActivation(g);
        } else if (op == PARTIAL_GEMM) {
            partialGemm(g);
        } else if (op == SUM_PARTS) {
            int i = g / n;
            int j = g % n;
            float sum = 0f;
            for (int part = 0; part < parts; part++) {
                sum += mem[oD + part * m * n + g];
            }
            storeC(cAt(i, j), i, j, sum);
        } else if (op == TILED_GEMM) {
            tiledGemm(g);
            gemmActivation(g);
        } else if (op == ADD_BIAS) {
            mem[oA + g] = mem[oA + g] + mem[oB + g % cols];
        } else if (op == SUM_ROWS) {
            sumRows(g);
        } else if (op == ACTIVATE) {
            mem[oB + g] = activate(mem[oA + g]);
        } else if (op == ACTIVATE_BACKWARD) {
            mem[oD + g] = mem[oC + g] * derivative(mem[oA + g], mem[oB + g]);
        } else if (op == SOFTMAX) {
            softmax(g);
        } else if (op == SOFTMAX_BACKWARD) {
            softmaxBackward(g);
        } else if (op == DROPOUT) {
            float keep = 1f / (1f - alpha);
            float mask = uniform(g) < alpha ? 0f : keep;
            mem[oB + g] = mask;
            mem[oC + g] = mem[oA + g] * mask;
        } else if (op == NOISE) {
            mem[oB + g] = mem[oA + g] + alpha * gaussian(g);
        } else if (op == LOSS) {
            loss(g);
        } else if (op == SGD) {
            sgd(g);
        } else if (op == RMSPROP) {
            float grad = mem[oB + g];
            float s = p1 * mem[oC + g] + (1f - p1) * grad * grad;
            mem[oC + g] = s;
            mem[oA + g] = mem[oA + g] - lr * grad / (sqrt(s) + p2);
        } else if (op == IM2COL) {
            im2col(g);
        } else if (op == COL2IM) {
            col2im(g);
        } else if (op == SWAP_AXES) {
            // in [m, n, k] -> out [n, m, k]; g = (j·m + i)·k + kk indexes the output
            int kk = g % k;
            int i = (g / k) % m;
            int j = g / (k * m);
            mem[oB + g] = mem[oA + (i * n + j) * k + kk];
        } else if (op == CHANNEL_BIAS) {
            mem[oA + g] = mem[oA + g] + mem[oB + (g / n) % m];
        } else if (op == SUM_CHANNELS) {
            float s = 0f;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < n; p++) {
                    s += mem[oA + (b * m + g) * n + p];
                }
            }
            mem[oB + g] = s;
        } else if (op == MAX_POOL) {
            maxPool(g);
        } else if (op == MAX_POOL_BACKWARD) {
            maxPoolBackward(g);
        } else if (op == AVG_POOL) {
            avgPool(g);
        } else if (op == AVG_POOL_BACKWARD) {
            avgPoolBackward(g);
        } else if (op == COPY_STRIDED) {
            // m = src stride, n = dst stride, k = cols, rows/cols offsets in wpt/wpl
            int r = g / k;
            int c = g % k;
            mem[oB + r * n + wpl + c] = mem[oA + r * m + wpt + c];
        } else if (op == GATHER) {
            // table oA, index oB, out oC; cols, n = table rows
            int row = tableRow(mem[oB + g / cols]);
            mem[oC + g] = row < 0 ? 0f : mem[oA + row * cols + g % cols];
        } else if (op == SCATTER_ROWS) {
            scatterRows(g);
        } else if (op == BATCH_NORM) {
            batchNorm(g);
        } else if (op == BATCH_NORM_BACKWARD) {
            batchNormBackward(g);
        } else if (op == ADAM) {
            float grad = mem[oB + g];
            float mo = p1 * mem[oC + g] + (1f - p1) * grad;
            float ve = p2 * mem[oD + g] + (1f - p2) * grad * grad;
            mem[oC + g] = mo;
            mem[oD + g] = ve;
            mem[oA + g] = mem[oA + g] - lr * mo / (sqrt(ve) + p3);
        }
    }

    /** C[i, j..j+3] = op(A)[i,:]·op(B)[:, j..j+3] + beta·C, then the epilogue; work-item g covers row g / ⌈n/4⌉. */
    private void gemm(int g) {
        int blocks = (n + GEMM_COLS - 1) / GEMM_COLS;
        int i = g / blocks;
        int j = (g % blocks) * GEMM_COLS;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (int p = 0; p < k; p++) {
            float a = transA == 1 ? mem[oA + p * m + i] : mem[oA + i * k + p];
            s0 += a * bAt(p, j);
            s1 += a * bAt(p, j + 1);
            s2 += a * bAt(p, j + 2);
            s3 += a * bAt(p, j + 3);
        }
        storeRow(i, j, s0, s1, s2, s3);
    }

    /** op(B)[p][j], 0 outside B. */
    private float bAt(int p, int j) {
        float v = 0f;
        if (j < n && p < k) {
            v = transB == 1 ? mem[oB + j * k + p] : mem[oB + p * n + j];
        }
        return v;
    }

    /**
     * The activation of the values of C that work-item g of the GEMM op (GEMM or TILED_GEMM) computed, into oY, when asked
     * ({@link #activated}): a row of GEMM_COLS, or a BLOCK × BLOCK block. Not part of the stores: Aparapi 3.0.2 orders
     * the OpenCL functions by sweeps over the call graph that can emit a function with calls of its own (activate) before
     * its callees (sigmoid, erf) when it is reached three calls deep, and the OpenCL build then fails. The test of
     * {@link #activated} is in here too: an if nested in run()'s chain of ops broke Aparapi's decompiler ("child list broken").
     */
    private void gemmActivation(int g) {
        int i0 = 0;
        int j0 = 0;
        int rows = 1;
        int cols = GEMM_COLS;
        if (op == TILED_GEMM) {
            int l = g % TILE_GROUP;
            int tilesAcross = (n + TILE - 1) / TILE;
            i0 = (g / TILE_GROUP / tilesAcross) * TILE + (l / (TILE / BLOCK)) * BLOCK;
            j0 = (g / TILE_GROUP % tilesAcross) * TILE + (l % (TILE / BLOCK)) * BLOCK;
            rows = BLOCK;
            cols = BLOCK;
        } else {
            int blocks = (n + GEMM_COLS - 1) / GEMM_COLS;
            i0 = g / blocks;
            j0 = (g % blocks) * GEMM_COLS;
        }
        if (activated == 0) {
            rows = 0;
        }
        int iEnd = min(m, i0 + rows);
        int jEnd = min(n, j0 + cols);
        for (int i = i0; i < iEnd; i++) {
            for (int j = j0; j < jEnd; j++) {
                int at = cAt(i, j);
                mem[oY + at] = activate(mem[oC + at]);
            }
        }
    }

    /**
     * GEMM with its epilogue as {@link #gemm}, one TILE × TILE tile of C per work-group of TILE_GROUP work-items (the launch
     * is exactly the tiles' work-items, so every one reaches the barriers). Each pass stages TILE_K k-steps of the tile's
     * rows of A and columns of B in local memory, each work-item loading its share; then each work-item multiplies its
     * BLOCK rows by its BLOCK columns, 16 multiply-adds for every 8 values read from local memory. A value read from global
     * memory is used TILE times (the plain GEMM: once for B, GEMM_COLS times for A).
     */
    private void tiledGemm(int g) {
        int l = g % TILE_GROUP;
        int tilesAcross = (n + TILE - 1) / TILE;
        int i0 = (g / TILE_GROUP / tilesAcross) * TILE;
        int j0 = (g / TILE_GROUP % tilesAcross) * TILE;
        int r = (l / (TILE / BLOCK)) * BLOCK;
        int c = (l % (TILE / BLOCK)) * BLOCK;
        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f, s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
        float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f, s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
        for (int p0 = 0; p0 < k; p0 += TILE_K) {
            for (int q = 0; q < TILE * TILE_K / TILE_GROUP; q++) {
                int e = l * (TILE * TILE_K / TILE_GROUP) + q;
                tileA[e] = aAt(i0 + e / TILE_K, p0 + e % TILE_K);
                tileB[e] = bAt(p0 + e / TILE, j0 + e % TILE);
            }
            localBarrier();
            for (int kk = 0; kk < TILE_K; kk++) {
                float a0 = tileA[r * TILE_K + kk];
                float a1 = tileA[(r + 1) * TILE_K + kk];
                float a2 = tileA[(r + 2) * TILE_K + kk];
                float a3 = tileA[(r + 3) * TILE_K + kk];
                float b0 = tileB[kk * TILE + c];
                float b1 = tileB[kk * TILE + c + 1];
                float b2 = tileB[kk * TILE + c + 2];
                float b3 = tileB[kk * TILE + c + 3];
                s00 += a0 * b0;
                s01 += a0 * b1;
                s02 += a0 * b2;
                s03 += a0 * b3;
                s10 += a1 * b0;
                s11 += a1 * b1;
                s12 += a1 * b2;
                s13 += a1 * b3;
                s20 += a2 * b0;
                s21 += a2 * b1;
                s22 += a2 * b2;
                s23 += a2 * b3;
                s30 += a3 * b0;
                s31 += a3 * b1;
                s32 += a3 * b2;
                s33 += a3 * b3;
            }
            localBarrier();
        }
        storeRow(i0 + r, j0 + c, s00, s01, s02, s03);
        storeRow(i0 + r + 1, j0 + c, s10, s11, s12, s13);
        storeRow(i0 + r + 2, j0 + c, s20, s21, s22, s23);
        storeRow(i0 + r + 3, j0 + c, s30, s31, s32, s33);
    }

    /** C[i, j..j+3] from four sums, where i may lie beyond C's rows (a tile's edge) and storeC leaves out the columns beyond n. */
    private void storeRow(int i, int j, float s0, float s1, float s2, float s3) {
        if (i < m) {
            storeC(cAt(i, j), i, j, s0);
            storeC(cAt(i, j + 1), i, j + 1, s1);
            storeC(cAt(i, j + 2), i, j + 2, s2);
            storeC(cAt(i, j + 3), i, j + 3, s3);
        }
    }

    /** op(A)[i][p], 0 outside A. */
    private float aAt(int i, int p) {
        float v = 0f;
        if (i < m && p < k) {
            v = transA == 1 ? mem[oA + p * m + i] : mem[oA + i * k + p];
        }
        return v;
    }

    /**
     * One part of a GEMM split along k: work-item g computes C[i, j..j+3] over the k-steps of part g / (m·⌈n/4⌉) and
     * stores them in that part's product at oD; SUM_PARTS then adds the parts in order into C. For products of few values
     * over many k-steps (a convolution's weight gradient: 6 × 25 values summed over 100,352 positions for LeNet-5's
     * first layer), which would otherwise be 42 work-items, each looping over all of k.
     */
    private void partialGemm(int g) {
        int blocks = (n + GEMM_COLS - 1) / GEMM_COLS;
        int part = g / (m * blocks);
        int i = (g % (m * blocks)) / blocks;
        int j = (g % blocks) * GEMM_COLS;
        int end = min(k, (part + 1) * kPart);
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (int p = part * kPart; p < end; p++) {
            float a = transA == 1 ? mem[oA + p * m + i] : mem[oA + i * k + p];
            s0 += a * bAt(p, j);
            s1 += a * bAt(p, j + 1);
            s2 += a * bAt(p, j + 2);
            s3 += a * bAt(p, j + 3);
        }
        int at = oD + (part * m + i) * n + j;
        mem[at] = s0;
        if (j + 1 < n) {
            mem[at + 1] = s1;
        }
        if (j + 2 < n) {
            mem[at + 2] = s2;
        }
        if (j + 3 < n) {
            mem[at + 3] = s3;
        }
    }

    /** Where C[i, j] lies from oC (see {@link #positions}). */
    private int cAt(int i, int j) {
        int at = i * n + j;
        if (positions > 0) {
            at = ((j / positions) * m + i) * positions + j % positions;
        }
        return at;
    }

    /** C[i, j] (at {@code at}) = s + beta·C[i, j], plus the bias (see {@link #biasAxis}); nothing for j beyond n. */
    private void storeC(int at, int i, int j, float s) {
        if (j < n) {
            float v = beta == 0f ? s : s + beta * mem[oC + at];
            if (biasAxis == 1) {
                v = v + mem[oBias + j];
            } else if (biasAxis == 2) {
                v = v + mem[oBias + i];
            }
            mem[oC + at] = v;
        }
    }

    private void sumRows(int c) {
        float s = 0f;
        for (int r = 0; r < rows; r++) {
            s += mem[oA + r * cols + c];
        }
        mem[oB + c] = beta == 0f ? s : s + beta * mem[oB + c];
    }

    private float sigmoid(float x) {
        float y = 0f;
        if (x >= 0f) {
            y = 1f / (1f + exp(-x));
        } else {
            float e = exp(x);
            y = e / (1f + e);
        }
        return y;
    }

    /** Activation {@link #code} (the ordinal of engine's Activation) applied to x. */
    private float activate(float x) {
        float y = x;
        if (code == 1) {
            y = x >= 0f ? 1f : 0f;
        } else if (code == 2) {
            y = x >= 0f ? 1f : -1f;
        } else if (code == 3) {
            y = sigmoid(x);
        } else if (code == 4) {
            y = 2f * sigmoid(2f * x) - 1f;
        } else if (code == 5) {
            y = max(x, 0f);
        } else if (code == 6) {
            y = x > 0f ? x : alpha * x;
        } else if (code == 7) {
            y = x > 0f ? x : alpha * (exp(x) - 1f);
        } else if (code == 8) {
            y = abs(x);
        } else if (code == 9) {
            y = max(x, 0f) + log(1f + exp(-abs(x)));
        } else if (code == 11) {
            y = exp(x);
        } else if (code == 12) {
            y = x > 0f ? 1.0507009873554805f * x : 1.7580993408473766f * (exp(x) - 1f);
        } else if (code == 13) {
            y = 0.5f * x * (1f + erf(x * 0.70710678118654752f));
        } else if (code == 14) {
            y = x * sigmoid(x);
        } else if (code == 15) {
            y = x / (1f + abs(x));
        } else if (code == 16) {
            y = min(max(x / 6f + 0.5f, 0f), 1f);
        }
        return y;
    }

    /** erf to 1.5e-7 (Abramowitz and Stegun 7.1.26), for GELU: float has no more to give. */
    private float erf(float z) {
        float t = 1f / (1f + 0.3275911f * abs(z));
        float y = 1f - ((((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t * exp(-z * z);
        return z >= 0f ? y : -y;
    }

    /** f'(x) given y = f(x); step and sign pass the gradient straight through, as in the engine. */
    private float derivative(float x, float y) {
        float d = 1f;
        if (code == 3) {
            d = y * (1f - y);
        } else if (code == 4) {
            d = 1f - y * y;
        } else if (code == 5) {
            d = x > 0f ? 1f : 0f;
        } else if (code == 6) {
            d = x > 0f ? 1f : alpha;
        } else if (code == 7) {
            d = x > 0f ? 1f : y + alpha;
        } else if (code == 8) {
            d = x > 0f ? 1f : (x < 0f ? -1f : 0f);
        } else if (code == 9) {
            d = sigmoid(x);
        } else if (code == 11) {
            d = y;
        } else if (code == 12) {
            d = x > 0f ? 1.0507009873554805f : y + 1.7580993408473766f;
        } else if (code == 13) {
            d = 0.5f * (1f + erf(x * 0.70710678118654752f)) + x * exp(-0.5f * x * x) * 0.3989422804014327f;
        } else if (code == 14) {
            float s = sigmoid(x);
            d = s * (1f + x * (1f - s));
        } else if (code == 15) {
            float q = 1f + abs(x);
            d = 1f / (q * q);
        } else if (code == 16) {
            d = x > -3f && x < 3f ? 1f / 6f : 0f;
        }
        return d;
    }

    /** The table row (of n) an index names, or −1 when it is not a whole number in [0, n). */
    private int tableRow(float index) {
        int row = -1;
        if (index >= 0f && index < n) { // in range before converting: OpenCL leaves out-of-range conversions undefined
            row = (int) index;
            if ((float) row != index) {
                row = -1;
            }
        }
        return row;
    }

    /** Column c of dTable (oC, n rows) from d (oA, rows) and the indices (oB): one work-item per column, so no two add to one value. */
    private void scatterRows(int c) {
        for (int v = 0; v < n; v++) {
            mem[oC + v * cols + c] = 0f;
        }
        for (int r = 0; r < rows; r++) {
            int row = tableRow(mem[oB + r]);
            if (row >= 0) {
                mem[oC + row * cols + c] = mem[oC + row * cols + c] + mem[oA + r * cols + c];
            }
        }
    }

    /** Row r's softmax, or with {@link #flag} its log-softmax x − max − log Σ exp(x − max). */
    private void softmax(int r) {
        int o = r * cols;
        float mx = mem[oA + o];
        for (int c = 1; c < cols; c++) {
            mx = max(mx, mem[oA + o + c]);
        }
        float sum = 0f;
        for (int c = 0; c < cols; c++) {
            sum += exp(mem[oA + o + c] - mx);
        }
        float shift = mx + log(sum);
        for (int c = 0; c < cols; c++) {
            mem[oB + o + c] = flag == 1 ? mem[oA + o + c] - shift : exp(mem[oA + o + c] - mx) / sum;
        }
    }

    /** Softmax's gradient for row r (y at oA, dy at oB, dx to oC), or with {@link #flag} log-softmax's, dy − exp(y)·Σ dy. */
    private void softmaxBackward(int r) {
        int o = r * cols;
        float dot = 0f;
        for (int c = 0; c < cols; c++) {
            dot += flag == 1 ? mem[oB + o + c] : mem[oB + o + c] * mem[oA + o + c];
        }
        for (int c = 0; c < cols; c++) {
            mem[oC + o + c] = flag == 1 ? mem[oB + o + c] - exp(mem[oA + o + c]) * dot : mem[oA + o + c] * (mem[oB + o + c] - dot);
        }
    }

    /** Loss {@link #code} for row r: pred at oA, target oB, gradient oC, per-row loss oD; flag = from_logits. */
    private void loss(int r) {
        int o = r * cols;
        float eps = 1e-7f;
        float total = 0f;
        if (code == 0) {
            for (int c = 0; c < cols; c++) {
                float diff = mem[oA + o + c] - mem[oB + o + c];
                total += diff * diff / cols;
                mem[oC + o + c] = 2f * diff / cols / rows;
            }
        } else if (code == 1) {
            for (int c = 0; c < cols; c++) {
                float t = mem[oB + o + c];
                float p = mem[oA + o + c];
                if (flag == 1) {
                    total += (max(p, 0f) - t * p + log(1f + exp(-abs(p)))) / cols;
                    mem[oC + o + c] = (sigmoid(p) - t) / cols / rows;
                } else {
                    // the top clip as 1 − p ≥ eps (exact in float for p ≥ ½): float's 1 − eps is off by a fifth of eps
                    float q = 1f - p;
                    float pc = max(p, eps);
                    float qc = max(q, eps);
                    total += -(t * log(pc) + (1f - t) * log(qc)) / cols;
                    mem[oC + o + c] = (p < eps || q < eps) ? 0f : (-t / pc + (1f - t) / qc) / cols / rows;
                }
            }
        } else {
            if (flag == 1) {
                float mx = mem[oA + o];
                for (int c = 1; c < cols; c++) {
                    mx = max(mx, mem[oA + o + c]);
                }
                float sum = 0f;
                float tsum = 0f;
                for (int c = 0; c < cols; c++) {
                    sum += exp(mem[oA + o + c] - mx);
                    tsum += mem[oB + o + c];
                }
                float lse = mx + log(sum);
                for (int c = 0; c < cols; c++) {
                    float z = mem[oA + o + c];
                    total += -mem[oB + o + c] * (z - lse);
                    mem[oC + o + c] = (exp(z - lse) * tsum - mem[oB + o + c]) / rows;
                }
            } else {
                for (int c = 0; c < cols; c++) {
                    float p = mem[oA + o + c];
                    float pc = min(max(p, eps), 1f - eps);
                    total += -mem[oB + o + c] * log(pc);
                    mem[oC + o + c] = (p < eps || p > 1f - eps) ? 0f : -mem[oB + o + c] / pc / rows;
                }
            }
        }
        mem[oD + r] = total;
    }

    /** SGD; momentum p1, nesterov flag; oA param, oB grad, oC velocity. */
    private void sgd(int g) {
        float grad = mem[oB + g];
        if (p1 == 0f) {
            mem[oA + g] = mem[oA + g] - lr * grad;
        } else {
            float v = p1 * mem[oC + g] - lr * grad;
            mem[oC + g] = v;
            mem[oA + g] = mem[oA + g] + (flag == 1 ? p1 * v - lr * grad : v);
        }
    }

    /** One im2col entry; g indexes cols [patch, batch·positions]. */
    private void im2col(int g) {
        int positions = woh * wow;
        int width = batch * positions;
        int row = g / width;
        int col = g % width;
        int b = col / positions;
        int pos = col % positions;
        int oy = pos / wow;
        int ox = pos % wow;
        int kx = row % wkw;
        int ky = (row / wkw) % wkh;
        int c = row / (wkw * wkh);
        int y = oy * wsh - wpt + ky * wdh;
        int x = ox * wsw - wpl + kx * wdw;
        float v = 0f;
        if (y >= 0 && y < wh && x >= 0 && x < ww) {
            v = mem[oA + b * wc * wh * ww + (c * wh + y) * ww + x];
        }
        mem[oB + g] = v;
    }

    /** One input pixel of col2im, gathering every cols entry that read it; g indexes dx [batch, c, h, w]. */
    private void col2im(int g) {
        int positions = woh * wow;
        int width = batch * positions;
        int x = g % ww;
        int y = (g / ww) % wh;
        int c = (g / (ww * wh)) % wc;
        int b = g / (ww * wh * wc);
        float s = 0f;
        for (int ky = 0; ky < wkh; ky++) {
            int ty = y + wpt - ky * wdh;
            if (ty >= 0 && ty % wsh == 0 && ty / wsh < woh) {
                for (int kx = 0; kx < wkw; kx++) {
                    int tx = x + wpl - kx * wdw;
                    if (tx >= 0 && tx % wsw == 0 && tx / wsw < wow) {
                        s += mem[oA + ((c * wkh + ky) * wkw + kx) * width + b * positions + (ty / wsh) * wow + tx / wsw];
                    }
                }
            }
        }
        mem[oB + g] = s;
    }

    /** One pooled value and its argmax; g indexes y [batch, c, outH, outW]. */
    private void maxPool(int g) {
        int ox = g % wow;
        int oy = (g / wow) % woh;
        int c = (g / (wow * woh)) % wc;
        int b = g / (wow * woh * wc);
        int image = b * wc * wh * ww;
        int best = -1;
        float bestValue = 0f;
        for (int ky = 0; ky < wkh; ky++) {
            for (int kx = 0; kx < wkw; kx++) {
                int y = oy * wsh - wpt + ky;
                int x = ox * wsw - wpl + kx;
                if (y >= 0 && y < wh && x >= 0 && x < ww) { // padding never wins
                    int i = (c * wh + y) * ww + x;
                    float v = mem[oA + image + i];
                    if (best < 0 || v > bestValue) {
                        best = i;
                        bestValue = v;
                    }
                }
            }
        }
        mem[oB + g] = bestValue;
        mem[oC + g] = best;
    }

    /** One input pixel: the sum of dy over the windows whose argmax it is; g indexes dx. dy at oA, argmax oB, dx oC. */
    private void maxPoolBackward(int g) {
        int x = g % ww;
        int y = (g / ww) % wh;
        int c = (g / (ww * wh)) % wc;
        int b = g / (ww * wh * wc);
        int index = (c * wh + y) * ww + x;
        float s = 0f;
        for (int oy = firstWindow(y + wpt, wkh, wsh); oy <= lastWindow(y + wpt, wsh, woh); oy++) {
            if (y + wpt >= oy * wsh && y + wpt < oy * wsh + wkh) {
                for (int ox = firstWindow(x + wpl, wkw, wsw); ox <= lastWindow(x + wpl, wsw, wow); ox++) {
                    if (x + wpl >= ox * wsw && x + wpl < ox * wsw + wkw) {
                        int o = ((b * wc + c) * woh + oy) * wow + ox;
                        if ((int) mem[oB + o] == index) {
                            s += mem[oA + o];
                        }
                    }
                }
            }
        }
        mem[oC + g] = s;
    }

    private void avgPool(int g) {
        int ox = g % wow;
        int oy = (g / wow) % woh;
        int c = (g / (wow * woh)) % wc;
        int b = g / (wow * woh * wc);
        float s = 0f;
        for (int ky = 0; ky < wkh; ky++) {
            for (int kx = 0; kx < wkw; kx++) {
                int y = oy * wsh - wpt + ky;
                int x = ox * wsw - wpl + kx;
                if (y >= 0 && y < wh && x >= 0 && x < ww) {
                    s += mem[oA + b * wc * wh * ww + (c * wh + y) * ww + x];
                }
            }
        }
        mem[oB + g] = s / tapsInside(oy, ox);
    }

    private void avgPoolBackward(int g) {
        int x = g % ww;
        int y = (g / ww) % wh;
        int c = (g / (ww * wh)) % wc;
        int b = g / (ww * wh * wc);
        float s = 0f;
        for (int oy = firstWindow(y + wpt, wkh, wsh); oy <= lastWindow(y + wpt, wsh, woh); oy++) {
            if (y + wpt >= oy * wsh && y + wpt < oy * wsh + wkh) {
                for (int ox = firstWindow(x + wpl, wkw, wsw); ox <= lastWindow(x + wpl, wsw, wow); ox++) {
                    if (x + wpl >= ox * wsw && x + wpl < ox * wsw + wkw) {
                        s += mem[oA + ((b * wc + c) * woh + oy) * wow + ox] / tapsInside(oy, ox);
                    }
                }
            }
        }
        mem[oB + g] = s;
    }

    /**
     * The first window along an axis (of size, stride) that covers padded position t: the pools' backward passes visit
     * only the windows over a pixel, not every window of the image (for each of LeNet-5's 784 pixels, 196 windows).
     */
    private int firstWindow(int t, int size, int stride) {
        int first = 0;
        if (t >= size) {
            first = (t - size) / stride + 1;
        }
        return first;
    }

    /** The last of the {@code windows} windows along an axis (of stride) that starts at or before padded position t. */
    private int lastWindow(int t, int stride, int windows) {
        return min(windows - 1, t / stride);
    }

    /** How many pixels of the pool window at (oy, ox) lie inside the image: padding does not count in an average. */
    private int tapsInside(int oy, int ox) {
        int rows = 0;
        for (int ky = 0; ky < wkh; ky++) {
            int y = oy * wsh - wpt + ky;
            if (y >= 0 && y < wh) {
                rows++;
            }
        }
        int cols = 0;
        for (int kx = 0; kx < wkw; kx++) {
            int x = ox * wsw - wpl + kx;
            if (x >= 0 && x < ww) {
                cols++;
            }
        }
        return rows * cols;
    }

    /** Channel g: x oA, y oB, gamma oC, beta oD, mean oE, invStd oF, running mean oG, running var oH; m channels, n size. */
    private void batchNorm(int c) {
        int count = batch * n;
        float mu = 0f;
        float is = 0f;
        if (flag == 1) {
            float sum = 0f;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < n; p++) {
                    sum += mem[oA + (b * m + c) * n + p];
                }
            }
            mu = sum / count;
            float sq = 0f;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < n; p++) {
                    float dv = mem[oA + (b * m + c) * n + p] - mu;
                    sq += dv * dv;
                }
            }
            float var = sq / count;
            is = 1f / sqrt(var + p2);
            mem[oE + c] = mu;
            mem[oF + c] = is;
            mem[oG + c] = p1 * mem[oG + c] + (1f - p1) * mu;
            mem[oH + c] = p1 * mem[oH + c] + (1f - p1) * var;
        } else {
            mu = mem[oG + c];
            is = 1f / sqrt(mem[oH + c] + p2);
        }
        float scale = mem[oC + c] * is;
        float shift = mem[oD + c] - mu * scale;
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < n; p++) {
                int i = (b * m + c) * n + p;
                mem[oB + i] = mem[oA + i] * scale + shift;
            }
        }
    }

    /** Channel g: x oA, dy oB, gamma oC, mean oD, invStd oE, dx oF, dgamma oG, dbeta oH. */
    private void batchNormBackward(int c) {
        int count = batch * n;
        float sg = 0f;
        float sb = 0f;
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < n; p++) {
                int i = (b * m + c) * n + p;
                sg += mem[oB + i] * (mem[oA + i] - mem[oD + c]) * mem[oE + c];
                sb += mem[oB + i];
            }
        }
        mem[oG + c] = sg;
        mem[oH + c] = sb;
        float k = mem[oC + c] * mem[oE + c] / count;
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < n; p++) {
                int i = (b * m + c) * n + p;
                float xhat = (mem[oA + i] - mem[oD + c]) * mem[oE + c];
                mem[oF + i] = k * (count * mem[oB + i] - sb - xhat * sg);
            }
        }
    }

    /** The same integer mixer as engine's CounterRandom (lowbias32). */
    private int mix(int x0) {
        int x = x0;
        x = x ^ (x >>> 16);
        x = x * 0x7FEB352D;
        x = x ^ (x >>> 15);
        x = x * 0x846CA68B;
        x = x ^ (x >>> 16);
        return x;
    }

    private float uniform(int i) {
        int h = mix(seedLo ^ mix(seedHi ^ 0x9E3779B9));
        int v = mix(h ^ (i * 0x85EBCA6B));
        return (v >>> 8) * (1f / 16777216f);
    }

    private float gaussian(int i) {
        float u1 = uniform(2 * i) + (1f / 16777216f);
        float u2 = uniform(2 * i + 1);
        return sqrt(-2f * log(u1)) * cos(6.2831855f * u2);
    }
}
