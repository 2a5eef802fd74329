package org.layercanvas.kernels;

import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.LinkedHashSet;
import java.util.List;
import org.layercanvas.engine.spi.Activation;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.LossKind;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.spi.Window2D;

/**
 * The Aparapi backend: every op is a launch of {@link DeviceKernel} on one device, an OpenCL
 * device ("opencl") or Aparapi's Java thread pool ("jtp").
 *
 * <p>Why one kernel over one arena, not one Kernel class per op: in Aparapi 3.0.2 every Kernel
 * instance has its own KernelRunner and native JNIContext, with its own cl_context and its own
 * cl_mem per array field. The same float[] bound to two Kernel objects is two unrelated device
 * buffers; handing a tensor from one op to the next would need get() from the writer and put()
 * into the reader, a device-host-device round trip per op on a discrete GPU. One kernel whose
 * fields are a single arena {@code mem} (all tensors) and a staging array {@code io} keeps
 * parameters, gradients, optimizer state and activations on the device for the whole run.
 *
 * <p>Transfer invariant (explicit mode): until the first launch the host array is the truth and
 * writes/reads touch it directly; the first launch uploads it (Aparapi creates the cl_mem from the
 * host array). From then on the device is the truth and the host copy of {@code mem} is stale:
 * {@link #write} is put(io) + a COPY_IN launch, {@link #read} a COPY_OUT launch + get(io). Only a
 * growth of the arena moves all of it (get, enlarge, put). Never rely on PoCL's zero copy.
 *
 * <p>A hazard Aparapi hides: it pins Java arrays only during a call, and when the JVM has moved
 * {@code mem} since the last launch it silently re-creates the cl_mem from the (stale) host array.
 * On a discrete GPU that would lose every device-side result. So: (1) on OpenCL the arena is at
 * least {@link #PINNED_FLOOR} floats, a humongous object that G1 on JDK 17 never moves; (2) element 0
 * is a canary, 0 in the host copy, set to 1 on the device by every launch; a read that finds 0 means
 * the device copy was rebuilt from the host and throws rather than return stale values.
 *
 * <p>On OpenCL a launch that Aparapi silently ran elsewhere (its thread pool) is an error.
 */
public final class AparapiBackend implements Backend {
    /** Op names by {@link DeviceKernel} op code, for messages and {@link #opsRun()}. */
    static final String[] OP_NAMES = {"copyIn", "copyOut", "fill", "copy", "add", "mul", "gemm", "addBias", "sumRows",
        "activate", "activateBackward", "softmax", "softmaxBackward", "dropout", "gaussianNoise", "loss", "sgd", "rmsprop",
        "adam", "im2col", "col2im", "swapAxes", "channelBias", "sumChannels", "maxPool", "maxPoolBackward", "avgPool",
        "avgPoolBackward", "copyStrided", "batchNorm", "batchNormBackward", "gather", "scatterRows", "tiledGemm", "partialGemm", "sumParts"};
    /**
     * A product on OpenCL of fewer work-items than this over at least two {@link #K_PART}s of k-steps is split along k:
     * a GPU runs thousands of work-items at once, and each of these would loop over all of k. The parts of K_PART k-steps
     * (the last shorter) go into a scratch tensor, then their sum in part order into C: the parts depend on the shape
     * alone, so the result does not depend on the device.
     */
    static final int FEW_ITEMS = 1024, K_PART = 1024;
    /** Just over 16 MiB of floats: humongous for every G1 region size (at most 32 MiB on JDK 17). */
    static final int PINNED_FLOOR = (16 << 20) / Float.BYTES + 1024;

    /** An arena slice. */
    static final class Slice implements Tensor {
        final int offset, size;

        Slice(int offset, int size) {
            this.offset = offset;
            this.size = size;
        }

        @Override
        public int size() {
            return size;
        }
    }

