package org.layercanvas.cpu;

import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendConformanceTest;

/** Every op of the CPU backend against the reference, on 2 threads so the parallel GEMM path runs. */
class CpuBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend createBackend() {
        return new CpuBackend(2);
    }
}
