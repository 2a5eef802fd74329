package org.layercanvas.cpu;

import org.layercanvas.engine.compile.NetworkConformanceTest;
import org.layercanvas.engine.spi.Backend;

/** Every layer type for a training step on the CPU backend (2 threads) against the reference. */
class CpuNetworkConformanceTest extends NetworkConformanceTest {
    @Override
    protected Backend createBackend() {
        return new CpuBackend(2);
    }
}