    private final DeviceKernel k = new DeviceKernel();
    private final Device device;
    private final boolean openCl;
    /**
     * Whether to keep the arena unmovable (see the class comment). Only a discrete GPU needs it, but
     * it costs PoCL nothing measurable, and this way CI runs the GPU's code path.
     */
    private final boolean guardMoves;
    private final String description;
    /** Element 0 is the canary. */
    private int used = 1;
    private boolean deviceIsTruth;
    /** False right after the whole arena was uploaded: the canary is 0 on the device until the next launch. */
    private boolean canaryArmed;
    private long launches;
    private final java.util.Set<String> opsRun = new java.util.TreeSet<>();
    /** Work-group size: the thread pool runs one Java thread per work-item of a group. */
    private final int groupSize;
    /**
     * Whether products run as the tiled GEMM (work-groups sharing blocks in local memory): on OpenCL, where groups are
     * exactly {@link DeviceKernel#TILE_GROUP}. Aparapi's thread pool would run a thread per work-item of such a group
     * and stop them all at every barrier; it keeps the plain GEMM.
     */
    private final boolean tiled;
    /** The parts of the last product split along k ({@link #splitK}); grown as needed. */
    private Slice partials;

    private AparapiBackend(Device device, String description) {
        this.device = device;
        this.openCl = device instanceof OpenCLDevice;
        this.guardMoves = openCl;
        this.description = description;
        this.groupSize = openCl ? Math.min(64, ((OpenCLDevice) device).getMaxWorkGroupSize())
                : Runtime.getRuntime().availableProcessors();
        this.tiled = openCl && groupSize == DeviceKernel.TILE_GROUP;
        k.setExplicit(true);
        KernelManager.instance().setPreferredDevices(k, new LinkedHashSet<>(List.of(device)));
    }

    /** On the given OpenCL device. */
    public static AparapiBackend openCl(OpenCLDevice device) {
        return new AparapiBackend(device, Devices.describe(device));
    }

    /** On Aparapi's Java thread pool. */
    public static AparapiBackend threadPool() {
        return new AparapiBackend(JavaDevice.THREAD_POOL, "Aparapi Java thread pool (" + Runtime.getRuntime().availableProcessors() + " threads)");
    }

    @Override
    public String name() {
        return openCl ? "opencl" : "jtp";
    }

    @Override
    public String device() {
        return description;
    }

    /** All tensors share one float array, whose element 0 is the canary. */
    @Override
    public long maxElements() {
        return org.layercanvas.engine.api.Shape.MAX_ELEMENTS - 1L;
    }

    @Override
    public long deviceMemory() {
        return openCl ? ((OpenCLDevice) device).getGlobalMemSize() : 0;
    }

    /** Number of kernel launches so far (each really ran where asked, or an exception said otherwise). */
    public long launches() {
        return launches;
    }

    /** The ops launched so far; every one of them ran where asked (a launch that did not threw). */
    public java.util.Set<String> opsRun() {
        return java.util.Collections.unmodifiableSet(opsRun);
    }

    /** Whether the last launch really ran on OpenCL (false on the thread pool). */
    public boolean lastRanOnOpenCl() {
        return k.isRunningCL();
    }

    /** Whether products run as the tiled GEMM. */
    boolean tiled() {
        return tiled;
    }

    /** For tests that simulate what Aparapi does behind the backend's back. */
    DeviceKernel kernel() {
        return k;
    }

    private static Slice s(Tensor t) {
        return (Slice) t;
    }

    @Override
    public Tensor allocate(int size) {
        ensureCapacity(used + size);
        Slice t = new Slice(used, size);
        used += size;
        if (deviceIsTruth && size > 0) {
            fill(t, 0f, size); // recycled arena space on the device may hold old values
        }
        return t;
    }

    private void ensureCapacity(int needed) {
        if (needed <= k.mem.length) {
            return;
        }
        if (deviceIsTruth) {
            k.get(k.mem);
        }
        k.mem = java.util.Arrays.copyOf(k.mem, Math.max(needed, k.mem.length * 2));
        if (deviceIsTruth) {
            upload();
        }
    }

    /** Makes the host arena the device's content: the canary goes up as 0 and is not checked until a launch sets it. */
    private void upload() {
        if (guardMoves && k.mem.length < PINNED_FLOOR) {
            k.mem = java.util.Arrays.copyOf(k.mem, PINNED_FLOOR);
        }
        k.mem[0] = 0f;
        k.put(k.mem).put(k.io); // before the first execute put() is a no-op: Aparapi then creates the buffers from the host arrays
        canaryArmed = false;
    }

    @Override
    public void write(Tensor dst, float[] src, int srcOffset, int length) {
        if (!deviceIsTruth) {
            System.arraycopy(src, srcOffset, k.mem, s(dst).offset, length);
            return;
        }
        ensureStaging(length);
        System.arraycopy(src, srcOffset, k.io, 0, length);
        k.put(k.io);
        k.oA = s(dst).offset;
        launch(DeviceKernel.COPY_IN, length);
    }

