package org.layercanvas.scripting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.layercanvas.engine.project.Project;

/**
 * The settings a sweep trains with. A grid gives each field a list of values and the sweep takes
 * every combination, in the order the fields are given. {@code random: N} draws N combinations
 * instead, each field's value from its list or from a range {@code {min, max}} ({@code log: true}
 * draws the exponent, as for learning rates); {@code seed} makes the draw repeatable.
 */
final class Sweep {
    private Sweep() {
    }

    static List<Map<String, Object>> combinations(Map<String, Object> axes, Map<String, Object> options) {
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one field to vary, like {\"training.optimizer.learning_rate\": [0.001, 0.01]}");
        }
        Object random = options.get("random");
        if (random != null) {
            int n = number(random, "random").intValue();
            if (n < 1) {
                throw new IllegalArgumentException("random must be at least 1, not " + random);
            }
            Random draw = new Random(options.containsKey("seed") ? number(options.get("seed"), "seed").longValue() : 0);
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<String, Object> c = new LinkedHashMap<>();
                axes.forEach((key, values) -> c.put(key, drawOne(key, values, draw)));
                out.add(c);
            }
            return out;
        }
        List<Map<String, Object>> out = List.of(new LinkedHashMap<>());
        for (Map.Entry<String, Object> axis : axes.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : out) {
                for (Object value : values(axis.getKey(), axis.getValue())) {
                    Map<String, Object> c = new LinkedHashMap<>(partial);
                    c.put(axis.getKey(), value);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }

    /** The seeds to train each combination with: the option's list, else the project's own seed. */
    static List<Object> seeds(Map<String, Object> options, Project project) {
        Object seeds = options.get("seeds");
        if (seeds == null) {
            return List.of(project.training() == null ? 0L : project.training().seed());
        }
        if (seeds instanceof List<?> l && !l.isEmpty()) {
            return new ArrayList<>(l);
        }
        throw new IllegalArgumentException("seeds must be a list of numbers, like [1, 2, 3], not " + seeds);
    }

    private static List<?> values(String key, Object values) {
        if (values instanceof List<?> l && !l.isEmpty()) {
            return l;
        }
        throw new IllegalArgumentException("the grid gives \"" + key + "\" " + values + ": give a list of values"
                + (values instanceof Map ? " (a range {min, max} needs random: N)" : ""));
    }

    private static Object drawOne(String key, Object values, Random draw) {
        if (values instanceof Map<?, ?> range) {
            double min = number(range.get("min"), key + ".min").doubleValue(), max = number(range.get("max"), key + ".max").doubleValue();
            if (!(min < max)) {
                throw new IllegalArgumentException("the range of \"" + key + "\" needs min < max, not " + min + " and " + max);
            }
            boolean log = Boolean.TRUE.equals(range.get("log"));
            if (log && min <= 0) {
                throw new IllegalArgumentException("a log range of \"" + key + "\" needs min > 0, not " + min);
            }
            double u = draw.nextDouble();
            return log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
        }
        List<?> l = values(key, values);
        return l.get(draw.nextInt(l.size()));
    }

    private static Number number(Object o, String what) {
        if (o instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(what + " must be a number, not " + o);
    }
}
