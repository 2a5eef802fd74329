package org.layercanvas.cpu;

import java.util.List;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendProvider;

/** The CPU backend: the default when no OpenCL GPU is present. */
public final class CpuBackendProvider implements BackendProvider {
    /**
     * Whether this JVM was started with the Vector API ({@code --add-modules=jdk.incubator.vector}); without it the backend's
     * classes cannot load, so it offers no device and "auto" chooses another backend.
     */
    private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "CPU with the Java Vector API (SIMD GEMM, multithreaded)";
    }

    @Override
    public List<String> devices() {
        return !VECTOR_API ? List.of() : List.of("CPU: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + Gemm.S.vectorBitSize() + "-bit vectors");
    }

    @Override
    public int autoPriority() {
        return 50;
    }

    @Override
    public Backend create() {
        if (!VECTOR_API) {
            throw new IllegalStateException("the cpu backend needs the Java Vector API: start Java with --add-modules=jdk.incubator.vector, "
                    + "or choose another backend (--backend auto)");
        }
        return new CpuBackend();
    }
}