    @Override
    public void read(Tensor src, float[] dst, int dstOffset, int length) {
        if (!deviceIsTruth) {
            System.arraycopy(k.mem, s(src).offset, dst, dstOffset, length);
            return;
        }
        if (length <= 0) {
            return;
        }
        ensureStaging(length);
        boolean check = canaryArmed;
        k.oA = s(src).offset;
        launch(DeviceKernel.COPY_OUT, length);
        k.get(k.io);
        if (check && k.io[length] != 1f) {
            throw new IllegalStateException("device memory lost on " + description + ": Aparapi re-created the arena's"
                    + " OpenCL buffer from the stale host copy (the JVM moved the array between launches)");
        }
        System.arraycopy(k.io, 0, dst, dstOffset, length);
    }

    /** io holds a transfer plus the canary slot. A new array needs no put(): Aparapi creates its buffer from it. */
    private void ensureStaging(int length) {
        if (k.io.length < length + 1) {
            k.io = new float[length + 1];
        }
    }

    private void launch(int op, int globalSize) {
        if (globalSize <= 0) {
            return;
        }
        if (!deviceIsTruth) {
            upload();
            deviceIsTruth = true;
        }
        k.op = op;
        k.limit = globalSize;
        k.execute(Range.create(device, (globalSize + groupSize - 1) / groupSize * groupSize, groupSize));
        launches++;
        if (openCl != k.isRunningCL()) {
            throw new IllegalStateException(openCl
                    ? "Aparapi fell back to the Java thread pool for DeviceKernel op " + OP_NAMES[op] + ": it could not run on "
                            + description + " (ran on " + k.getTargetDevice() + ")"
                    : "Aparapi ran DeviceKernel op " + OP_NAMES[op] + " on OpenCL although the Java thread pool was asked for");
        }
        opsRun.add(OP_NAMES[op]);
        canaryArmed = true;
    }

    @Override
    public void fill(Tensor t, float value, int n) {
        k.oA = s(t).offset;
        k.alpha = value;
        launch(DeviceKernel.FILL, n);
    }

    @Override
    public void copy(Tensor src, Tensor dst, int n) {
        k.oA = s(src).offset;
        k.oB = s(dst).offset;
        launch(DeviceKernel.COPY, n);
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out, int n) {
        abc(a, b, out);
        launch(DeviceKernel.ADD, n);
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out, int n) {
        abc(a, b, out);
        launch(DeviceKernel.MUL, n);
    }

    private void abc(Tensor a, Tensor b, Tensor c) {
        k.oA = s(a).offset;
        k.oB = s(b).offset;
        k.oC = s(c).offset;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int kk, Tensor a, Tensor b, float beta, Tensor c) {
        gemm(transA, transB, m, n, kk, a, b, beta, c, 0, null, Activation.LINEAR, 0f, null, 0);
    }

    /** The bias and the activation are applied by the GEMM's work-items as they store C: no further pass over it. */
    @Override
    public void gemmBiasActivation(boolean transA, boolean transB, int m, int n, int kk, Tensor a, Tensor b, Tensor c, Tensor bias,
                                   Activation f, float alpha, Tensor y) {
        gemm(transA, transB, m, n, kk, a, b, 0f, c, bias == null ? 0 : 1, bias, f, alpha, y, 0);
    }

