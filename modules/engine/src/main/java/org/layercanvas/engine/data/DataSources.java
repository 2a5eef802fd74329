package org.layercanvas.engine.data;

import org.layercanvas.engine.api.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.Extensions;

/**
 * Reads a project's data source with the registered {@link DatasetReader} of its type, into memory or, for data
 * too large for it, streamed ({@link #open}).
 */
public final class DataSources {
    /**
     * Fields every source may have, handled here rather than by its reader: {@code "stream"} (true or false;
     * by default data that fills more than a quarter of the heap is streamed) and {@code "shuffle_buffer"}
     * (rows shuffled together when streaming; by default as many as a sixteenth of the heap holds).
     */
    public static final String STREAM = "stream", SHUFFLE_BUFFER = "shuffle_buffer";

    private DataSources() {
    }

    /** The types of every registered reader ("csv", "idx", …), for choosers. */
    public static List<String> types() {
        List<String> types = new ArrayList<>();
        Extensions.load(DatasetReader.class).forEach(r -> types.add(r.type()));
        return types;
    }

    /** The source's samples in memory. */
    public static Dataset load(DataSource source, Path baseDir) throws IOException {
        return reader(source.type()).read(readerFields(source), baseDir);
    }

    /**
     * The source's samples for training: in memory when they fit in a quarter of the heap (or the source
     * says {@code "stream": false}), else streamed from the file when its reader can (or the source says
     * {@code "stream": true}). The caller closes streamed samples.
     *
     * @throws IllegalArgumentException {@code "stream"} or {@code "shuffle_buffer"} is not what it should be, or
     *                                  {@code "stream": true} for a reader that cannot stream
     */
    public static Samples open(DataSource source, Path baseDir) throws IOException {
        Object stream = source.fields().get(STREAM), buffer = source.fields().get(SHUFFLE_BUFFER);
        String name = "data source " + Quoted.name(source.type()) + ": ";
        if (stream != null && !(stream instanceof Boolean)) {
            throw new IllegalArgumentException(name + Quoted.name(STREAM) + " must be true or false, not " + Quoted.of(stream));
        }
        if (buffer != null && !(buffer instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 1
                && n.doubleValue() <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(name + Quoted.name(SHUFFLE_BUFFER) + " must be a number of rows (1 or more), not " + Quoted.of(buffer));
        }
        DatasetReader reader = reader(source.type());
        DataSource fields = readerFields(source);
        if (Boolean.TRUE.equals(stream) && !reader.streams()) {
            throw new IllegalArgumentException(name + "this reader reads its files whole, so \"stream\": true cannot apply (hdf5, npy and parquet sources stream)");
        }
        if (Boolean.FALSE.equals(stream) || !reader.streams()) {
            return reader.read(fields, baseDir);
        }
        Runtime rt = Runtime.getRuntime();
        Samples samples = reader.open(fields, baseDir, stream == null ? rt.maxMemory() / 4 / Float.BYTES : 0);
        if (samples instanceof Dataset) {
            return samples;
        }
        int rowBytes = samples.featureShape().size() * Float.BYTES;
        int rows = buffer != null ? ((Number) buffer).intValue() : (int) Math.min(Integer.MAX_VALUE, Math.max(1, rt.maxMemory() / 16 / rowBytes));
        return new ShuffleBuffered(samples, rows);
    }

    /** The source without the fields {@link #open} handles, as its reader expects it. */
    private static DataSource readerFields(DataSource source) {
        Map<String, Object> fields = new LinkedHashMap<>(source.fields());
        fields.remove(STREAM);
        fields.remove(SHUFFLE_BUFFER);
        return new DataSource(source.type(), fields);
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
