package org.layercanvas.cli;

import java.util.concurrent.Callable;
import org.layercanvas.engine.spi.BackendProvider;
import org.layercanvas.engine.spi.Backends;
import picocli.CommandLine.Command;

/** {@code layercanvas devices}: what each backend found, and what "auto" picks. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List the compute devices each backend found.")
final class DevicesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Backends backends = Backends.standard();
        for (BackendProvider p : backends.all()) {
            System.out.println(p.name() + ": " + p.description());
            if (p.devices().isEmpty()) {
                System.out.println("    (no usable device)");
            }
            p.devices().forEach(d -> System.out.println("    " + d));
        }
        System.out.println("auto: " + backends.choose("auto").name());
        return 0;
    }
}
