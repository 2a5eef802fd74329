package org.layercanvas.formats.python;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.Shape;

/**
 * Python identifiers for node ids: the id itself where Python allows it, else with every other
 * character replaced by '_', a leading digit prefixed, and a trailing '_' for keywords and names the
 * generated code or {@code torch.nn.Module} already use ("in" becomes "in_"); unique in the network.
 */
public final class PythonNames {
    private static final Set<String> RESERVED = Set.of(
            // keywords and the builtins the code calls
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else",
            "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield", "print", "range", "len", "super", "open", "dict", "list", "tuple", "float", "int",
            // what the generated modules import or define
            "torch", "nn", "F", "np", "tf", "keras", "layers", "json", "os", "struct", "sys", "self", "Net", "Elementwise",
            "ElementwiseRNN", "ElementwiseLSTM", "ElementwiseGRU", "step", "sign", "load_weights", "keras_weights", "build_model", "set_weights", "main",
            "leaky_relu", "abs_", "exponential_", "WEIGHTS", "inputs", "outputs", "model", "here", "t",
            // attributes of torch.nn.Module a layer must not shadow
            "T_destination", "add_module", "apply", "bfloat16", "buffers", "children", "cpu", "cuda", "double", "dump_patches", "eval",
            "extra_repr", "forward", "get_buffer", "get_extra_state", "get_parameter", "get_submodule", "half", "ipu", "load_state_dict",
            "modules", "named_buffers", "named_children", "named_modules", "named_parameters", "parameters", "register_backward_hook",
            "register_buffer", "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
            "register_full_backward_pre_hook", "register_load_state_dict_post_hook", "register_module", "register_parameter",
            "requires_grad_", "set_extra_state", "share_memory", "state_dict", "to", "to_empty", "train", "training", "type", "xpu",
            "zero_grad", "compile", "mtia", "call_super_init");

    private PythonNames() {
    }

    /** A Python identifier for each id, in the order given. */
    static Map<String, String> of(List<String> ids) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        Map<String, Integer> next = new HashMap<>();
        for (String id : ids) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < id.length(); i++) {
                char ch = id.charAt(i);
                b.append(ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_') ? ch : '_');
            }
            String name = b.toString();
            if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
                name = "n_" + name;
            }
            // names starting with '_' could shadow nn.Module internals (_modules, _parameters, …)
            if (name.startsWith("_")) {
                name = "n" + name;
            }
            if (RESERVED.contains(name)) {
                name = name + "_";
            }
            String base = name;
            while (!used.add(name)) {
                int k = next.merge(base, 1, Integer::sum) + 1;
                name = base + "_" + k;
            }
            out.put(id, name);
        }
        return out;
    }

    /** {@code s} as a Python string literal. */
    public static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 32) {
                        b.append(String.format("\\x%02x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A double as a Python float literal that reads back as the same value. */
    public static String number(double x) {
        return Double.toString(x).replace('E', 'e');
    }

    /** A sample shape with the batch, for comments: [N, d1, d2, …]. */
    public static String shape(Shape s) {
        StringBuilder b = new StringBuilder("[N");
        for (int d : s.dims()) {
            b.append(", ").append(d);
        }
        return b.append(']').toString();
    }

    /** A Python tuple of ints: (3,) or (2, 3). */
    public static String tuple(int... dims) {
        return dims.length == 1 ? "(" + dims[0] + ",)"
                : java.util.Arrays.stream(dims).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }
}
