package org.layercanvas.editor.scene;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layercanvas.engine.api.WeightTensor;

/**
 * What a stepped batch puts on a layer of the canvas: small tensors (the lecture's 2-2-1 network) as their numbers, the
 * output, each parameter, its gradient (∇) and, after an update, its next value (→); larger parameters as the norm of
 * their gradient, which is where vanishing gradients show layer by layer. The step's tensors are sorted by layer once, so
 * the lines of every layer take one pass over them, not one per layer.
 */
final class StepValues {
    /** Tensors of at most this many values are written out in full. */
    static final int WRITTEN_OUT = 6;
    static final StepValues NONE = new StepValues(Map.of());
    /** Every tensor of the step by name, and each layer's own (its output, parameters and their gradients) in the step's order. */
    private final Map<String, WeightTensor> byName;
    private final Map<String, List<WeightTensor>> byNode = new HashMap<>();

    /** @param tensors the step's tensors by name ({@code id/output}, {@code id/weight.grad}, …), in the step's order */
    StepValues(Map<String, WeightTensor> tensors) {
        byName = Map.copyOf(tensors);
        for (WeightTensor t : tensors.values()) {
            // the layer is all before the last '/': a parameter's name has none, an imported layer's id may
            int slash = t.name().lastIndexOf('/');
            if (slash > 0) {
                byNode.computeIfAbsent(t.name().substring(0, slash), k -> new ArrayList<>()).add(t);
            }
        }
    }

    boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Layer {@code id}'s output in the step, or null. */
    WeightTensor output(String id) {
        return byName.get(id + "/output");
    }

    /** The lines for layer {@code id}. */
    List<String> lines(String id) {
        List<String> lines = new ArrayList<>();
        WeightTensor output = output(id);
        if (output != null && small(output)) {
            add(lines, "out", output);
            add(lines, "  ∇", byName.get(id + "/grad_output"));
        }
        String prefix = id + "/";
        for (WeightTensor t : byNode.getOrDefault(id, List.of())) {
            String name = t.name();
            if (t == output || name.equals(prefix + "grad_output") || name.endsWith(".grad") || name.endsWith(".next")) {
                continue;
            }
            String param = name.substring(prefix.length());
            WeightTensor grad = byName.get(name + ".grad"), next = byName.get(name + ".next");
            if (small(t)) {
                add(lines, param, t);
                add(lines, "  ∇", grad);
                add(lines, "  →", next);
            } else if (grad != null) {
                lines.add(param + " ‖∇‖ " + String.format("%.3g", norm(grad.values())));
            }
        }
        return lines;
    }

    static boolean small(WeightTensor t) {
        return t.values().length <= WRITTEN_OUT;
    }

    /**
     * Adds {@code t}'s numbers after {@code label}, a matrix row by row and a vector three to a line, so the layer keeps
     * its width; the label is blanked on the lines after the first.
     */
    private static void add(List<String> lines, String label, WeightTensor t) {
        if (t == null) {
            return;
        }
        int[] dims = t.shape().dims();
        int perLine = dims.length == 2 ? dims[1] : Math.min(3, Math.max(1, t.values().length));
        float[] v = t.values();
        String indent = " ".repeat(label.length());
        for (int from = 0; from < v.length; from += perLine) {
            StringBuilder s = new StringBuilder(from == 0 ? label : indent);
            for (int i = from; i < Math.min(v.length, from + perLine); i++) {
                s.append(' ').append(String.format("%.4g", v[i]));
            }
            lines.add(s.toString());
        }
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }
}
