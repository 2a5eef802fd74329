package org.layercanvas.engine.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Where the engine finds its services: layer types, dataset readers, model exporters and importers,
 * backends and format adapters, built-in and plugin alike. By default that is the engine's own class
 * loader (the built-ins and whatever else is on the class path); a host that loads plugins (the command
 * line's plugin folders, the application's module system) points it at a loader that sees them too,
 * and every registry built through {@link #cached} is built again from then on.
 */
public final class Extensions {
    /**
     * The plugin API version this engine implements (the specification version of the application's
     * libraries module, which plugins declare as their dependency): a plugin needing a higher one is refused.
     */
    public static final String API_VERSION = "1.0";

    private static volatile Scope scope = new Scope(Extensions.class.getClassLoader(), 0);
    private static final List<Runnable> LISTENERS = new CopyOnWriteArrayList<>();

    private record Scope(ClassLoader loader, long generation) {
    }

    private Extensions() {
    }

    /** The class loader services are looked up on. */
    public static ClassLoader loader() {
        return scope.loader();
    }

    /** Looks services up on {@code loader} from now on, and tells the {@link #onChange} listeners. */
    public static void use(ClassLoader loader) {
        synchronized (Extensions.class) {
            scope = new Scope(loader, scope.generation() + 1);
        }
        LISTENERS.forEach(Runnable::run);
    }

    /** Runs {@code listener} after each {@link #use}, on the thread that called it. */
    public static void onChange(Runnable listener) {
        LISTENERS.add(listener);
    }

    public static void removeOnChange(Runnable listener) {
        LISTENERS.remove(listener);
    }

    /** Every registered implementation of {@code service}, in class-path order. */
    public static <T> List<T> load(Class<T> service) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(service, loader()).forEach(found::add);
        return found;
    }

    /** A value built from the current loader by {@code build}, kept until the loader changes. */
    public static <T> Cached<T> cached(Function<ClassLoader, T> build) {
        return new Cached<>(build);
    }

    /** See {@link #cached}. */
    public static final class Cached<T> {
        private final Function<ClassLoader, T> build;
        private volatile Scope builtFor;
        private volatile T value;

        private Cached(Function<ClassLoader, T> build) {
            this.build = build;
        }

        public T get() {
            Scope now = scope;
            if (builtFor != now) {
                synchronized (this) {
                    if (builtFor != now) {
                        value = build.apply(now.loader());
                        builtFor = now;
                    }
                }
            }
            return value;
        }
    }
}
