package org.layercanvas.formats.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.insight.ConfusionMatrix;
import org.layercanvas.engine.insight.DecisionBoundary;
import org.layercanvas.engine.insight.Diagnostics;
import org.layercanvas.engine.insight.Histogram;
import org.layercanvas.engine.insight.ImageSet;
import org.layercanvas.engine.insight.KolmogorovSmirnov;
import org.layercanvas.engine.insight.LayerSnapshot;
import org.layercanvas.engine.insight.OvertrainingCheck;
import org.layercanvas.engine.insight.RocCurve;
import org.layercanvas.engine.insight.Summary;

/**
 * The JSON form of the run records in {@code insights.jsonl}: one codec per record, writing and
 * reading the same field names. Non-finite numbers are written as JSON null and read back as NaN, except
 * in number arrays (ROC points), which keep ±∞ as the strings "Infinity" and "-Infinity".
 */
final class InsightJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private InsightJson() {
    }

    /** NaN as null; ±∞ as the strings "Infinity" / "-Infinity" (a diverged loss stays infinite when read back). */
    static void put(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, Double.toString(v));
        }
    }

    static double num(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? Double.NaN : v.isTextual() ? parse(v.asText()) : v.asDouble();
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static ObjectNode summary(Summary s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("count", s.count());
        put(o, "mean", s.mean());
        put(o, "std", s.std());
        put(o, "min", s.min());
        put(o, "max", s.max());
        put(o, "l2", s.l2Norm());
        put(o, "zeros", s.zeroFraction());
        put(o, "non_finite", s.nonFiniteFraction());
        return o;
    }

    static Summary summary(JsonNode o) {
        return new Summary(o.get("count").asLong(), num(o, "mean"), num(o, "std"), num(o, "min"), num(o, "max"), num(o, "l2"),
                num(o, "zeros"), num(o, "non_finite"));
    }

    static ObjectNode histogram(Histogram h) {
        ObjectNode o = JSON.createObjectNode();
        put(o, "lo", h.lo());
        put(o, "hi", h.hi());
        ArrayNode c = o.putArray("counts");
        for (long v : h.counts()) {
            c.add(v);
        }
        o.put("underflow", h.underflow());
        o.put("overflow", h.overflow());
        o.put("non_finite", h.nonFinite());
        return o;
    }

    static Histogram histogram(JsonNode o) {
        JsonNode c = o.get("counts");
        long[] counts = new long[c.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = c.get(i).asLong();
        }
        return Histogram.fromCounts(num(o, "lo"), num(o, "hi"), counts, o.get("underflow").asLong(), o.get("overflow").asLong(),
                o.get("non_finite").asLong());
    }

    static ObjectNode snapshot(LayerSnapshot s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "layers");
        o.put("step", s.step());
        o.put("epoch", s.epoch());
        ArrayNode params = o.putArray("params");
        for (LayerSnapshot.ParamStats p : s.params()) {
            ObjectNode po = params.addObject();
            po.put("name", p.name());
            po.set("weights", summary(p.weights()));
            po.set("gradients", summary(p.gradients()));
            put(po, "update_ratio", p.updateRatio());
            po.set("weight_histogram", histogram(p.weightHistogram()));
            po.set("gradient_histogram", histogram(p.gradientHistogram()));
        }
        ArrayNode acts = o.putArray("activations");
        for (LayerSnapshot.ActivationStats a : s.activations()) {
            ObjectNode ao = acts.addObject();
            ao.put("node", a.nodeId());
            ao.set("summary", summary(a.summary()));
            ao.set("histogram", histogram(a.histogram()));
        }
        if (s.boundary() != null) {
            o.set("boundary", boundary(s.boundary()));
        }
        return o;
    }

    static LayerSnapshot snapshot(JsonNode o) {
        List<LayerSnapshot.ParamStats> params = new ArrayList<>();
        for (JsonNode p : o.get("params")) {
            params.add(new LayerSnapshot.ParamStats(p.get("name").asText(), summary(p.get("weights")), summary(p.get("gradients")),
                    num(p, "update_ratio"), histogram(p.get("weight_histogram")), histogram(p.get("gradient_histogram"))));
        }
        List<LayerSnapshot.ActivationStats> acts = new ArrayList<>();
        for (JsonNode a : o.get("activations")) {
            acts.add(new LayerSnapshot.ActivationStats(a.get("node").asText(), summary(a.get("summary")), histogram(a.get("histogram"))));
        }
        return new LayerSnapshot(o.get("step").asLong(), o.get("epoch").asInt(), params, acts,
                o.has("boundary") ? boundary(o.get("boundary")) : null);
    }

    static ObjectNode diagnostics(Diagnostics d) {
        ObjectNode o = JSON.createObjectNode();
        if (d.data() != null) {
            o.put("data", d.data());
        }
        if (d.confusion() != null) {
            ArrayNode rows = o.putArray("confusion");
            for (int t = 0; t < d.confusion().classes(); t++) {
                ArrayNode row = rows.addArray();
                for (int p = 0; p < d.confusion().classes(); p++) {
                    row.add(d.confusion().count(t, p));
                }
            }
        }
        if (d.roc() != null) {
            ObjectNode r = o.putObject("roc");
            put(r, "auc", d.roc().auc());
            doubles(r.putArray("fpr"), d.roc().falsePositiveRate());
            doubles(r.putArray("tpr"), d.roc().truePositiveRate());
            doubles(r.putArray("thresholds"), d.roc().thresholds());
        }
        if (d.overtraining() != null) {
            OvertrainingCheck c = d.overtraining();
            ObjectNode t = o.putObject("overtraining");
            t.set("signal_train", histogram(c.signalTrain()));
            t.set("background_train", histogram(c.backgroundTrain()));
            t.set("signal_test", histogram(c.signalTest()));
            t.set("background_test", histogram(c.backgroundTest()));
            t.set("signal_ks", ks(c.signalKs()));
            t.set("background_ks", ks(c.backgroundKs()));
        }
        if (d.boundary() != null) {
            o.set("boundary", boundary(d.boundary()));
        }
        if (d.images() != null) {
            ImageSet i = d.images();
            ObjectNode io = o.putObject("images");
            io.put("caption", i.caption());
            io.put("count", i.count());
            io.put("channels", i.channels());
            io.put("height", i.height());
            io.put("width", i.width());
            io.put("columns", i.columns());
            floats(io.putArray("pixels"), i.pixels());
        }
        return o;
    }

    static Diagnostics diagnostics(JsonNode o) {
        if (o == null || o.isEmpty()) {
            return Diagnostics.NONE;
        }
        ConfusionMatrix confusion = null;
        if (o.has("confusion")) {
            JsonNode rows = o.get("confusion");
            long[][] counts = new long[rows.size()][rows.size()];
            for (int t = 0; t < counts.length; t++) {
                for (int p = 0; p < counts.length; p++) {
                    counts[t][p] = rows.get(t).get(p).asLong();
                }
            }
            confusion = ConfusionMatrix.fromCounts(counts);
        }
        RocCurve roc = o.has("roc") ? RocCurve.fromPoints(doubles(o.get("roc").get("fpr")), doubles(o.get("roc").get("tpr")),
                doubles(o.get("roc").get("thresholds"))) : null;
        OvertrainingCheck over = null;
        if (o.has("overtraining")) {
            JsonNode t = o.get("overtraining");
            over = new OvertrainingCheck(histogram(t.get("signal_train")), histogram(t.get("background_train")),
                    histogram(t.get("signal_test")), histogram(t.get("background_test")), ks(t.get("signal_ks")), ks(t.get("background_ks")));
        }
        ImageSet images = null;
        if (o.has("images")) {
            JsonNode i = o.get("images");
            images = new ImageSet(i.get("caption").asText(), i.get("count").asInt(), i.get("channels").asInt(), i.get("height").asInt(),
                    i.get("width").asInt(), i.get("columns").asInt(), floats(i.get("pixels")));
        }
        return new Diagnostics(o.has("data") ? o.get("data").asText() : null, confusion, roc, over,
                o.has("boundary") ? boundary(o.get("boundary")) : null, images);
    }

    private static ObjectNode ks(KolmogorovSmirnov.Result r) {
        ObjectNode o = JSON.createObjectNode();
        put(o, "statistic", r.statistic());
        put(o, "probability", r.probability());
        put(o, "z", r.z());
        return o;
    }

    private static KolmogorovSmirnov.Result ks(JsonNode o) {
        return new KolmogorovSmirnov.Result(num(o, "statistic"), num(o, "probability"), num(o, "z"));
    }

    private static ObjectNode boundary(DecisionBoundary b) {
        ObjectNode o = JSON.createObjectNode();
        o.put("x_lo", b.xLo());
        o.put("x_hi", b.xHi());
        o.put("y_lo", b.yLo());
        o.put("y_hi", b.yHi());
        o.put("nx", b.nx());
        o.put("ny", b.ny());
        o.put("classes", b.classes());
        floats(o.putArray("values"), b.values());
        floats(o.putArray("points"), b.points());
        ArrayNode labels = o.putArray("labels");
        for (int l : b.labels()) {
            labels.add(l);
        }
        return o;
    }

    private static DecisionBoundary boundary(JsonNode o) {
        JsonNode l = o.get("labels");
        int[] labels = new int[l.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = l.get(i).asInt();
        }
        return new DecisionBoundary(num(o, "x_lo"), num(o, "x_hi"), num(o, "y_lo"), num(o, "y_hi"), o.get("nx").asInt(),
                o.get("ny").asInt(), o.get("classes").asInt(), floats(o.get("values")), floats(o.get("points")), labels);
    }

    static ObjectNode values(Map<String, Double> values) {
        ObjectNode o = JSON.createObjectNode();
        values.forEach((k, v) -> put(o, k, v));
        return o;
    }

    static Map<String, Double> values(JsonNode o, String... skip) {
        Map<String, Double> m = new LinkedHashMap<>();
        List<String> skipped = List.of(skip);
        o.fields().forEachRemaining(e -> {
            if (!skipped.contains(e.getKey()) && (e.getValue().isNumber() || e.getValue().isNull()
                    || e.getValue().isTextual() && e.getValue().asText().endsWith("Infinity"))) {
                m.put(e.getKey(), num(o, e.getKey()));
            }
        });
        return m;
    }

    /** NaN as null; ±∞ (a ROC curve's first threshold is +∞) as "Infinity" / "-Infinity", which asDouble() reads back. */
    private static void doubles(ArrayNode a, double[] v) {
        for (double x : v) {
            if (Double.isFinite(x)) {
                a.add(x);
            } else if (Double.isNaN(x)) {
                a.addNull();
            } else {
                a.add(x > 0 ? "Infinity" : "-Infinity");
            }
        }
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).isNull() ? Double.NaN : a.get(i).asDouble();
        }
        return v;
    }

    private static void floats(ArrayNode a, float[] v) {
        for (float x : v) {
            if (Float.isFinite(x)) {
                a.add(x);
            } else {
                a.addNull();
            }
        }
    }

    private static float[] floats(JsonNode a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).isNull() ? Float.NaN : (float) a.get(i).asDouble();
        }
        return v;
    }
}
