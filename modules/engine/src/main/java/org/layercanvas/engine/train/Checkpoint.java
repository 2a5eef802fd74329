package org.layercanvas.engine.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.WeightTensor;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.spi.Backend;

/**
 * Everything a trainer needs to continue a run exactly where it left off: tensors (the weights under
 * their own names, batch-norm running statistics among them; the optimizer's state under
 * {@code optimizer/…}; a part-done epoch's predictions under {@code trainer/…}) and text metadata (epoch,
 * next batch, step, random generator states, running sums). A trainer makes one with its
 * {@code fit(…, saver, from)} and takes one back there; the run folder keeps it as safetensors.
 *
 * @param tensors  as named above
 * @param metadata the keys below; values as {@link String#valueOf} writes them (doubles round-trip exactly)
 */
public record Checkpoint(List<WeightTensor> tensors, Map<String, String> metadata) {
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

    /** The tensor named {@code name}. @throws IllegalArgumentException when there is none */
    float[] tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the checkpoint has no tensor '" + name + "'")).values();
    }

    /** Adds a plan's weights and its optimizer's state, names prefixed with {@code prefix} (a GAN's network). */
    static void capture(List<WeightTensor> out, String prefix, Plan plan, Optimizer optimizer) {
        for (WeightTensor w : plan.weights()) {
            out.add(new WeightTensor(prefix + w.name(), w.shape(), w.values()));
        }
        Backend b = plan.backend();
        for (Optimizer.StateTensor s : optimizer.state(b, plan.parameters())) {
            float[] v = new float[s.parameter().size()];
            b.read(s.tensor(), v, 0, v.length);
            out.add(new WeightTensor(OPTIMIZER + prefix + s.name(), s.parameter().spec().shape(), v));
        }
    }

    /** Puts back what {@link #capture} took. @throws IllegalArgumentException when a tensor is missing or does not fit */
    void restore(String prefix, Plan plan, Optimizer optimizer) {
        Map<String, WeightTensor> byName = new HashMap<>();
        tensors.forEach(t -> byName.put(t.name(), t));
        List<WeightTensor> weights = new ArrayList<>();
        for (var p : plan.parameters()) {
            WeightTensor w = byName.get(prefix + p.qualifiedName());
            if (w == null) {
                throw new IllegalArgumentException("the checkpoint has no tensor '" + prefix + p.qualifiedName() + "'");
            }
            weights.add(new WeightTensor(p.qualifiedName(), w.shape(), w.values()));
        }
        plan.loadWeights(weights);
        Backend b = plan.backend();
        for (Optimizer.StateTensor s : optimizer.state(b, plan.parameters())) {
            float[] v = tensor(OPTIMIZER + prefix + s.name());
            if (v.length != s.parameter().size()) {
                throw new IllegalArgumentException("checkpoint tensor '" + OPTIMIZER + prefix + s.name() + "' has " + v.length + " values, not "
                        + s.parameter().size());
            }
            b.write(s.tensor(), v, 0, v.length);
        }
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
