package org.layercanvas.engine.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Samples;

/**
 * Reads one kind of data source ({@link #type()} matches {@code DataSource.type()}). Registered in
 * {@code META-INF/services/org.layercanvas.engine.spi.DatasetReader}.
 *
 * <p>Besides {@link #read}, a reader may recognise its files ({@link #recognise}), so that New Project
 * from Data…, {@code layercanvas new} and {@code layercanvas data} work on them, and say what a file
 * holds ({@link #contents}) for the data preview.
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

    /**
     * The source's samples for data that may not fit in memory: in memory, as {@link #read} gives them, when they
     * hold at most {@code inMemoryValues} values (features and targets together; 0 streams whatever the size);
     * else, from readers that can read a file's rows by ranges, streamed from it (checked as {@link #read} checks
     * them, before they are returned). Readers decide from the file's headers, before reading its data, so data
     * that fits is read once. Others read the file whole. {@code DataSources} sets the bound from the heap and the
     * source's {@code "stream"} field.
     */
    default Samples open(DataSource source, Path baseDir, long inMemoryValues) throws IOException {
        return read(source, baseDir);
    }

    /** Whether {@link #open} streams (true for readers that override it to): {@code "stream": true} is refused otherwise, before reading. */
    default boolean streams() {
        return false;
    }

    /**
     * The fields of this reader's sources that name files, relative to the project's folder: the
     * editor offers a file chooser for them and moves them with the project. Fields that name
     * something inside a file (an HDF5 dataset, a column) are not among them.
     */
    default Set<String> pathFields() {
        return Set.of("path");
    }

    /**
     * A source that reads {@code file} with this reader, with absolute paths and the reader's best
     * guess of features and target, when the file is one of this reader's (by its name, or its first
     * bytes); empty otherwise. Recognising may look into the file but should not read it through.
     *
     * @throws DataFormatException the file is one of this reader's kind but cannot be used (naming why)
     */
    default Optional<DataSource> recognise(Path file) throws IOException {
        return Optional.empty();
    }

    /** The kinds of file {@link #recognise} accepts, for messages: ".csv, .tsv and .txt tables". Empty if none. */
    default String recognisedFiles() {
        return "";
    }

    /**
     * What {@code file} holds as this reader sees it, one line per dataset or column with its type
     * and shape ("/jets/pt float32 [100000]"), for {@code layercanvas data} and the preview. Empty
     * when the reader has nothing to say beyond what it reads.
     */
    default List<String> contents(Path file) throws IOException {
        return List.of();
    }
}
