package org.layercanvas.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {
    @Option(names = "--verbose", description = "Show stack traces with error messages.")
    boolean verbose;

    @Option(names = "--backend", defaultValue = "auto", paramLabel = "NAME",
            description = "auto (OpenCL GPU if there is one, else cpu), cpu, opencl, jtp or java. Default: ${DEFAULT-VALUE}.")
    String backend;
}
