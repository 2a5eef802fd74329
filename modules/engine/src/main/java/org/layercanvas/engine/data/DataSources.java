package org.layercanvas.engine.data;

import org.layercanvas.engine.api.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
        return reader(source.type()).read(source, baseDir);
    }

    /** The registered reader of {@code type}. */
    public static DatasetReader reader(String type) {
        for (DatasetReader r : Extensions.load(DatasetReader.class)) {
            if (r.type().equals(type)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown data source type '" + type + "' (known: " + String.join(", ", types()) + ")");
    }

    /** The fields of a {@code type} source that name files ({@link DatasetReader#pathFields}); none for an unknown type. */
    public static Set<String> pathFields(String type) {
        return Extensions.load(DatasetReader.class).stream().filter(r -> r.type().equals(type)).findFirst()
                .map(DatasetReader::pathFields).orElse(Set.of());
    }

    /** The source of the first registered reader that recognises {@code file}, with absolute paths. */
    public static Optional<DataSource> recognise(Path file) throws IOException {
        for (DatasetReader r : Extensions.load(DatasetReader.class)) {
            Optional<DataSource> source = r.recognise(file);
            if (source.isPresent()) {
                return source;
            }
        }
        return Optional.empty();
    }

    /** What the readers recognise, for messages: ".csv, .tsv and .txt tables; MNIST-style … ". */
    public static String recognisedFiles() {
        List<String> kinds = new ArrayList<>();
        Extensions.load(DatasetReader.class).forEach(r -> {
            if (!r.recognisedFiles().isEmpty()) {
                kinds.add(r.recognisedFiles());
            }
        });
        return String.join("; ", kinds);
    }
}
