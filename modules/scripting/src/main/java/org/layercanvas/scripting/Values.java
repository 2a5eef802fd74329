package org.layercanvas.scripting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * JavaScript values to the JSON-like Java values projects hold (Integer, Long, Double, Boolean,
 * String, List, Map), and Java results back to plain JavaScript objects and arrays, so that scripts
 * read {@code run.test.accuracy} and {@code run.epochs.length} as they would on any object.
 */
final class Values {
    private Values() {
    }

    static Object toJava(Value v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isNumber()) {
            return v.fitsInInt() ? (Object) v.asInt() : v.fitsInLong() ? (Object) v.asLong() : (Object) v.asDouble();
        }
        if (v.isHostObject()) {
            return v.asHostObject();
        }
        if (v.hasArrayElements()) {
            List<Object> list = new ArrayList<>();
            for (long i = 0; i < v.getArraySize(); i++) {
                list.add(toJava(v.getArrayElement(i)));
            }
            return list;
        }
        if (v.hasMembers()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (String key : v.getMemberKeys()) {
                map.put(key, toJava(v.getMember(key)));
            }
            return map;
        }
        throw new IllegalArgumentException("cannot use " + v + " here: give a number, string, boolean, array or object");
    }

    /** The options object a call takes ({epochs: 20}), empty when the script gave none. */
    static Map<String, Object> options(Value v, String call) {
        Object o = toJava(v);
        if (o == null) {
            return Map.of();
        }
        if (o instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> options = (Map<String, Object>) m;
            return options;
        }
        throw new IllegalArgumentException(call + " takes an object of options, like {epochs: 10}, not " + v);
    }

    static Object toScript(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> converted = new LinkedHashMap<>();
            m.forEach((k, value) -> converted.put(String.valueOf(k), toScript(value)));
            return ProxyObject.fromMap(converted);
        }
        if (o instanceof List<?> l) {
            return ProxyArray.fromList(new ArrayList<>(l.stream().map(Values::toScript).toList()));
        }
        return o;
    }
}
