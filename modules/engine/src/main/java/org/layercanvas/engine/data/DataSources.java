package org.layercanvas.engine.data;

import org.layercanvas.engine.api.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.Extensions;

/** Reads a project's data source with the registered {@link DatasetReader} of its type. */
public final class DataSources {
    private DataSources() {
    }

    /** The types of every registered reader ("csv", "idx", …), for choosers. */
    public static List<String> types() {
        List<String> types = new ArrayList<>();
        Extensions.load(DatasetReader.class).forEach(r -> types.add(r.type()));
        return types;
    }

    public static Dataset load(DataSource source, Path baseDir) throws IOException {
        List<String> known = new ArrayList<>();
        for (DatasetReader r : Extensions.load(DatasetReader.class)) {
            if (r.type().equals(source.type())) {
                return r.read(source, baseDir);
            }
            known.add(r.type());
        }
        throw new IllegalArgumentException("unknown data source type '" + source.type() + "' (known: " + String.join(", ", known) + ")");
    }
}
