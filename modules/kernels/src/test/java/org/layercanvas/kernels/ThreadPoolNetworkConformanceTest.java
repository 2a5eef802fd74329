package org.layercanvas.kernels;

import org.layercanvas.engine.compile.NetworkConformanceTest;
import org.layercanvas.engine.spi.Backend;

/** Every layer type for a training step on Aparapi's Java thread pool against the reference. */
class ThreadPoolNetworkConformanceTest extends NetworkConformanceTest {
    @Override
    protected Backend createBackend() {
        return AparapiBackend.threadPool();
    }
}
