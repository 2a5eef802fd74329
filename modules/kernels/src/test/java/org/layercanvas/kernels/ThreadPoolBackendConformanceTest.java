package org.layercanvas.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendConformanceTest;

/** The same kernels on Aparapi's Java thread pool against the reference. */
class ThreadPoolBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend createBackend() {
        return AparapiBackend.threadPool();
    }

    @Override
    protected void checkRanWhereAsked() {
        AparapiBackend b = (AparapiBackend) backend;
        assertThat(b.name()).isEqualTo("jtp");
        assertThat(b.launches()).isPositive();
        assertThat(b.lastRanOnOpenCl()).as("last launch ran on OpenCL").isFalse();
    }
}
