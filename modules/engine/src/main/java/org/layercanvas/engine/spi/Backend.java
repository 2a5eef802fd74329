package org.layercanvas.engine.spi;

/**
 * Runs the closed op set every layer, loss and optimizer is made of, on one device. Tensors live on
 * the device from {@link #allocate} until {@link #close}; only batches go in ({@link #write}) and
 * results come out ({@link #read}).
 *
 * <p>Conventions: all tensors are row-major float buffers (the Java reference backend computes in
 * double); {@code n} counts elements, {@code rows × cols} describes a batch of rows; ops overwrite
 * their output unless a {@code beta} says otherwise; an output may not alias an input unless stated.
 * Random ops take a {@code seed} and must produce the same numbers on every backend:
 * {@link CounterRandom} defines them.
 *
 * <p>Order of use: create, allocate all tensors (the compiler does this once), then any number of
 * write / op / read calls, then close.
 */
public interface Backend extends AutoCloseable {
    /** "java", "cpu", "opencl" or "jtp". */
    String name();

    /** The device actually used, for logs and metrics, e.g. "AMD EPYC (PoCL OpenCL CPU)". */
    String device();

    /** Bytes one value takes in memory, for the compiler's memory check. */
    default int bytesPerElement() {
        return Float.BYTES;
    }

    /** The most values all tensors together may hold (a backend that keeps them in one array says so). */
    default long maxElements() {
        return Long.MAX_VALUE;
    }

    /** The device's own memory in bytes where it has one and reports it (an OpenCL GPU); 0 when unknown or the heap. */
    default long deviceMemory() {
        return 0;
    }

    /** A zero-filled tensor of {@code size} elements. */
    Tensor allocate(int size);

    void write(Tensor dst, float[] src, int srcOffset, int length);

    void read(Tensor src, float[] dst, int dstOffset, int length);

    /** t[0..n) = value. */
    void fill(Tensor t, float value, int n);

    /** dst[0..n) = src[0..n). */
    void copy(Tensor src, Tensor dst, int n);

    /** out[i] = a[i] + b[i]; out may alias a or b. */
    void add(Tensor a, Tensor b, Tensor out, int n);

    /** out[i] = a[i] * b[i]; out may alias a or b. */
    void mul(Tensor a, Tensor b, Tensor out, int n);

    /**
     * C = op(A)·op(B) + beta·C with op(A) m×k, op(B) k×n, C m×n. {@code transA}: A is stored k×m;
     * {@code transB}: B is stored n×k.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor b, float beta, Tensor c);

    /** x[r,c] += bias[c] for a rows×cols x. */
    void addBias(Tensor x, Tensor bias, int rows, int cols);

    /**
     * A layer's product, bias and activation as one op: c = op(A)·op(B) as {@link #gemm} with beta 0, plus bias[j] in
     * column j unless {@code bias} is null; then, unless f is LINEAR, y = f(c) element-wise (f not row-wise; y distinct
     * from c, which keeps the values before the activation for the backward pass). This default is the composition of
     * gemm, {@link #addBias} and {@link #activate}; a backend may instead finish each block of c while it is still in
     * its cache or registers (the GEMM's epilogue), as long as it gives the same values.
     */
    default void gemmBiasActivation(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor b, Tensor c, Tensor bias,
                                    Activation f, float alpha, Tensor y) {
        gemm(transA, transB, m, n, k, a, b, 0f, c);
        if (bias != null) {
            addBias(c, bias, m, n);
        }
        if (f != Activation.LINEAR) {
            activate(f, alpha, c, y, m * n);
        }
    }

    /** out[c] = beta·out[c] + Σ_r x[r,c] (the bias gradient). */
    void sumRows(Tensor x, Tensor out, int rows, int cols, float beta);

    /** y = f(x) element-wise; not the row-wise SOFTMAX and LOG_SOFTMAX. y may alias x. */
    void activate(Activation f, float alpha, Tensor x, Tensor y, int n);

