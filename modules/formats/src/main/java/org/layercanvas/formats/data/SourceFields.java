package org.layercanvas.formats.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;
import org.layercanvas.formats.spi.RemoteFiles;

/** Checked access to a data source's fields: unknown or mistyped fields are refused by name. */
final class SourceFields {
    /** scheme://…, the scheme at least two letters long (a Windows drive letter is no scheme) */
    private static final java.util.regex.Pattern REMOTE = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+://.+");
    private final DataSource source;

    SourceFields(DataSource source, Set<String> allowed) {
        this.source = source;
        for (String name : source.fields().keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("data source " + Quoted.name(source.type()) + " has no field " + Quoted.name(name) + " (fields: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /**
     * Field {@code name} as a file: a path relative to {@code baseDir} or absolute, a {@code file:} URI, or a URI of another
     * file system, read through the {@link RemoteFiles} service that reads its scheme (a local copy).
     */
    Path path(String name, Path baseDir) {
        String path = string(name, null);
        java.net.URI uri = REMOTE.matcher(path).matches() ? java.net.URI.create(path) : null;
        if (uri != null && !uri.getScheme().equalsIgnoreCase("file")) {
            return RemoteCopies.localCopy(uri, "data source " + Quoted.name(source.type()) + ": " + Quoted.name(name));
        }
        try {
            if (uri != null) {
                return Path.of(uri);
            }
            return baseDir.resolve(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("data source '" + source.type() + "': '" + name + "': " + FileErrors.badPath(path, e).getMessage(), e);
        }
    }

    String string(String name, String defaultValue) {
        Object v = source.fields().get(name);
        if (v == null) {
            if (defaultValue == null) {
                throw new IllegalArgumentException("data source '" + source.type() + "' needs the field '" + name + "'");
            }
            return defaultValue;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("data source '" + source.type() + "': '" + name + "' must be a string, not " + Quoted.of(v));
        }
        return s;
    }

    boolean bool(String name, boolean defaultValue) {
        Object v = source.fields().get(name);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("data source '" + source.type() + "': '" + name + "' must be true or false, not " + Quoted.of(v));
        }
        return b;
    }

    Object raw(String name) {
        return source.fields().get(name);
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String name) {
        Object v = source.fields().get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l) || l.stream().anyMatch(o -> !(o instanceof String))) {
            throw new IllegalArgumentException("data source '" + source.type() + "': '" + name + "' must be a list of column names");
        }
        return (List<String>) v;
    }

    Map<String, Object> all() {
        return source.fields();
    }
}
