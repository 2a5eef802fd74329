package org.layercanvas.engine.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The layer types known to this process, by name. Built-in types and plugins are found the same way. */
public final class LayerRegistry {
    private static final Extensions.Cached<LayerRegistry> STANDARD = Extensions.cached(LayerRegistry::load);

    private final Map<String, LayerType> types;

    public LayerRegistry(Collection<? extends LayerType> types) {
        Map<String, LayerType> byName = new LinkedHashMap<>();
        for (LayerType t : types) {
            LayerType previous = byName.putIfAbsent(t.name(), t);
            if (previous != null && previous.getClass() != t.getClass()) {
                throw new IllegalStateException("two layer types are named '" + t.name() + "': "
                        + previous.getClass().getName() + " and " + t.getClass().getName());
            }
        }
        this.types = Collections.unmodifiableMap(byName);
    }

    /** Every {@link LayerType} registered with {@link ServiceLoader} on the given class loader. */
    public static LayerRegistry load(ClassLoader loader) {
        List<LayerType> found = new ArrayList<>();
        ServiceLoader.load(LayerType.class, loader).forEach(found::add);
        return new LayerRegistry(found);
    }

    /** The registry of {@link Extensions}' loader: built-in layers and loaded plugins. */
    public static LayerRegistry standard() {
        return STANDARD.get();
    }

    public Optional<LayerType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public Collection<LayerType> all() {
        return types.values();
    }

    /**
     * The names a mistyped {@code name} may have meant, nearest first: those within a third of its length (at least two)
     * edits, letter case ignored, at most three.
     */
    public List<String> closest(String name) {
        String typed = name.toLowerCase(java.util.Locale.ROOT);
        int allowed = Math.max(2, typed.length() / 3);
        return types.keySet().stream().map(t -> Map.entry(t, edits(typed, t.toLowerCase(java.util.Locale.ROOT))))
                .filter(e -> e.getValue() <= allowed).sorted(Map.Entry.comparingByValue()).limit(3).map(Map.Entry::getKey).toList();
    }

    /** Levenshtein distance: insertions, deletions and substitutions that turn a into b. */
    private static int edits(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