    /** dx = dy · f'(x, y), with f'(x, y) as in {@link Activation#derivative}; not the row-wise ones. */
    void activateBackward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx, int n);

    /** Row-wise softmax, stable (subtracts each row's maximum). */
    void softmax(Tensor x, Tensor y, int rows, int cols);

    /** dx[r,c] = y[r,c] · (dy[r,c] − Σ_j dy[r,j]·y[r,j]). */
    void softmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols);

    /** Row-wise log-softmax, y = x − max − log Σ exp(x − max) (finite where log of softmax would underflow). */
    void logSoftmax(Tensor x, Tensor y, int rows, int cols);

    /** dx[r,c] = dy[r,c] − exp(y[r,c]) · Σ_j dy[r,j], y being the log-softmax. */
    void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols);

    /**
     * Inverted dropout: mask[i] = 0 with probability {@code rate} (uniform {@link CounterRandom#uniform}
     * (seed, i) &lt; rate), else 1/(1−rate); y = x · mask.
     */
    void dropout(Tensor x, Tensor mask, Tensor y, int n, float rate, long seed);

    /** y[i] = x[i] + stddev · {@link CounterRandom#gaussian}(seed, i). */
    void addGaussianNoise(Tensor x, Tensor y, int n, float stddev, long seed);

    /**
     * Writes each row's loss into {@code lossPerRow[r]} and dL/dpred into {@code dPred}, where L is
     * the mean over rows (see {@link LossKind}).
     */
    void loss(LossKind kind, boolean fromLogits, Tensor pred, Tensor target, Tensor dPred, Tensor lossPerRow,
              int rows, int cols);

    /**
     * SGD as Keras: v = momentum·v − lr·g; p += v (nesterov: p += momentum·v − lr·g). With
     * momentum 0, p −= lr·g and {@code velocity} is unused (may be null).
     */
    void sgdStep(Tensor p, Tensor g, Tensor velocity, int n, float lr, float momentum, boolean nesterov);

    /** RMSprop as Keras: s = rho·s + (1−rho)·g²; p −= lr·g / (sqrt(s) + eps). */
    void rmspropStep(Tensor p, Tensor g, Tensor s, int n, float lr, float rho, float eps);

    /**
     * Adam as Keras (step t ≥ 1): m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²;
     * p −= lr·sqrt(1−b2^t)/(1−b1^t) · m / (sqrt(v) + eps).
     */
    void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, int n, float lr, float beta1, float beta2, float eps, int t);

    /**
     * Unfolds image patches for convolution as a GEMM: {@code cols} is [g.patch(), batch·g.positions()]
     * with cols[(c·kh + ky)·kw + kx, b·P + oy·outW + ox] = x[b, c, oy·strideH − padTop + ky·dilationH, ox·strideW − padLeft + kx·dilationW]
     * (0 outside the image).
     */
    void im2col(Tensor x, Tensor cols, Window2D g, int batch);

    /** The adjoint of {@link #im2col}: dx[b,c,y,x] = Σ of the cols entries that im2col read from (b,c,y,x); overwrites dx. */
    void col2im(Tensor cols, Tensor dx, Window2D g, int batch);

    /**
     * A convolution without bias: y [batch, filters, g.positions()] = weight [filters, g.patch()] applied to every
     * window of x. This default is the composition of the ops above: it unfolds the whole batch into {@code cols}
     * [patch, batch·positions] (which {@link #convolutionBackward} then reads), multiplies into {@code byFilter}
     * [filters, batch·positions] and swaps that into y's layout. A backend may do the same its own way, e.g. a sample
     * at a time in cache, as long as it gives the same values.
     */
    default void convolution(Tensor x, Tensor weight, Tensor y, Window2D g, int filters, int batch, Tensor cols, Tensor byFilter) {
        int columns = batch * g.positions();
        im2col(x, cols, g, batch);
        gemm(false, false, filters, columns, g.patch(), weight, cols, 0f, byFilter);
        swapAxes(byFilter, y, filters, batch, g.positions());
    }

    /**
     * A convolution layer's forward pass as one op: {@link #convolution} into {@code y}, plus bias[f] on every value of
     * filter f unless {@code bias} is null; then, unless f is LINEAR, {@code activated} = f(y) element-wise (as in
     * {@link #gemmBiasActivation}). This default is the composition of convolution, {@link #addChannelBias} and
     * {@link #activate}; a backend may finish each sample's or tile's output while it is in cache instead, as long as it
     * gives the same values. {@link #convolutionBackward} reads the same scratch tensors afterwards as after convolution.
     */
    default void convolutionBiasActivation(Tensor x, Tensor weight, Tensor y, Window2D g, int filters, int batch, Tensor cols, Tensor byFilter,
                                           Tensor bias, Activation f, float alpha, Tensor activated) {
        convolution(x, weight, y, g, filters, batch, cols, byFilter);
        if (bias != null) {
            addChannelBias(y, bias, batch, filters, g.positions());
        }
        if (f != Activation.LINEAR) {
            activate(f, alpha, y, activated, batch * filters * g.positions());
        }
    }

    /**
     * The gradients of the {@link #convolution} that last ran on the same x and scratch tensors, from dy [batch,
     * filters, positions]: dWeight = Σ over samples and positions of dy times the window (overwritten), and, when
     * {@code dx} is not null, dx = each window's gradient weightᵀ·dy added back where the window read it (overwritten).
     */
    default void convolutionBackward(Tensor x, Tensor weight, Tensor dy, Tensor dWeight, Tensor dx, Window2D g, int filters, int batch,
                                     Tensor cols, Tensor byFilter, Tensor dCols) {
        int columns = batch * g.positions();
        swapAxes(dy, byFilter, batch, filters, g.positions());
        gemm(false, true, filters, g.patch(), columns, byFilter, cols, 0f, dWeight);
        if (dx != null) {
            gemm(true, false, g.patch(), columns, filters, weight, byFilter, 0f, dCols);
            col2im(dCols, dx, g, batch);
        }
    }

    /** out[j,i,k] = in[i,j,k] for in of shape [a, b, c]: swaps the two leading axes. */
    void swapAxes(Tensor in, Tensor out, int a, int b, int c);

    /** x[n, ch, p] += bias[ch] for x of shape [batch, channels, size]. */
    void addChannelBias(Tensor x, Tensor bias, int batch, int channels, int size);

    /** out[ch] = Σ over n and p of x[n, ch, p] (the channel-bias gradient); overwrites out. */
    void sumChannels(Tensor x, Tensor out, int batch, int channels, int size);

    /**
     * Max pooling (no dilation): y[b,c,oy,ox] = the maximum of the window's pixels inside the image (padding never
     * wins); {@code argmax} gets the index within the image (c·H + y)·W + x of that maximum (first one on ties), stored as a float.
     */
    void maxPool(Tensor x, Tensor y, Tensor argmax, Window2D g, int batch);

    /** dx[b, i] = Σ of dy over the windows whose argmax is i; overwrites dx. */
    void maxPoolBackward(Tensor dy, Tensor argmax, Tensor dx, Window2D g, int batch);

    /** Average pooling (no dilation): y = the mean of the window's pixels inside the image ({@link Window2D#tapsInside}: padding does not count). */
    void avgPool(Tensor x, Tensor y, Window2D g, int batch);

    /** dx = Σ over the windows covering each pixel of dy / that window's {@link Window2D#tapsInside}; overwrites dx. */
    void avgPoolBackward(Tensor dy, Tensor dx, Window2D g, int batch);

    /**
     * dst[r·dstStride + dstOffset + c] = src[r·srcStride + srcOffset + c] for r &lt; rows, c &lt; cols:
     * moves a block of columns between row-major matrices (concatenation and its gradient).
     */
    void copyStrided(Tensor src, int srcStride, int srcOffset, Tensor dst, int dstStride, int dstOffset, int rows, int cols);

    /**
     * Row lookup (an embedding): out[r, ·] = table[index[r], ·] for r &lt; rows, each index a whole number held as a float; an
     * index that is not a whole number in [0, tableRows) gives a row of zeros and reads nothing outside the table.
     */
    void gather(Tensor table, Tensor index, Tensor out, int rows, int cols, int tableRows);

    /**
     * The adjoint of {@link #gather}: dTable[v, ·] = Σ of d[r, ·] over the rows r whose index is v; overwrites dTable; rows
     * whose index is not in the table add nothing.
     */
    void scatterRows(Tensor d, Tensor index, Tensor dTable, int rows, int cols, int tableRows);

    /**
     * Batch normalization of x [batch, channels, size] per channel. Training: statistics over batch
     * and size (biased variance); writes each channel's mean and 1/sqrt(var + eps) for the backward
     * pass and moves the running statistics: run = momentum·run + (1 − momentum)·batch value.
     * Inference: normalizes with the running statistics. Then y = gamma·x̂ + beta.
     */
    void batchNorm(Tensor x, Tensor y, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd, Tensor runMean, Tensor runVar,
                   int batch, int channels, int size, float momentum, float eps, boolean training);

    /**
     * The training-mode gradient of {@link #batchNorm}: dgamma = Σ dy·x̂, dbeta = Σ dy,
     * dx = gamma·invStd/N · (N·dy − dbeta − x̂·dgamma) with N = batch·size.
     */
    void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor mean, Tensor invStd, Tensor dx, Tensor dgamma, Tensor dbeta,
                           int batch, int channels, int size);

    /**
     * A trainer calls this as it begins the training steps it runs on the real shapes before its first epoch, and then
     * undoes, so that the code a just-in-time compiler makes for those shapes is ready when the first epoch starts. Returns
     * the fewest such steps to run (the trainer runs more while the JIT is still compiling); 0 for none.
     */
    default int beginWarmUp() {
        return 0;
    }

    /** The trainer calls this when the steps after {@link #beginWarmUp()} are done (or failed), before its first epoch. */
    default void endWarmUp() {
    }

    /** Blocks until all launched work is done (for timing); a no-op on synchronous backends. */
    default void sync() {
    }

    @Override
    void close();
}
