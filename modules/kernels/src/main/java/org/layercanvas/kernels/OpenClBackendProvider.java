package org.layercanvas.kernels;

import com.aparapi.device.OpenCLDevice;
import java.util.List;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendProvider;

/**
 * Aparapi on OpenCL: the automatic choice when a GPU is present. OpenCL on a CPU (PoCL) is
 * selectable but never automatic: it reaches a few GFLOPS where the CPU backend reaches a hundred.
 */
public final class OpenClBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String description() {
        return "Aparapi kernels on OpenCL (a GPU, or the CPU through PoCL)";
    }

    @Override
    public List<String> devices() {
        return Devices.openCl().stream().map(Devices::describe).toList();
    }

    @Override
    public int autoPriority() {
        return Devices.hasOpenClGpu() ? 100 : -1;
    }

    @Override
    public Backend create() {
        List<OpenCLDevice> devices = Devices.openCl();
        if (devices.isEmpty()) {
            throw new IllegalStateException("no OpenCL device found (" + String.join("; ", Devices.report())
                    + "): install a GPU driver's OpenCL ICD, or pocl-opencl-icd for the CPU");
        }
        return AparapiBackend.openCl(devices.get(0));
    }
}
