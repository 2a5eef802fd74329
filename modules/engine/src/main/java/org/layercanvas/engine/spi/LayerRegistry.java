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
}