    /**
     * The GEMM op with its epilogue: a bias per column (biasAxis 1) or row (2) of C, none (0); the activation f into y unless
     * f is LINEAR; C stored as [n / positions, m, positions] when positions &gt; 0 (see {@link DeviceKernel#biasAxis}).
     */
    private void gemm(boolean transA, boolean transB, int m, int n, int kk, Tensor a, Tensor b, float beta, Tensor c, int biasAxis, Tensor bias,
                      Activation f, float alpha, Tensor y, int positions) {
        checkElementwise(f);
        int items = m * ((n + DeviceKernel.GEMM_COLS - 1) / DeviceKernel.GEMM_COLS);
        boolean split = openCl && items < FEW_ITEMS && kk >= 2 * K_PART && positions == 0 && f == Activation.LINEAR;
        int parts = (kk + K_PART - 1) / K_PART;
        if (split && (partials == null || partials.size < parts * m * n)) {
            // before the fields are set: a fresh tensor is zeroed by a launch of its own
            partials = (Slice) allocate(parts * m * n); // kept: the arena does not free, and the next batch needs the same
        }
        abc(a, b, c);
        k.m = m;
        k.n = n;
        k.k = kk;
        k.transA = transA ? 1 : 0;
        k.transB = transB ? 1 : 0;
        k.beta = beta;
        k.biasAxis = bias == null ? 0 : biasAxis;
        k.oBias = bias == null ? 0 : s(bias).offset;
        k.activated = f == Activation.LINEAR ? 0 : 1;
        k.oY = f == Activation.LINEAR ? 0 : s(y).offset;
        k.code = f.ordinal();
        k.alpha = alpha;
        k.positions = positions;
        if (split) {
            k.oD = partials.offset;
            k.kPart = K_PART;
            k.parts = parts;
            launch(DeviceKernel.PARTIAL_GEMM, parts * items);
            launch(DeviceKernel.SUM_PARTS, m * n);
            return;
        }
        // a product of fewer rows than half a tile (a convolution's 6 filters) would leave most of each tile idle: on PoCL
        // LeNet-5's first convolution took 17.5 ms tiled against 12.7 ms plain, its second (16 filters) 12.0 against 24.0
        if (tiled && m >= DeviceKernel.TILE / 2) {
            int tiles = ((m + DeviceKernel.TILE - 1) / DeviceKernel.TILE) * ((n + DeviceKernel.TILE - 1) / DeviceKernel.TILE);
            launch(DeviceKernel.TILED_GEMM, tiles * DeviceKernel.TILE_GROUP);
        } else {
            launch(DeviceKernel.GEMM, m * ((n + DeviceKernel.GEMM_COLS - 1) / DeviceKernel.GEMM_COLS));
        }
    }

    @Override
    public void addBias(Tensor x, Tensor bias, int rows, int cols) {
        k.oA = s(x).offset;
        k.oB = s(bias).offset;
        k.cols = cols;
        launch(DeviceKernel.ADD_BIAS, rows * cols);
    }

    @Override
    public void sumRows(Tensor x, Tensor out, int rows, int cols, float beta) {
        k.oA = s(x).offset;
        k.oB = s(out).offset;
        k.rows = rows;
        k.cols = cols;
        k.beta = beta;
        launch(DeviceKernel.SUM_ROWS, cols);
    }

    @Override
    public void activate(Activation f, float alpha, Tensor x, Tensor y, int n) {
        checkElementwise(f);
        k.oA = s(x).offset;
        k.oB = s(y).offset;
        k.code = f.ordinal();
        k.alpha = alpha;
        launch(DeviceKernel.ACTIVATE, n);
    }

    @Override
    public void activateBackward(Activation f, float alpha, Tensor x, Tensor y, Tensor dy, Tensor dx, int n) {
        checkElementwise(f);
        abc(x, y, dy);
        k.oD = s(dx).offset;
        k.code = f.ordinal();
        k.alpha = alpha;
        launch(DeviceKernel.ACTIVATE_BACKWARD, n);
    }

    private static void checkElementwise(Activation f) {
        if (f.rowWise()) {
            throw new IllegalArgumentException(f.key() + " is row-wise: use softmax() or logSoftmax()");
        }
    }

    @Override
    public void softmax(Tensor x, Tensor y, int rows, int cols) {
        rowSoftmax(x, y, rows, cols, 0);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols) {
        rowSoftmaxBackward(y, dy, dx, rows, cols, 0);
    }

    @Override
    public void logSoftmax(Tensor x, Tensor y, int rows, int cols) {
        rowSoftmax(x, y, rows, cols, 1);
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols) {
        rowSoftmaxBackward(y, dy, dx, rows, cols, 1);
    }

    /** The SOFTMAX op; {@code log} 1 for log-softmax. */
    private void rowSoftmax(Tensor x, Tensor y, int rows, int cols, int log) {
        k.oA = s(x).offset;
        k.oB = s(y).offset;
        k.cols = cols;
        k.flag = log;
        launch(DeviceKernel.SOFTMAX, rows);
    }

    private void rowSoftmaxBackward(Tensor y, Tensor dy, Tensor dx, int rows, int cols, int log) {
        abc(y, dy, dx);
        k.cols = cols;
        k.flag = log;
        launch(DeviceKernel.SOFTMAX_BACKWARD, rows);
    }

