package org.layercanvas.engine.compile;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.Tensor;
import org.layercanvas.engine.validate.Problem;

/**
 * The compiler's allocations through one backend, counted by kind. Sizes are computed in long and a
 * tensor beyond a Java array's limit is refused naming its node, before any int could overflow.
 * With {@link #dryRun()} nothing is allocated at all: that is how {@link MemoryEstimate} is made.
 */
final class Allocations {
    enum Kind {
        PARAMETERS("a parameter"), GRADIENTS("a parameter gradient"), ACTIVATIONS("an output"),
        ACTIVATION_GRADIENTS("an output gradient"), SCRATCH("a scratch");

        /** As messages name a tensor of this kind. */
        final String article;

        Kind(String article) {
            this.article = article;
        }
    }

    private final String network;
    private final Backend backend;
    private final long[] counted = new long[Kind.values().length];
    private String node;
    private String nodeType;
    private Backend scratchBackend;

    Allocations(String network, Backend backend) {
        this.network = network;
        this.backend = backend;
    }

    /** A backend that allocates nothing: tensors know their size only, every op does nothing. */
    static Backend dryRun() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (proxy, m, args) ->
                switch (m.getName()) {
                    case "allocate" -> (Tensor) () -> (int) args[0];
                    case "name", "device" -> "estimate";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "estimate";
                    default -> defaultValue(m);
                });
    }

    /** What an op that does nothing returns: no backend op returns more than a flag or a number. */
    private static Object defaultValue(Method m) {
        Class<?> r = m.getReturnType();
        if (r == boolean.class) {
            return Boolean.FALSE;
        }
        if (r == int.class) {
            return 0;
        }
        if (r == long.class) {
            return 0L;
        }
        return null;
    }

    /** The node whose tensors follow, for messages. */
    void node(String id, String type) {
        node = id;
        nodeType = type;
    }

    Tensor allocate(Kind kind, long rows, long perRow) {
        long size = rows * perRow; // both are ints: the long product cannot overflow
        if (size > Shape.MAX_ELEMENTS) {
            throw tooLarge(kind.article + " tensor of " + rows + " × " + perRow + " = " + size + " values");
        }
        counted[kind.ordinal()] += size;
        return backend.allocate((int) size);
    }

    /**
     * The backend as a layer's {@code allocate} sees it: its tensors count as scratch. A layer that
     * multiplies sizes with {@code Math.multiplyExact} gets its overflow reported here too.
     */
    Backend forScratch() {
        if (scratchBackend == null) {
            scratchBackend = scratchBackend();
        }
        return scratchBackend;
    }

    private Backend scratchBackend() {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[]{Backend.class}, (proxy, m, args) -> {
            if (m.getName().equals("allocate")) {
                int size = (int) args[0];
                if (size < 0) {
                    throw tooLarge("a scratch tensor whose size overflows an int");
                }
                return allocate(Kind.SCRATCH, 1, size);
            }
            try {
                return m.invoke(backend, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** Runs a layer's scratch allocation, naming the node when its arithmetic overflows. */
    void scratch(Runnable allocate) {
        try {
            allocate.run();
        } catch (ArithmeticException e) {
            throw tooLarge("a scratch tensor whose size overflows an int");
        }
    }

    GraphException tooLarge(String what) {
        return new GraphException(network, List.of(new Problem(node, nodeType + " '" + node + "' needs " + what
                + ", more than a Java array holds (" + Shape.MAX_ELEMENTS + "): lower the batch size or this layer's size")));
    }

    Backend backend() {
        return backend;
    }

    long count(Kind kind) {
        return counted[kind.ordinal()];
    }
}
