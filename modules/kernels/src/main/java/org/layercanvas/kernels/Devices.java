package org.layercanvas.kernels;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The OpenCL devices Aparapi can see, best first (GPU, accelerator, CPU).
 * {@code OpenCLDevice.listDevices} is the only reliable test: Aparapi's own device choice falls back
 * to its thread pool without a word when OpenCL is missing.
 */
public final class Devices {
    private Devices() {
    }

    /** Whether Aparapi loaded an OpenCL runtime (libOpenCL); devices may still be absent (no ICD). */
    public static boolean openClAvailable() {
        try {
            return OpenCLLoader.isOpenCLAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Found once: see {@link #openCl()}. */
    private static List<OpenCLDevice> found;

    /**
     * Every OpenCL device, GPUs first, then accelerators, then CPUs; empty when no OpenCL runtime or driver
     * is installed. Looked up once per process and under a lock: Aparapi's native platform query is not
     * thread-safe (two threads listing devices at once, the welcome page and a training start, crashed the
     * JVM in libc), and the devices do not change while the application runs.
     */
    public static synchronized List<OpenCLDevice> openCl() {
        if (found == null) {
            found = discover();
        }
        return found;
    }

    private static List<OpenCLDevice> discover() {
        if (!openClAvailable()) {
            return List.of();
        }
        try {
            List<OpenCLDevice> all = new ArrayList<>(OpenCLDevice.listDevices(null));
            all.sort(Comparator.comparingInt(Devices::rank));
            return List.copyOf(all);
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
    }

    private static int rank(OpenCLDevice d) {
        return d.getType() == Device.TYPE.GPU ? 0 : d.getType() == Device.TYPE.CPU ? 2 : 1;
    }

    public static boolean hasOpenClGpu() {
        return openCl().stream().anyMatch(d -> d.getType() == Device.TYPE.GPU);
    }

    /** E.g. "pthread-skylake-avx512-AMD EPYC (Portable Computing Language OpenCL CPU, 2 compute units, 22528 MiB)". */
    public static String describe(OpenCLDevice d) {
        return d.getName().trim() + " (" + d.getOpenCLPlatform().getName().trim() + " OpenCL " + d.getType()
                + ", " + d.getMaxComputeUnits() + " compute units, " + (d.getGlobalMemSize() >> 20) + " MiB)";
    }

    /** What was found, one line each, for messages and tests. */
    public static List<String> report() {
        List<String> lines = new ArrayList<>();
        List<OpenCLDevice> devices = openCl();
        if (!openClAvailable()) {
            lines.add("OpenCL: not available (no libOpenCL); Aparapi kernels can only run on the Java thread pool");
        } else if (devices.isEmpty()) {
            lines.add("OpenCL: runtime loaded but no device (no ICD installed? e.g. pocl-opencl-icd for the CPU)");
        } else {
            lines.add("OpenCL: " + devices.size() + " device(s)");
        }
        devices.forEach(d -> lines.add("  " + describe(d)));
        lines.add("Aparapi would use: " + (devices.isEmpty() ? "Java thread pool" : describe(devices.get(0))));
        return lines;
    }
}
