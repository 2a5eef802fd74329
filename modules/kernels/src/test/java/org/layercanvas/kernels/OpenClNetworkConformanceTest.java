package org.layercanvas.kernels;

import org.junit.jupiter.api.BeforeAll;
import org.layercanvas.engine.compile.NetworkConformanceTest;
import org.layercanvas.engine.spi.Backend;

/** Every layer type for a training step on the first OpenCL device (PoCL in CI) against the reference; see {@link OpenClBackendConformanceTest}. */
class OpenClNetworkConformanceTest extends NetworkConformanceTest {
    @BeforeAll
    static void requireOpenCl() {
        OpenClRequirement.firstDevice();
    }

    @Override
    protected Backend createBackend() {
        return AparapiBackend.openCl(OpenClRequirement.firstDevice());
    }
}
