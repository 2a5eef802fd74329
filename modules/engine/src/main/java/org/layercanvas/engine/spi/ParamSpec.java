package org.layercanvas.engine.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Declares one parameter: its Keras name, kind, default (null = required), description, allowed
 * choices and numeric bounds. {@link #coerce} turns a JSON-like value into the canonical Java value
 * or explains why it cannot.
 *
 * @param min inclusive lower bound for numbers (null = none)
 * @param max inclusive upper bound for numbers (null = none)
 */
public record ParamSpec(String name, ParamKind kind, Object defaultValue, String description,
                        List<String> choices, Double min, Double max) {
    public ParamSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static ParamSpec intParam(String name, Integer def, int min, String description) {
        return new ParamSpec(name, ParamKind.INT, def, description, List.of(), (double) min, null);
    }

    public static ParamSpec floatParam(String name, Double def, Double min, Double max, String description) {
        return new ParamSpec(name, ParamKind.FLOAT, def, description, List.of(), min, max);
    }

    public static ParamSpec boolParam(String name, boolean def, String description) {
        return new ParamSpec(name, ParamKind.BOOLEAN, def, description, List.of(), null, null);
    }

    public static ParamSpec choice(String name, String def, List<String> choices, String description) {
        return new ParamSpec(name, ParamKind.CHOICE, def, description, choices, null, null);
    }

    /** An int or a pair [rows, columns], each at least {@code min}. */
    public static ParamSpec pair(String name, Integer def, int min, String description) {
        return new ParamSpec(name, ParamKind.INT_OR_PAIR, def, description, List.of(), (double) min, null);
    }

    /** Pixels at the four sides of an image (see {@link ParamKind#SIDES}), each at least 0. */
    public static ParamSpec sides(String name, Integer def, String description) {
        return new ParamSpec(name, ParamKind.SIDES, def, description, List.of(), 0.0, null);
    }

    public static ParamSpec shape(String name, String description) {
        return new ParamSpec(name, ParamKind.SHAPE, null, description, List.of(), null, null);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /**
     * Returns the canonical value (Integer, Double, Boolean, String, or List of Integer for shapes and pairs).
     *
     * @throws IllegalArgumentException with a message fit for the user, naming the parameter
     */
    public Object coerce(Object value) {
        if (value == null) {
            throw bad("is missing");
        }
        return switch (kind) {
            case INT -> checkRange(asInt(value));
            case FLOAT -> {
                if (!(value instanceof Number n)) {
                    throw bad("must be a number, not " + describe(value));
                }
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw bad("must be finite");
                }
                checkRange(d);
                yield d;
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean b)) {
                    throw bad("must be true or false, not " + describe(value));
                }
                yield b;
            }
            case CHOICE -> asChoice(value);
            case INT_OR_CHOICE -> value instanceof String ? asChoice(value) : checkRange(asInt(value));
            case INT_OR_PAIR -> {
                if (!(value instanceof List<?> list)) {
                    yield checkRange(asInt(value));
                }
                if (list.size() != 2) {
                    throw bad("must be an integer or a pair [rows, columns] such as [3, 2], not " + describe(value));
                }
                yield List.of(checkRange(asInt(list.get(0))), checkRange(asInt(list.get(1))));
            }
            case SIDES -> {
                if (!(value instanceof List<?> list)) {
                    yield checkRange(asInt(value));
                }
                if (list.size() != 2 && list.size() != 4) {
                    throw bad("must be an integer, [rows, columns] or [top, bottom, left, right], not " + describe(value));
                }
                yield list.stream().map(o -> checkRange(asInt(o))).toList();
            }
            case SHAPE -> {
                if (!(value instanceof List<?> list) || list.isEmpty()) {
                    throw bad("must be a list of positive integers such as [28,28], not " + describe(value));
                }
                List<Integer> dims = new ArrayList<>();
                for (Object o : list) {
                    int d = asInt(o);
                    if (d <= 0) {
                        throw bad("must contain only positive integers, not " + describe(value));
                    }
                    dims.add(d);
                }
                yield List.copyOf(dims);
            }
        };
    }

    private int asInt(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long l = ((Number) value).longValue();
            if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
                throw bad("is too large: " + l);
            }
            return (int) l;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) {
            return (int) n.doubleValue();
        }
        throw bad("must be an integer, not " + describe(value));
    }

    private String asChoice(Object value) {
        if (!(value instanceof String s) || !choices.contains(s)) {
            throw bad("must be one of " + String.join(", ", choices) + (kind == ParamKind.INT_OR_CHOICE ? " or an integer" : "")
                    + ", not " + describe(value));
        }
        return s;
    }

    private <T extends Number> T checkRange(T n) {
        double d = n.doubleValue();
        if (min != null && d < min) {
            throw bad("must be at least " + trim(min) + ", not " + n);
        }
        if (max != null && d > max) {
            throw bad("must be at most " + trim(max) + ", not " + n);
        }
        return n;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("'" + name + "' " + why);
    }
}
