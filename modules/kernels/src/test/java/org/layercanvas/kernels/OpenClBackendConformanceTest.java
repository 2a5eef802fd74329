package org.layercanvas.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendConformanceTest;
import org.layercanvas.engine.spi.Tensor;

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

    /**
     * Products of half a tile of rows or more run as the tiled GEMM, fewer rows as the plain one, few values over many
     * k-steps split along k; the suite's shapes have all three.
     */
    @Test
    void eachProductRunsTheKernelMadeForItsShape() {
        AparapiBackend b = (AparapiBackend) backend;
        assertThat(b.tiled()).as("PoCL's work-groups hold a tile's 64 work-items").isTrue();
        Tensor a = backend.allocate(17 * 9), w = backend.allocate(9 * 5), c = backend.allocate(17 * 5);
        backend.gemm(false, false, 17, 5, 9, a, w, 0f, c);
        assertThat(b.opsRun()).contains("tiledGemm").doesNotContain("gemm");
        backend.gemm(false, false, 15, 5, 9, a, w, 0f, c);
        assertThat(b.opsRun()).contains("gemm").doesNotContain("partialGemm");
        Tensor x = backend.allocate(6 * 4096), y = backend.allocate(4096 * 25), dw = backend.allocate(6 * 25);
        backend.gemm(false, false, 6, 25, 4096, x, y, 0f, dw);
        assertThat(b.opsRun()).contains("partialGemm", "sumParts");
    }

    @Override
    protected void checkRanWhereAsked() {
        AparapiBackend b = (AparapiBackend) backend;
        assertThat(b.name()).isEqualTo("opencl");
        assertThat(b.device()).contains("OpenCL");
        assertThat(b.launches()).isPositive();
        assertThat(b.opsRun()).contains("copyOut");
        assertThat(b.lastRanOnOpenCl()).as("last launch ran on OpenCL").isTrue();
    }
}
