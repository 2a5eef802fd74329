package org.layercanvas.engine.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The registered {@link BackendProvider}s and the choice among them. */
public final class Backends {
    private final List<BackendProvider> providers;

    public Backends(List<BackendProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    public static Backends load(ClassLoader loader) {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(found::add);
        return new Backends(found);
    }

    public static Backends standard() {
        return load(Extensions.loader());
    }

    public List<BackendProvider> all() {
        return providers;
    }

    /** The provider named {@code name}, or for "auto" the available one with the highest priority. */
    public BackendProvider choose(String name) {
        if (name.equals("auto")) {
            return providers.stream().filter(p -> p.autoPriority() >= 0 && !p.devices().isEmpty())
                    .max(Comparator.comparingInt(BackendProvider::autoPriority))
                    .orElseThrow(() -> new IllegalStateException("no backend is available"));
        }
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend '" + name + "' (known: auto, "
                        + String.join(", ", providers.stream().map(BackendProvider::name).toList()) + ")"));
    }
}
