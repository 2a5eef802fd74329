package org.layercanvas.kernels;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import java.util.List;

/**
 * The OpenCL devices Aparapi can see. {@code OpenCLDevice.listDevices} is the only reliable test:
 * Aparapi's own device choice falls back to its thread pool without a word when OpenCL is missing.
 */
public final class Devices {
    private Devices() {
    }

    /** Every OpenCL device, GPUs first; empty when no OpenCL runtime or driver is installed. */
    public static List<OpenCLDevice> openCl() {
        try {
            if (!OpenCLLoader.isOpenCLAvailable()) {
                return List.of();
            }
            List<OpenCLDevice> all = new java.util.ArrayList<>(OpenCLDevice.listDevices(null));
            all.sort(java.util.Comparator.comparing(d -> d.getType() == Device.TYPE.GPU ? 0 : 1));
            return all;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return List.of();
        }
    }

    public static boolean hasOpenClGpu() {
        return openCl().stream().anyMatch(d -> d.getType() == Device.TYPE.GPU);
    }

    public static String describe(OpenCLDevice d) {
        return d.getName().trim() + " (" + d.getOpenCLPlatform().getName().trim() + " OpenCL " + d.getType()
                + ", " + d.getMaxComputeUnits() + " compute units, " + (d.getGlobalMemSize() >> 20) + " MiB)";
    }
}
