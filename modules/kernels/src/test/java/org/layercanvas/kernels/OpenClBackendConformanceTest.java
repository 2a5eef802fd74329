package org.layercanvas.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendConformanceTest;

/**
 * Every kernel on the first OpenCL device (PoCL in CI) against the reference. The backend throws
 * when Aparapi runs a launch anywhere but OpenCL, so a silent fallback fails the test. Without any
 * OpenCL device the test fails too, unless -Dlayercanvas.requireOpenCL=false.
 */
class OpenClBackendConformanceTest extends BackendConformanceTest {
    @Override
    protected Backend createBackend() {
        boolean required = !"false".equals(System.getProperty("layercanvas.requireOpenCL"));
        if (Devices.openCl().isEmpty()) {
            assumeFalse(!required, "no OpenCL device and layercanvas.requireOpenCL=false");
            throw new AssertionError("no OpenCL device found: install pocl-opencl-icd (or run with -Dlayercanvas.requireOpenCL=false)");
        }
        return new OpenClBackendProvider().create();
    }

    @Override
    protected void checkRanWhereAsked() {
        assertThat(backend.name()).isEqualTo("opencl");
        assertThat(((AparapiBackend) backend).launches()).isPositive();
    }
}
