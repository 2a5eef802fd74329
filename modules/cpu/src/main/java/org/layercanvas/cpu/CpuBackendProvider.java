package org.layercanvas.cpu;

import java.util.List;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendProvider;

/** The CPU backend: the default when no OpenCL GPU is present. */
public final class CpuBackendProvider implements BackendProvider {
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
        return List.of("CPU: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + Gemm.S.vectorBitSize() + "-bit vectors");
    }

    @Override
    public int autoPriority() {
        return 50;
    }

    @Override
    public Backend create() {
        return new CpuBackend();
    }
}
