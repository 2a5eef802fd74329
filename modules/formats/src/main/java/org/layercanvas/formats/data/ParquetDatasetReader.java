package org.layercanvas.formats.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.parquet.column.ColumnReadStore;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.DummyRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Samples;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.DatasetReader;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;

/**
 * Parquet tables: {@code {"type": "parquet", "path": "events.parquet", "target": "is_signal", "features": ["pt", "eta"]}},
 * {@code features} optional (default: every other number column; text and nested columns are left out), optional
 * {@code "nan"}. Number columns (int32, int64, float, double, boolean) give features; a number target is kept as it
 * is, a text target becomes class indices in order of first appearance. A null is treated as NaN: refused naming
 * the row and column, or its row dropped with {@code "nan": "drop"}.
 *
 * <p>Read with parquet-hadoop's file reader (through parquet-floor's Hadoop stand-ins) one row group at a time, and
 * only the columns asked for, column by column into the feature array.
 */
public final class ParquetDatasetReader implements DatasetReader {
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    /** The compression codecs parquet-hadoop implements itself (see {@link #requireCodecs}). */
    private static final Set<CompressionCodecName> CODECS = EnumSet.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY,
            CompressionCodecName.ZSTD, CompressionCodecName.LZ4_RAW);

    @Override
    public String type() {
        return "parquet";
    }

    @Override
    public Dataset read(DataSource source, Path baseDir) throws IOException {
        Fields f = fields(source, baseDir);
        try (ParquetFileReader reader = open(f.file)) {
            Layout t = layout(reader, f);
            DataMemory.require(t.rows * (t.features.size() + 1), t.where);
            reader.setRequestedSchema(t.columns(true, true));
            Table table = new Table(t.where, (int) t.rows, t.features, t.target, f.nan.equals("refuse"));
            for (PageReadStore group = reader.readNextRowGroup(); group != null; group = reader.readNextRowGroup()) {
                table.add(t.store(group), group.getRowCount());
            }
            Dataset data = table.dataset();
            return NonFinite.apply(data, f.nan, t.where, t.targetWhere());
        } catch (RuntimeException | IOException e) {
            throw unreadable(Quoted.path(f.file), e);
        }
    }

    @Override
    public boolean streams() {
        return true;
    }

    /** The target column read into memory first; the feature columns then read one row group at a time as training visits them. */
    @Override
    public Samples open(DataSource source, Path baseDir, long inMemoryValues) throws IOException {
        Fields f = fields(source, baseDir);
        Layout t;
        Table targets;
        try (ParquetFileReader reader = open(f.file)) {
            t = layout(reader, f);
            reader.setRequestedSchema(t.columns(false, true));
            targets = new Table(t.where, (int) t.rows, List.of(), t.target, false);
            for (PageReadStore group = reader.readNextRowGroup(); group != null; group = reader.readNextRowGroup()) {
                targets.add(t.store(group), group.getRowCount());
            }
        } catch (RuntimeException | IOException e) {
            throw unreadable(Quoted.path(f.file), e);
        }
        float[] y = targets.targets();
        ParquetFileReader features = open(f.file);
        features.setRequestedSchema(t.columns(true, false));
        ParquetRows rows = new ParquetRows(features, t);
        return FileSamples.open(rows, (int) t.rows, Shape.of(t.features.size()), y, Shape.of(1), targets.classNames(), rows.chunkRows(), f.nan,
                t.where, t.targetWhere(), inMemoryValues, () -> read(source, baseDir));
    }

    /** A source's fields, checked. */
    private record Fields(Path file, String target, List<String> features, String nan) {
    }

    private Fields fields(DataSource source, Path baseDir) {
        SourceFields f = new SourceFields(source, Set.of("path", "target", "features", NonFinite.FIELD));
        return new Fields(f.path("path", baseDir), f.string("target", null), f.strings("features"), NonFinite.policy(f, type()));
    }

    /** What a source reads from its file: the feature and target columns, checked, and the row count. */
    record Layout(String where, MessageType schema, String createdBy, List<ParquetColumn> features, ParquetColumn target, long rows) {
        List<org.apache.parquet.column.ColumnDescriptor> columns(boolean withFeatures, boolean withTarget) {
            List<ParquetColumn> wanted = new ArrayList<>(withFeatures ? features : List.of());
            if (withTarget) {
                wanted.add(target);
            }
            return wanted.stream().map(ParquetColumn::descriptor).toList();
        }

        /** A row group's columns, ready to read value by value. */
        ColumnReadStore store(PageReadStore group) {
            return new ColumnReadStoreImpl(group, new DummyRecordConverter(schema).getRootConverter(), schema, createdBy);
        }

        String targetWhere() {
            return where + " column " + Quoted.name(target.name());
        }
    }

    private static Layout layout(ParquetFileReader reader, Fields f) throws DataFormatException {
        String where = Quoted.path(f.file);
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        List<ParquetColumn> columns = ParquetColumn.of(schema);
        ParquetColumn target = named(columns, f.target, where);
        if (!target.numeric() && !target.text()) {
            throw new DataFormatException(where + ": the target column " + Quoted.name(target.name()) + " is " + target.type() + ", which cannot be a target");
        }
        List<ParquetColumn> features = features(columns, f.features, target, where);
        long rows = reader.getRecordCount();
        if (rows == 0) {
            throw new DataFormatException(where + ": no data rows");
        }
        if (rows * features.size() > Shape.MAX_ELEMENTS) {
            throw new DataFormatException(where + ": " + rows + " rows of " + features.size() + " features are more than the "
                    + Shape.MAX_ELEMENTS + " values one array can hold; name fewer \"features\"");
        }
        List<ParquetColumn> wanted = new ArrayList<>(features);
        wanted.add(target);
        requireCodecs(reader.getFooter().getBlocks(), wanted, where);
        return new Layout(where, schema, reader.getFooter().getFileMetaData().getCreatedBy(), features, target, rows);
    }

    /** The rows as they arrive, one row group at a time, column by column. */
    private static final class Table {
        private final String where;
        private final List<ParquetColumn> features;
        private final ParquetColumn target;
        private final boolean refuse;
        private final float[] x, y;
        private final Map<String, Integer> classes = new LinkedHashMap<>();
        private int rows;

        /** With no features, the target column alone. */
        Table(String where, int rows, List<ParquetColumn> features, ParquetColumn target, boolean refuse) {
            this.where = where;
            this.features = features;
            this.target = target;
            this.refuse = refuse;
            x = new float[rows * features.size()];
            y = new float[rows];
        }

        void add(ColumnReadStore group, long count) throws DataFormatException {
            if (count > y.length - rows) {
                throw new DataFormatException(where + ": the row groups hold more rows than the file's " + y.length);
            }
            int n = (int) count, width = features.size();
            for (int c = 0; c < width; c++) {
                ColumnReader r = group.getColumnReader(features.get(c).descriptor());
                for (int i = 0; i < n; i++, r.consume()) {
                    x[(rows + i) * width + c] = number(r, features.get(c), rows + i);
                }
            }
            ColumnReader r = group.getColumnReader(target.descriptor());
            for (int i = 0; i < n; i++, r.consume()) {
                y[rows + i] = target.numeric() || target.isNull(r) ? number(r, target, rows + i)
                        : classes.computeIfAbsent(target.text(r), k -> classes.size());
            }
            rows += n;
        }

        /** The value, NaN for a null; either refused under "nan": "refuse", naming the row and column. */
        private float number(ColumnReader r, ParquetColumn column, int row) throws DataFormatException {
            boolean isNull = column.isNull(r);
            float v = isNull ? Float.NaN : column.number(r);
            if (refuse && !Float.isFinite(v)) {
                throw new DataFormatException(where + ": row " + row + ", column " + Quoted.name(column.name()) + " is " + (isNull ? "null" : v)
                        + " (set \"nan\": \"drop\" in the data source to leave such rows out)");
            }
            return v;
        }

        Dataset dataset() throws DataFormatException {
            return new Dataset(x, Shape.of(features.size()), targets(), Shape.of(1), rows, classNames());
        }

        /** The target of every row, once all row groups are added. */
        float[] targets() throws DataFormatException {
            if (rows != y.length) {
                throw new DataFormatException(where + ": the row groups hold " + rows + " rows but the file says " + y.length);
            }
            return y;
        }

        List<String> classNames() {
            return List.copyOf(classes.keySet());
        }
    }

    /**
     * Refuses compression that parquet-hadoop cannot undo without Hadoop (GZIP, BROTLI, LZO and Hadoop's LZ4 need
     * Hadoop's codec classes, and fail inside it with a NoSuchMethodError), naming the column and the way out.
     */
    private static void requireCodecs(List<BlockMetaData> groups, List<ParquetColumn> columns, String where) throws DataFormatException {
        for (BlockMetaData group : groups) {
            for (ColumnChunkMetaData chunk : group.getColumns()) {
                boolean wanted = columns.stream().anyMatch(c -> c.descriptor().getPath().length == chunk.getPath().size()
                        && Arrays.equals(c.descriptor().getPath(), chunk.getPath().toArray()));
                if (wanted && !CODECS.contains(chunk.getCodec())) {
                    throw new DataFormatException(where + ": column " + Quoted.name(chunk.getPath().toDotString()) + " is compressed with "
                            + chunk.getCodec() + ", which this reader cannot read (it reads SNAPPY, ZSTD, LZ4_RAW and uncompressed files;"
                            + " pandas: df.to_parquet(path, compression=\"snappy\"))");
                }
            }
        }
    }

    /** The named columns, each a number column; by default every number column but the target. */
    private static List<ParquetColumn> features(List<ParquetColumn> columns, List<String> names, ParquetColumn target, String where)
            throws DataFormatException {
        if (names == null) {
            List<ParquetColumn> numbers = columns.stream().filter(c -> c != target && c.numeric()).toList();
            if (numbers.isEmpty()) {
                throw new DataFormatException(where + ": no number columns besides the target " + Quoted.name(target.name()) + " (columns: "
                        + listing(columns) + ")");
            }
            return numbers;
        }
        List<ParquetColumn> features = new ArrayList<>();
        for (String name : names) {
            ParquetColumn c = named(columns, name, where);
            if (!c.numeric()) {
                throw new DataFormatException(where + ": column " + Quoted.name(name) + " is " + c.type() + "; features must be number columns (int32, int64, "
                        + "float, double, boolean)");
            }
            features.add(c);
        }
        return features;
    }

    private static ParquetColumn named(List<ParquetColumn> columns, String name, String where) throws DataFormatException {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new DataFormatException(where + ": no column named " + Quoted.name(name) + " (columns: " + listing(columns) + ")"));
    }

    private static String listing(List<ParquetColumn> columns) {
        return Quoted.shown(String.join(", ", columns.stream().map(ParquetColumn::name).toList()), 4 * Quoted.LIMIT);
    }

    /** A .parquet or .pq file, the last column its target (as for CSV tables). */
    @Override
    public Optional<DataSource> recognise(Path file) throws IOException {
        if (!isParquetName(file)) {
            return Optional.empty();
        }
        List<ParquetColumn> columns = columns(file);
        if (columns.isEmpty()) {
            throw new DataFormatException(Quoted.path(file) + ": has no columns");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("path", file.toAbsolutePath().normalize().toString());
        fields.put("target", columns.get(columns.size() - 1).name());
        return Optional.of(new DataSource(type(), fields));
    }

    @Override
    public String recognisedFiles() {
        return ".parquet and .pq tables";
    }

    /** "pt double [1000]": name, type and row count of each column. */
    @Override
    public List<String> contents(Path file) throws IOException {
        if (!isParquetName(file)) {
            return List.of();
        }
        String where = Quoted.path(file);
        try (ParquetFileReader reader = open(file)) {
            long rows = reader.getRecordCount();
            return ParquetColumn.of(reader.getFooter().getFileMetaData().getSchema()).stream()
                    .map(c -> Quoted.shown(c.name()) + " " + c.type() + " [" + rows + "]").toList();
        } catch (RuntimeException | IOException e) {
            throw unreadable(where, e);
        }
    }

    private static boolean isParquetName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".parquet") || name.endsWith(".pq");
    }

    private static List<ParquetColumn> columns(Path file) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            return ParquetColumn.of(reader.getFooter().getFileMetaData().getSchema());
        } catch (RuntimeException | IOException e) {
            throw unreadable(Quoted.path(file), e);
        }
    }

    /**
     * The file opened after checking its magic numbers ("PAR1" at the start and the end) ourselves: parquet-hadoop's
     * own complaint names an object instead of the file, and a file cut short loses its end first.
     */
    static ParquetFileReader open(Path file) throws IOException {
        FileErrors.requireFile(file);
        String where = Quoted.path(file);
        ByteBuffer head = ByteBuffer.allocate(4), tail = ByteBuffer.allocate(4);
        long size;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            size = channel.size();
            channel.read(head, 0);
            channel.read(tail, Math.max(0, size - 4));
        } catch (IOException e) {
            throw FileErrors.reading(file, e);
        }
        if (size < 12 || !head.flip().equals(ByteBuffer.wrap(MAGIC))) {
            throw new DataFormatException(where + ": not a Parquet file (it does not start with PAR1)");
        }
        if (!tail.flip().equals(ByteBuffer.wrap(MAGIC))) {
            throw new DataFormatException(where + ": the Parquet file is truncated (it does not end with PAR1)");
        }
        try {
            return ParquetFileReader.open(new LocalInputFile(file));
        } catch (RuntimeException | IOException e) {
            throw unreadable(where, e);
        }
    }

    /**
     * A failure inside parquet-hadoop, as a message naming the file. Once the file opened, its failures are bad
     * content: corrupt data comes as unchecked exceptions (ParquetDecodingException, "corrupted file") or as
     * IOExceptions of its metadata decoder; ours (DataFormatException) pass as they are.
     */
    static DataFormatException unreadable(String where, Exception e) {
        if (e instanceof DataFormatException ours) {
            return ours;
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new DataFormatException(where + ": the Parquet data is corrupt (" + Quoted.shown(reason, 2 * Quoted.LIMIT) + ")", e);
    }
}
