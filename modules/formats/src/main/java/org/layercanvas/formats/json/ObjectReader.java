package org.layercanvas.formats.json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;

/**
 * Reads the fields of one JSON object, knowing its path (e.g. {@code networks[0].nodes[2]}) so
 * every error names file, line, column and path. {@link #finish()} rejects fields nobody asked for.
 */
public final class ObjectReader {
    private final Path file;
    private final String path;
    private final Located.Obj obj;
    private final Set<String> read = new HashSet<>();

    public ObjectReader(Path file, String path, Located value) throws DataFormatException {
        this.file = file;
        this.path = path;
        if (!(value instanceof Located.Obj o)) {
            throw error(value, "must be an object");
        }
        this.obj = o;
    }

    public String path() {
        return path;
    }

    public boolean has(String name) {
        return obj.fields().containsKey(name);
    }

    public Located raw(String name) {
        read.add(name);
        return obj.fields().get(name);
    }

    public String string(String name, String defaultValue) throws DataFormatException {
        Located v = raw(name);
        if (v == null) {
            return require(name, defaultValue);
        }
        if (v instanceof Located.Scalar s && s.value() instanceof String str) {
            return str;
        }
        throw error(v, child(name), "must be a string");
    }

    public int integer(String name, Integer defaultValue) throws DataFormatException {
        Located v = raw(name);
        if (v == null) {
            return require(name, defaultValue);
        }
        if (v instanceof Located.Scalar s && s.value() instanceof Integer i) {
            return i;
        }
        throw error(v, child(name), "must be an integer");
    }

    public long longValue(String name, Long defaultValue) throws DataFormatException {
        Located v = raw(name);
        if (v == null) {
            return require(name, defaultValue);
        }
        if (v instanceof Located.Scalar s && (s.value() instanceof Integer || s.value() instanceof Long)) {
            return ((Number) s.value()).longValue();
        }
        throw error(v, child(name), "must be an integer");
    }

    public Double number(String name, Double defaultValue) throws DataFormatException {
        Located v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Located.Scalar s && s.value() instanceof Number n) {
            return n.doubleValue();
        }
        throw error(v, child(name), "must be a number");
    }

    public boolean bool(String name, boolean defaultValue) throws DataFormatException {
        Located v = raw(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Located.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        throw error(v, child(name), "must be true or false");
    }

    /** The object under {@code name}, or null when absent. */
    public ObjectReader object(String name, boolean required) throws DataFormatException {
        Located v = raw(name);
        if (v == null) {
            if (required) {
                throw missing(name);
            }
            return null;
        }
        return new ObjectReader(file, child(name), v);
    }

    /** The objects of the array under {@code name}; empty when absent and not required. */
    public List<ObjectReader> objects(String name, boolean required) throws DataFormatException {
        Located v = raw(name);
        if (v == null) {
            if (required) {
                throw missing(name);
            }
            return List.of();
        }
        if (!(v instanceof Located.Arr a)) {
            throw error(v, child(name), "must be an array");
        }
        List<ObjectReader> out = new ArrayList<>();
        for (int i = 0; i < a.items().size(); i++) {
            out.add(new ObjectReader(file, child(name) + "[" + i + "]", a.items().get(i)));
        }
        return out;
    }

    public List<String> strings(String name) throws DataFormatException {
        Located v = raw(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Located.Arr a)) {
            throw error(v, child(name), "must be an array of strings");
        }
        for (Located item : a.items()) {
            if (!(item instanceof Located.Scalar s && s.value() instanceof String str)) {
                throw error(item, child(name), "must be an array of strings");
            }
            out.add(str);
        }
        return out;
    }

    /** Every field not read yet, as plain Java values (free-form sections such as params). */
    public Map<String, Object> rest() throws DataFormatException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Located> e : obj.fields().entrySet()) {
            if (read.add(e.getKey())) {
                out.put(e.getKey(), plain(e.getValue(), child(Quoted.shown(e.getKey()))));
            }
        }
        return out;
    }

    private Object plain(Located v, String at) throws DataFormatException {
        if (v instanceof Located.Scalar s) {
            if (s.value() == null) {
                throw error(v, at, "must not be null");
            }
            return s.value();
        }
        if (v instanceof Located.Arr a) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < a.items().size(); i++) {
                list.add(plain(a.items().get(i), at + "[" + i + "]"));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, Located> e : ((Located.Obj) v).fields().entrySet()) {
            map.put(e.getKey(), plain(e.getValue(), at + "." + Quoted.shown(e.getKey())));
        }
        return map;
    }

    /** Fails on the first field that was never read: an unknown field is an error, not silently dropped. */
    public void finish() throws DataFormatException {
        for (String name : obj.fields().keySet()) {
            if (!read.contains(name)) {
                int[] at = obj.keyPositions().get(name);
                throw new DataFormatException(Quoted.path(file) + ":" + at[0] + ":" + at[1] + ": " + child(Quoted.shown(name)) + ": unknown field " + Quoted.name(name));
            }
        }
    }

    public DataFormatException error(String message) {
        return error(obj, path, message);
    }

    public DataFormatException error(Located at, String message) {
        return error(at, path, message);
    }

    public DataFormatException fieldError(String name, String message) {
        Located v = obj.fields().get(name);
        return error(v == null ? obj : v, child(name), message);
    }

    private DataFormatException error(Located at, String where, String message) {
        return new DataFormatException(Quoted.path(file) + ":" + at.line() + ":" + at.column() + ": " + (where.isEmpty() ? "" : where + ": ") + message);
    }

    private DataFormatException missing(String name) {
        return error(obj, path, "missing required field '" + name + "'");
    }

    private <T> T require(String name, T defaultValue) throws DataFormatException {
        if (defaultValue == null) {
            throw missing(name);
        }
        return defaultValue;
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
