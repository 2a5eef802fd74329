package org.layercanvas.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.device.OpenCLDevice;

/**
 * The first OpenCL device, or a failure: CI installs PoCL, so a missing device is an error there.
 * Only -Dlayercanvas.requireOpenCL=false turns it into a skip (a machine without OpenCL).
 */
final class OpenClRequirement {
    private OpenClRequirement() {
    }

    static OpenCLDevice firstDevice() {
        var devices = Devices.openCl();
        if (devices.isEmpty()) {
            boolean required = !"false".equals(System.getProperty("layercanvas.requireOpenCL"));
            assumeTrue(required, "no OpenCL device and layercanvas.requireOpenCL=false");
            throw new AssertionError("no OpenCL device found (" + String.join("; ", Devices.report())
                    + "): install pocl-opencl-icd, or run with -Dlayercanvas.requireOpenCL=false");
        }
        return devices.get(0);
    }
}
