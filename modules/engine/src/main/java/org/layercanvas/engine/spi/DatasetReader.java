package org.layercanvas.engine.spi;

import java.io.IOException;
import java.nio.file.Path;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.DataSource;

/**
 * Reads one kind of data source ({@link #type()} matches {@code DataSource.type()}). Registered in
 * {@code META-INF/services/org.layercanvas.engine.spi.DatasetReader}.
 */
public interface DatasetReader {
    /** "csv", "idx", … */
    String type();

    /**
     * Reads the source. Paths in {@code source.fields()} are relative to {@code baseDir}.
     *
     * @throws DataFormatException bad content, with a message naming the file and row
     * @throws IOException         the file cannot be read
     */
    Dataset read(DataSource source, Path baseDir) throws IOException;
}
