package org.layercanvas.kernels;

import java.util.List;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendProvider;

/** Aparapi's Java thread pool running the same kernels: portable, slow, never automatic. */
public final class ThreadPoolBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "jtp";
    }

    @Override
    public String description() {
        return "Aparapi kernels on Aparapi's Java thread pool (no OpenCL needed)";
    }

    @Override
    public List<String> devices() {
        return List.of("Java thread pool, " + Runtime.getRuntime().availableProcessors() + " threads");
    }

    @Override
    public int autoPriority() {
        return -1;
    }

    @Override
    public Backend create() {
        return AparapiBackend.threadPool();
    }
}
