package org.layercanvas.formats.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.layercanvas.engine.spi.Extensions;

/**
 * The adapters of one kind known to this process, by layer type; built-in adapters and plugins are
 * found the same way, as {@code LayerRegistry} finds layer types.
 *
 * @param <A> the kind of adapter, e.g. {@link OnnxAdapter}
 */
public final class AdapterRegistry<A extends FormatAdapter> {
    private static final Map<Class<?>, Extensions.Cached<AdapterRegistry<?>>> STANDARD = new ConcurrentHashMap<>();

    private final Map<String, A> byLayerType;

    /** @throws IllegalStateException two adapters of different classes speak for the same layer type */
    public AdapterRegistry(Collection<? extends A> adapters) {
        Map<String, A> byType = new LinkedHashMap<>();
        for (A a : adapters) {
            for (String type : a.layerTypes()) {
                A previous = byType.putIfAbsent(type, a);
                if (previous != null && previous.getClass() != a.getClass()) {
                    throw new IllegalStateException("two adapters speak for layer type '" + type + "': "
                            + previous.getClass().getName() + " and " + a.getClass().getName());
                }
            }
        }
        this.byLayerType = Collections.unmodifiableMap(byType);
    }

    /** Every adapter of kind {@code kind} registered with {@link ServiceLoader} on the given class loader. */
    public static <A extends FormatAdapter> AdapterRegistry<A> load(Class<A> kind, ClassLoader loader) {
        List<A> found = new ArrayList<>();
        ServiceLoader.load(kind, loader).forEach(found::add);
        return new AdapterRegistry<>(found);
    }

    /** The registry of kind {@code kind} on {@link Extensions}' loader: built-in adapters and loaded plugins. */
    @SuppressWarnings("unchecked")
    public static <A extends FormatAdapter> AdapterRegistry<A> standard(Class<A> kind) {
        return (AdapterRegistry<A>) STANDARD.computeIfAbsent(kind, k -> Extensions.cached(loader -> load(kind, loader))).get();
    }

    /** The adapter that speaks for layer type {@code type}, if any. */
    public Optional<A> forLayer(String type) {
        return Optional.ofNullable(byLayerType.get(type));
    }

    /** The layer types some adapter speaks for. */
    public Set<String> layerTypes() {
        return byLayerType.keySet();
    }

    /** Every adapter, once each, in the order they were found. */
    public Collection<A> all() {
        return Collections.unmodifiableCollection(new LinkedHashSet<>(byLayerType.values()));
    }
}
