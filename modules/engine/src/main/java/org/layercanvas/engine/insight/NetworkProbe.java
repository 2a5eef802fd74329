package org.layercanvas.engine.insight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.compile.Parameter;
import org.layercanvas.engine.compile.Plan;
import org.layercanvas.engine.spi.Backend;

/**
 * Looks inside one compiled network between training steps: parameter and gradient statistics, the
 * update-to-parameter ratio, and every node's activations on a fixed probe batch. The ratio needs two
 * consecutive steps, so a look is {@link #before} one step and {@link #after} the next. Runs on the
 * training thread (it reads the backend).
 */
final class NetworkProbe {
    static final int BINS = 30;
    /**
     * Values looked at per tensor: a larger one is described by its first this many (a prefix of a weight
     * matrix is rows of it, as representative as any), so a look at a 100-million-parameter model does not
     * copy gigabytes to the heap.
     */
    static final int MAX_VALUES = 1 << 20;

    private final String prefix;
    private final Plan plan;
    private final float[] probe;
    private final int probeRows;
    private final Map<String, float[]> before = new HashMap<>();

    /**
     * @param prefix prepended to names ("generator/" in a GAN, else "")
     * @param probe  {@code probeRows} input rows, at most the plan's batch size
     */
    NetworkProbe(String prefix, Plan plan, float[] probe, int probeRows) {
        this.prefix = prefix;
        this.plan = plan;
        this.probe = probe;
        this.probeRows = Math.min(probeRows, plan.maxBatch());
    }

    /** Remembers the current values of every trainable parameter. */
    void before() {
        before.clear();
        for (Parameter p : trainable()) {
            before.put(p.qualifiedName(), read(p.value(), Math.min(p.size(), MAX_VALUES)));
        }
    }

    /** Statistics of every trainable parameter after one more step, against {@link #before}. */
    List<LayerSnapshot.ParamStats> after() {
        List<LayerSnapshot.ParamStats> out = new ArrayList<>();
        for (Parameter p : trainable()) {
            int n = Math.min(p.size(), MAX_VALUES);
            float[] w = read(p.value(), n), g = read(p.grad(), n);
            float[] old = before.get(p.qualifiedName());
            Summary ws = Summary.of(w, 0, w.length), gs = Summary.of(g, 0, g.length);
            double norm = old == null ? 0 : Summary.norm(old, 0, old.length);
            // a tensor that was all zeros (a bias at its initial value) has no ratio to speak of
            double ratio = norm > 0 ? Summary.l2Distance(w, old, 0, w.length) / norm : Double.NaN;
            out.add(new LayerSnapshot.ParamStats(prefix + p.qualifiedName(), ws, gs, ratio,
                    ws.histogram(w, 0, w.length, BINS), gs.histogram(g, 0, g.length, BINS)));
        }
        before.clear();
        return out;
    }

    /** Every node's output on the probe batch in inference mode. */
    List<LayerSnapshot.ActivationStats> activations() {
        List<LayerSnapshot.ActivationStats> out = new ArrayList<>();
        if (probeRows == 0) {
            return out;
        }
        plan.predict(probe, probeRows);
        for (String id : plan.nodeIds()) {
            int n = Math.min(probeRows * plan.shapeOf(id).size(), MAX_VALUES);
            float[] a = read(plan.outputOf(id), n);
            Summary s = Summary.of(a, 0, n);
            out.add(new LayerSnapshot.ActivationStats(prefix + id, s, s.histogram(a, 0, n, BINS)));
        }
        return out;
    }

    private List<Parameter> trainable() {
        return plan.parameters().stream().filter(p -> p.grad() != null).toList();
    }

    private float[] read(org.layercanvas.engine.spi.Tensor t, int n) {
        Backend b = plan.backend();
        float[] v = new float[n];
        b.read(t, v, 0, n);
        return v;
    }
}
