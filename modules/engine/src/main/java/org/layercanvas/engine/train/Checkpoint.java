package org.layercanvas.engine.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.reference.ReferenceBackend;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Tensor;

/**
 * Everything a trainer needs to continue a run exactly where it left off: tensors (the weights under
 * their own names, batch-norm running statistics among them; the optimizer's state under
 * {@code optimizer/…}; a part-done epoch's predictions under {@code trainer/…}) and text metadata (epoch,
 * next batch, step, random generator states, running sums). A trainer makes one with its
 * {@code fit(…, saver, from)} and takes one back there; the run folder keeps it as safetensors.
 * Values are kept as the backend holds them: the java reference backend computes in double precision,
 * so its state is saved as doubles (F64), which a resume needs to continue bit for bit; other backends' as floats.
 *
 * @param tensors  as named above
 * @param metadata the keys below; values as {@link String#valueOf} writes them (doubles round-trip exactly)
 */
public record Checkpoint(List<Values> tensors, Map<String, String> metadata) {
    /** One saved tensor; {@code doublePrecision} when its backend holds it as doubles (else every value is a float). */
    public record Values(String name, Shape shape, double[] values, boolean doublePrecision) {
        /** Whether every value is a number (neither NaN nor infinite). */
        public boolean finite() {
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }

        /** As a weights-file tensor named {@code newName}. */
        public WeightTensor toWeights(String newName) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return new WeightTensor(newName, shape, f);
        }
    }

    /** The epoch to continue in (1-based; planned epochs + 1 when all are done) and the batch to start it at. */
    public static final String EPOCH = "epoch", BATCH = "batch", STEP = "step";
    /** The shuffle generator's state before the epoch's order was drawn, and now (a GAN draws its noise from it too). */
    static final String RANDOM_AT_EPOCH_START = "random_at_epoch_start", RANDOM_NOW = "random_now";
    static final String SEED = "seed", LOSS_SUM = "loss_sum", SEEN = "seen", BEST = "best_val_loss", SINCE_BEST = "epochs_since_best",
            G_LOSS_SUM = "g_loss_sum";
    static final String OPTIMIZER = "optimizer/", PREDICTIONS = "trainer/epoch_predictions";

    public Checkpoint {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    /** The batches trained (over all epochs) when this checkpoint was taken. */
    public long step() {
        return longValue(STEP);
    }

    /** The epochs completed when this checkpoint was taken. */
    public int completedEpochs() {
        return integer(EPOCH) - 1; // the epoch named is in progress (batch > 0) or about to start (batch 0)
    }

    /** @throws IllegalArgumentException naming a key that is missing or not a number */
    int integer(String key) {
        return (int) number(key);
    }

    long longValue(String key) {
        try {
            return Long.parseLong(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint field '" + key + "' is not a whole number: " + text(key), e);
        }
    }

    double number(String key) {
        try {
            return Double.parseDouble(text(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint field '" + key + "' is not a number: " + text(key), e);
        }
    }

    String text(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the checkpoint has no '" + key + "' field");
        }
        return v;
    }

    /** The values of the tensor named {@code name}. @throws IllegalArgumentException when there is none */
    double[] tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the checkpoint has no tensor '" + name + "'")).values();
    }

    /** Adds a plan's weights and its optimizer's state, names prefixed with {@code prefix} (a GAN's network). */
    static void capture(List<Values> out, String prefix, Plan plan, Optimizer optimizer) {
        Backend b = plan.backend();
        for (Parameter p : plan.parameters()) {
            out.add(read(b, prefix + p.qualifiedName(), p.spec().shape(), p.value()));
        }
        for (Optimizer.StateTensor s : optimizer.state(b, plan.parameters())) {
            out.add(read(b, OPTIMIZER + prefix + s.name(), s.parameter().spec().shape(), s.tensor()));
        }
    }

    /** Puts back what {@link #capture} took. @throws IllegalArgumentException when a tensor is missing or does not fit */
    void restore(String prefix, Plan plan, Optimizer optimizer) {
        Backend b = plan.backend();
        for (Parameter p : plan.parameters()) {
            write(b, prefix + p.qualifiedName(), p.size(), p.value());
        }
        for (Optimizer.StateTensor s : optimizer.state(b, plan.parameters())) {
            write(b, OPTIMIZER + prefix + s.name(), s.parameter().size(), s.tensor());
        }
    }

    private static Values read(Backend b, String name, Shape shape, Tensor t) {
        if (b instanceof ReferenceBackend reference) {
            return new Values(name, shape, java.util.Arrays.copyOf(reference.readDouble(t), shape.size()), true);
        }
        float[] f = new float[shape.size()];
        b.read(t, f, 0, f.length);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return new Values(name, shape, d, false);
    }

    private void write(Backend b, String name, int size, Tensor t) {
        double[] v = tensor(name);
        if (v.length != size) {
            throw new IllegalArgumentException("checkpoint tensor '" + name + "' has " + v.length + " values, the network needs " + size);
        }
        if (b instanceof ReferenceBackend reference) {
            reference.writeDouble(t, v);
            return;
        }
        float[] f = new float[size];
        for (int i = 0; i < size; i++) {
            f[i] = (float) v[i];
        }
        b.write(t, f, 0, size);
    }

    /** Metadata under construction, in a stable order. */
    static Map<String, String> metadata(long seed, int epoch, int batch, int step) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SEED, String.valueOf(seed));
        m.put(EPOCH, String.valueOf(epoch));
        m.put(BATCH, String.valueOf(batch));
        m.put(STEP, String.valueOf(step));
        return m;
    }

    /** @throws IllegalArgumentException when the checkpoint was made with another seed than {@code seed} */
    void checkSeed(long seed) {
        if (longValue(SEED) != seed) {
            throw new IllegalArgumentException("the checkpoint was made with seed " + text(SEED) + ", the project now says " + seed);
        }
    }
}
