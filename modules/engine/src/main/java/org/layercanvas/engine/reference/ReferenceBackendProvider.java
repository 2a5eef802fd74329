package org.layercanvas.engine.reference;

import java.util.List;
import org.layercanvas.engine.spi.Backend;
import org.layercanvas.engine.spi.BackendProvider;

/** The reference backend as a choice: always there, never picked automatically (it is slow). */
public final class ReferenceBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "java";
    }

    @Override
    public String description() {
        return "Java reference: plain loops in double precision, for checking other backends";
    }

    @Override
    public List<String> devices() {
        return List.of("Java reference (double precision, 1 thread)");
    }

    @Override
    public int autoPriority() {
        return 0;
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
