package org.layercanvas.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendConformanceTest;

/**
 * Every kernel on the first OpenCL device (PoCL in CI) against the reference. The backend throws
 * when Aparapi runs a launch anywhere but OpenCL, so a silent fallback fails the test; the check
 * below also asks Aparapi where the last launch ran. Without any OpenCL device the test fails,
 * unless -Dlayercanvas.requireOpenCL=false.
 */
class OpenClBackendConformanceTest extends BackendConformanceTest {
    /**
     * Decided once for the class: an assumption in createBackend() would leave the base class's
     * backend null, and its @AfterEach close() would turn every skip into a NullPointerException.
     */
    @BeforeAll
    static void requireOpenCl() {
        OpenClRequirement.firstDevice();
    }

    @Override
    protected Backend createBackend() {
        return AparapiBackend.openCl(OpenClRequirement.firstDevice());
    }

    @Override
    protected void checkRanWhereAsked() {
        AparapiBackend b = (AparapiBackend) backend;
        assertThat(b.name()).isEqualTo("opencl");
        assertThat(b.device()).contains("OpenCL");
        assertThat(b.launches()).isPositive();
        assertThat(b.opsRun()).contains("copyOut");
        assertThat(b.lastRanOnOpenCl()).as("last launch ran on OpenCL").isTrue();
        if (b.tiled()) { // wherever a work-group holds a tile's work-items (PoCL's hold up to 4,096)
            assertThat(b.opsRun()).as("products on OpenCL run as the tiled GEMM").doesNotContain("gemm");
        }
    }
}