    @Override
    public void dropout(Tensor x, Tensor mask, Tensor y, int n, float rate, long seed) {
        abc(x, mask, y);
        k.alpha = rate;
        seed(seed);
        launch(DeviceKernel.DROPOUT, n);
    }

    @Override
    public void addGaussianNoise(Tensor x, Tensor y, int n, float stddev, long seed) {
        k.oA = s(x).offset;
        k.oB = s(y).offset;
        k.alpha = stddev;
        seed(seed);
        launch(DeviceKernel.NOISE, n);
    }

    private void seed(long seed) {
        k.seedLo = (int) seed;
        k.seedHi = (int) (seed >>> 32);
    }

    @Override
    public void loss(LossKind kind, boolean fromLogits, Tensor pred, Tensor target, Tensor dPred, Tensor lossPerRow, int rows, int cols) {
        abc(pred, target, dPred);
        k.oD = s(lossPerRow).offset;
        k.code = kind.ordinal();
        k.flag = fromLogits ? 1 : 0;
        k.rows = rows;
        k.cols = cols;
        launch(DeviceKernel.LOSS, rows);
    }

    @Override
    public void sgdStep(Tensor p, Tensor g, Tensor velocity, int n, float lr, float momentum, boolean nesterov) {
        k.oA = s(p).offset;
        k.oB = s(g).offset;
        k.oC = velocity == null ? 0 : s(velocity).offset;
        k.lr = lr;
        k.p1 = momentum;
        k.flag = nesterov ? 1 : 0;
        launch(DeviceKernel.SGD, n);
    }

    @Override
    public void rmspropStep(Tensor p, Tensor g, Tensor sq, int n, float lr, float rho, float eps) {
        abc(p, g, sq);
        k.lr = lr;
        k.p1 = rho;
        k.p2 = eps;
        launch(DeviceKernel.RMSPROP, n);
    }

