package org.layercanvas.engine.reference;

import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendConformanceTest;

/** The conformance suite itself, run reference against reference: proves the harness works. */
class ReferenceBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend createBackend() {
        return new ReferenceBackend();
    }
}