    @Override
    public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, int n, float lr, float beta1, float beta2, float eps, int t) {
        abc(p, g, m);
        k.oD = s(v).offset;
        // the bias corrections fold into the step size, computed once here in double
        k.lr = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        k.p1 = beta1;
        k.p2 = beta2;
        k.p3 = eps;
        launch(DeviceKernel.ADAM, n);
    }

    private void window(Window2D g, int batch) {
        k.wc = g.channels();
        k.wh = g.height();
        k.ww = g.width();
        k.wkh = g.kh();
        k.wkw = g.kw();
        k.wsh = g.strideH();
        k.wsw = g.strideW();
        k.wdh = g.dilationH();
        k.wdw = g.dilationW();
        k.wpt = g.padTop();
        k.wpl = g.padLeft();
        k.woh = g.outH();
        k.wow = g.outW();
        k.batch = batch;
    }

    @Override
    public void im2col(Tensor x, Tensor cols, Window2D g, int batch) {
        k.oA = s(x).offset;
        k.oB = s(cols).offset;
        window(g, batch);
        launch(DeviceKernel.IM2COL, g.patch() * batch * g.positions());
    }

    /**
     * The windows unfolded, then one GEMM that stores its product in y's [batch, filters, positions] layout itself, so
     * neither the product by filter nor an axis swap after it (the interface's default) is needed; byFilter stays unused.
     */
    @Override
    public void convolution(Tensor x, Tensor weight, Tensor y, Window2D g, int filters, int batch, Tensor cols, Tensor byFilter) {
        convolutionBiasActivation(x, weight, y, g, filters, batch, cols, byFilter, null, Activation.LINEAR, 0f, null);
    }

    /** As {@link #convolution}, the GEMM adding each filter's bias and applying the activation as it stores the product. */
    @Override
    public void convolutionBiasActivation(Tensor x, Tensor weight, Tensor y, Window2D g, int filters, int batch, Tensor cols, Tensor byFilter,
                                          Tensor bias, Activation f, float alpha, Tensor activated) {
        im2col(x, cols, g, batch);
        gemm(false, false, filters, batch * g.positions(), g.patch(), weight, cols, 0f, y, 2, bias, f, alpha, activated, g.positions());
    }

    @Override
    public void col2im(Tensor cols, Tensor dx, Window2D g, int batch) {
        k.oA = s(cols).offset;
        k.oB = s(dx).offset;
        window(g, batch);
        launch(DeviceKernel.COL2IM, batch * g.inSize());
    }

    @Override
    public void swapAxes(Tensor in, Tensor out, int a, int b, int c) {
        k.oA = s(in).offset;
        k.oB = s(out).offset;
        k.m = a;
        k.n = b;
        k.k = c;
        launch(DeviceKernel.SWAP_AXES, a * b * c);
    }

    @Override
    public void addChannelBias(Tensor x, Tensor bias, int batch, int channels, int size) {
        k.oA = s(x).offset;
        k.oB = s(bias).offset;
        k.m = channels;
        k.n = size;
        launch(DeviceKernel.CHANNEL_BIAS, batch * channels * size);
    }

    @Override
    public void sumChannels(Tensor x, Tensor out, int batch, int channels, int size) {
        k.oA = s(x).offset;
        k.oB = s(out).offset;
        k.m = channels;
        k.n = size;
        k.batch = batch;
        launch(DeviceKernel.SUM_CHANNELS, channels);
    }

    @Override
    public void maxPool(Tensor x, Tensor y, Tensor argmax, Window2D g, int batch) {
        abc(x, y, argmax);
        window(g, batch);
        launch(DeviceKernel.MAX_POOL, batch * g.channels() * g.positions());
    }

    @Override
    public void maxPoolBackward(Tensor dy, Tensor argmax, Tensor dx, Window2D g, int batch) {
        abc(dy, argmax, dx);
        window(g, batch);
        launch(DeviceKernel.MAX_POOL_BACKWARD, batch * g.inSize());
    }

    @Override
    public void avgPool(Tensor x, Tensor y, Window2D g, int batch) {
        k.oA = s(x).offset;
        k.oB = s(y).offset;
        window(g, batch);
        launch(DeviceKernel.AVG_POOL, batch * g.channels() * g.positions());
    }

    @Override
    public void avgPoolBackward(Tensor dy, Tensor dx, Window2D g, int batch) {
        k.oA = s(dy).offset;
        k.oB = s(dx).offset;
        window(g, batch);
        launch(DeviceKernel.AVG_POOL_BACKWARD, batch * g.inSize());
    }

    @Override
    public void copyStrided(Tensor src, int srcStride, int srcOffset, Tensor dst, int dstStride, int dstOffset, int rows, int cols) {
        k.oA = s(src).offset;
        k.oB = s(dst).offset;
        k.m = srcStride;
        k.n = dstStride;
        k.k = cols;
        k.wpt = srcOffset;
        k.wpl = dstOffset;
        launch(DeviceKernel.COPY_STRIDED, rows * cols);
    }

    @Override
    public void gather(Tensor table, Tensor index, Tensor out, int rows, int cols, int tableRows) {
        k.oA = s(table).offset;
        k.oB = s(index).offset;
        k.oC = s(out).offset;
        k.cols = cols;
        k.n = tableRows;
        launch(DeviceKernel.GATHER, rows * cols);
    }

    @Override
    public void scatterRows(Tensor d, Tensor index, Tensor dTable, int rows, int cols, int tableRows) {
        abc(d, index, dTable);
        k.rows = rows;
        k.cols = cols;
        k.n = tableRows;
        launch(DeviceKernel.SCATTER_ROWS, cols);
    }

    @Override
    public void batchNorm(Tensor x, Tensor y, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd, Tensor runMean, Tensor runVar,
                          int batch, int channels, int size, float momentum, float eps, boolean training) {
        abc(x, y, gamma);
        k.oD = s(beta).offset;
        k.oE = s(mean).offset;
        k.oF = s(invStd).offset;
        k.oG = s(runMean).offset;
        k.oH = s(runVar).offset;
        k.batch = batch;
        k.m = channels;
        k.n = size;
        k.p1 = momentum;
        k.p2 = eps;
        k.flag = training ? 1 : 0;
        launch(DeviceKernel.BATCH_NORM, channels);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor mean, Tensor invStd, Tensor dx, Tensor dgamma, Tensor dbeta,
                                  int batch, int channels, int size) {
        abc(x, dy, gamma);
        k.oD = s(mean).offset;
        k.oE = s(invStd).offset;
        k.oF = s(dx).offset;
        k.oG = s(dgamma).offset;
        k.oH = s(dbeta).offset;
        k.batch = batch;
        k.m = channels;
        k.n = size;
        launch(DeviceKernel.BATCH_NORM_BACKWARD, channels);
    }

    @Override
    public void close() {
        k.dispose();
    }
}
